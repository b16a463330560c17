import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';
import {countsLine} from './blank.js';

afterEach(removeCopies);

const fence = (language: string, body: string) => `\`\`\`${language}\n${body}\n\`\`\`\n\n`;

describe('documents as people write them', () => {
	it('reads a file saved with a byte-order mark: its steps run, and --update keeps the mark', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'bom.md');
		writeFileSync(file, `\uFEFF---\ntitle: Marked\n---\n\n${fence('sh', 'false')}${fence('sh', 'echo new')}${fence('output', 'old')}`);
		const failing = runbook(['test', 'bom.md'], {cwd: dir});
		expect(failing.code).toBe(1);
		expect(failing.stdout).toContain('Marked (bom.md)');
		expect(countsLine(failing.stdout)).toBe('0 passed, 2 failed (time)');
		runbook(['test', '--update', 'bom.md'], {cwd: dir});
		expect(readFileSync(file, 'utf8')).toBe(`\uFEFF---\ntitle: Marked\n---\n\n${fence('sh', 'false')}${fence('sh', 'echo new')}${fence('output', 'new')}`);
	});

	it('refuses a runbook with no step, naming the blocks that look like commands', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'nothing.md'), `# Notes\n\n${fence('terminal', '$ docker ps')}${fence('', '$ ls\nfile')}${fence('python', 'print(1)')}`);
		const ran = runbook(['test', 'nothing.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('nothing.md:1:1: no step: nothing in this runbook runs');
		expect(ran.stderr).toContain('line 3 (```terminal is not a language runbook runs');
		expect(ran.stderr).toContain('line 7 (`$ ` lines with no language: ```console runs them as a transcript)');
		expect(ran.stderr).not.toContain('line 12');
		expect(runbook(['check', 'nothing.md'], {cwd: dir}).code).toBe(2);
	});

	it('runs blocks whatever the case of their language, and GitHub\'s shell-session transcripts', () => {
		const dir = fixtureCopy();
		const markdown = fence('Bash', 'echo bash') + fence('output', 'bash') + fence('shell-session', '$ echo session\nsession') + fence('ShellSession', '$ echo other\nother') + fence('console', 'a pasted log, no command');
		writeFileSync(path.join(dir, 'names.md'), markdown);
		const ran = runbook(['test', 'names.md'], {cwd: dir});
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(0);
		expect(countsLine(ran.stdout)).toBe('3 passed, 0 failed (time)');
	});
});

describe('shell blocks written with prompts', () => {
	it('reads a ```bash block of `$ ` lines as a transcript, and check says so', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'readme.md'), `# Install\n\n${fence('bash', '$ echo installed\ninstalled\n$ echo twice\ntwice')}`);
		const ran = runbook(['test', 'readme.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(countsLine(ran.stdout)).toBe('2 passed, 0 failed (time)');
		const checked = runbook(['check', 'readme.md'], {cwd: dir});
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain('readme.md:3:1: warning: ```bash block written with `$ ` prompts: read as a console transcript');
	});
});

describe('transcripts inside containers', () => {
	it('runs a transcript in a block quote and in a tab-indented list item, and --update writes back with their prefix', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'nested.md');
		const quoted = '> Run it:\n>\n> ```console\n> $ echo quoted\n> stale\n> ```\n';
		const tabbed = '1.\tInstall:\n\n\t```console\n\t$ printf \'a\\n\\nb\\n\'\n\t```\n';
		writeFileSync(file, `# Nested\n\n${quoted}\n${tabbed}`);
		expect(runbook(['check', 'nested.md'], {cwd: dir}).code).toBe(0);
		const failing = runbook(['test', 'nested.md'], {cwd: dir});
		expect(countsLine(failing.stdout)).toBe('0 passed, 2 failed (time)');
		runbook(['test', '--update', 'nested.md'], {cwd: dir});
		const tabbedAfter = '1.\tInstall:\n\n\t```console\n\t$ printf \'a\\n\\nb\\n\'\n\ta\n\n\tb\n\t```\n';
		expect(readFileSync(file, 'utf8')).toBe(`# Nested\n\n${quoted.replace('stale', 'quoted')}\n${tabbedAfter}`);
		const passing = runbook(['test', 'nested.md'], {cwd: dir});
		expect(passing.code).toBe(0);
		expect(countsLine(passing.stdout)).toBe('2 passed, 0 failed (time)');
	});
});

describe('--update keeps what the author wrote', () => {
	it('never writes into a transcript whose list item ends before its fence closes', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'plugins.md');
		const text = '1. Install the plugin:\n\n   ```console\n   $ echo hi\n   hello\n```\n\nMore notes.\n';
		writeFileSync(file, text);
		const updated = runbook(['test', '--update', 'plugins.md'], {cwd: dir});
		expect(updated.code).toBe(2);
		expect(updated.stderr).toContain('plugins.md:3:4: unterminated code fence');
		expect(readFileSync(file, 'utf8')).toBe(text);
	});

	it('keeps a pattern on a line whose other text changed', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'commit.md');
		writeFileSync(file, `${fence('sh', "printf '[main 1a2b3c4] Extend the README\\n 1 file changed\\n'")}${fence('output', '[main {{second:hex}}] Extend README\n 1 file changed')}`);
		expect(runbook(['test', 'commit.md'], {cwd: dir}).code).toBe(1);
		runbook(['test', '--update', 'commit.md'], {cwd: dir});
		expect(readFileSync(file, 'utf8')).toContain(fence('output', '[main {{second:hex}}] Extend the README\n 1 file changed'));
		expect(runbook(['test', 'commit.md'], {cwd: dir}).code).toBe(0);
	});
});

describe('frontmatter shared with docs sites', () => {
	it('leaves a docs site\'s keys alone, warns of a misspelt one, and reads settings under runbook:', () => {
		const dir = fixtureCopy();
		const site = `---\ntitle: ''\ndescription: Start it\nweight: 20\nsidebar_position: 3\nrunme:\n  id: 01HF7B0KJPF469EG9ZWD9B4PNW\nrequires: sh env\ntimout: 30s\n---\n\n# Quick start\n\n${fence('sh', 'echo started')}`;
		writeFileSync(path.join(dir, 'site.md'), site);
		const checked = runbook(['check', 'site.md'], {cwd: dir});
		expect(checked.code).toBe(0);
		expect(checked.stdout).toBe("site.md:9:1: warning: unknown frontmatter key `timout` (did you mean `timeout`?); runbook leaves keys it does not know to other tools [frontmatter-key]\n");
		const ran = runbook(['test', 'site.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(ran.stdout).toContain('Quick start (site.md)');
		const own = `---\ntitle: The site's title\nshell: powershell\nrunbook:\n  title: Checked\n  shell: sh\n---\n\n${fence('sh', 'echo "$0"')}${fence('output', 'sh')}`;
		writeFileSync(path.join(dir, 'own.md'), own);
		const ownRan = runbook(['test', 'own.md'], {cwd: dir});
		expect(ownRan.stdout).toContain('Checked (own.md)');
		expect(ownRan.code).toBe(0);
	});
});

describe('other tools\' words are not taken for mistakes', () => {
	it('leaves Hugo\'s menu and a site\'s card alone, and MkDocs\' title= on a fence', () => {
		const dir = fixtureCopy();
		const text = `---\nmenu:\n  main: {weight: 2}\ncard: {name: concept}\ntitel: Misspelt\n---\n\n\`\`\`bash title="count.sh" linenums="1"\necho one\n\`\`\`\n\n\`\`\`sh #named timeout=5s\necho two\n\`\`\`\n`;
		writeFileSync(path.join(dir, 'site.md'), text);
		const checked = runbook(['check', 'site.md'], {cwd: dir});
		expect(checked.code).toBe(0);
		const warnings = checked.stdout.split('\n').filter((line) => line.startsWith('site.md:'));
		expect(warnings).toEqual([
			'site.md:5:1: warning: unknown frontmatter key `titel` (did you mean `title`?); runbook leaves keys it does not know to other tools [frontmatter-key]',
			'site.md:12:7: warning: attributes go inside one pair of braces: ```sh {#named timeout=5s} [attribute-syntax]',
		]);
	});
});

describe('no mistake is silent', () => {
	it('names attributes that mean nothing together, and frontmatter that is never closed', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'combos.md'), fence('sh {ready=/up/}', 'echo up') + fence('sh {cleanup background}', 'sleep 1') + fence('sh {timeout=0s}', 'echo') + fence('sh {retry=1s every=5s}', 'echo') + fence('sh {skip=flase}', 'echo') + fence('sh #name timeout=5s', 'echo'));
		const checked = runbook(['check', 'combos.md'], {cwd: dir});
		expect(checked.code).toBe(2);
		expect(checked.stdout.split('\n').filter(Boolean).map((line) => line.replace(/:.*\[/, ' [')).sort()).toEqual(
			['combos.md [attribute-combination]', 'combos.md [attribute-combination]', 'combos.md [attribute-combination]', 'combos.md [attribute-syntax]', 'combos.md [attribute-value]', 'combos.md [attribute-value]'].sort(),
		);
		writeFileSync(path.join(dir, 'open.md'), `---\ntitle: Open\nshell: zsh\n\n${fence('sh', 'echo hi')}`);
		const open = runbook(['test', 'open.md'], {cwd: dir});
		expect(open.code).toBe(2);
		expect(open.stderr).toContain('open.md:1:1: frontmatter is not closed');
	});
});

describe('papercuts', () => {
	it('takes regex flags in ready=, hexN for any length, and says how to keep a literal {{', () => {
		const dir = fixtureCopy();
		const server = fence('sh {#server background ready=/serving http/i}', 'echo "Serving HTTP on port 8000"; sleep 100');
		const hash = fence('sh', 'echo "[main 3f1c2a9] Extend README"; echo 4b825dc642cb6eb9a060e54bf8d69288fbee4904') + fence('output', '[main {{short:hex7}}] Extend README\n{{full:hex40}}');
		writeFileSync(path.join(dir, 'papercuts.md'), server + hash);
		const ran = runbook(['test', 'papercuts.md'], {cwd: dir});
		expect(ran.stderr).toBe('');
		expect(countsLine(ran.stdout)).toBe('2 passed, 0 failed (time)');
		writeFileSync(path.join(dir, 'helm.md'), fence('sh', "echo 'image: {{ .Values.image }}'") + fence('output', 'image: {{ .Values.image }}'));
		const checked = runbook(['check', 'helm.md'], {cwd: dir});
		expect(checked.code).toBe(2);
		expect(checked.stdout).toContain('mark the block ```output {patterns=off}');
		writeFileSync(path.join(dir, 'flags.md'), fence('sh', 'echo Hi') + fence('output', '{{/hi/i}}'));
		expect(runbook(['check', 'flags.md'], {cwd: dir}).stdout).toContain('flags (`i`) are not supported in `{{/…/}}`');
	});
});

describe('a step the rest needs', () => {
	it('stops the Docker runbook after its first step, saying why, when no Docker daemon answers', () => {
		const dir = fixtureCopy();
		// A docker client with no daemon behind it, as on a machine where Docker is installed but not running.
		writeFileSync(path.join(dir, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n', {mode: 0o755});
		const ran = runbook(['test', '--reporter', 'json', 'docker-network.md'], {env: {PATH: `${dir}:${process.env.PATH}`}});
		expect(ran.code).toBe(1);
		const steps = JSON.parse(ran.stdout).runbooks[0].steps as Array<{name: string; status: string; message: string | null; output: string; cleanup: boolean}>;
		expect(steps[0]).toMatchObject({name: 'docker-daemon', status: 'failed'});
		expect(steps[0]?.output).toContain('No Docker daemon answers');
		expect(steps[0]?.output).toContain('test/docker-lab/start.sh');
		const main = steps.filter((step) => !step.cleanup).slice(1);
		expect(main.length).toBeGreaterThan(15);
		for (const step of main) expect(step).toMatchObject({status: 'skipped', message: 'not run: the required step docker-daemon failed'});
	});
});
