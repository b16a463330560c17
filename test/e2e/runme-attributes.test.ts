/**
 * The faults of issue 9, point 4 ("Runme notebooks don't play unchanged"),
 * each through the built CLI: Runme's `{ key=value }` display keys,
 * `interpreter`, `cwd`, `tag`, names with `:` or spaces, frontmatter `shell:`
 * paths; and an interpreter's step stopped as any step is.
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook, started, until} from './cli.js';

afterEach(removeCopies);

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\`\n\n`;

type StepRow = {name: string; status: string; output: string; message: string | null; exitCode: number | null};

/** A runbook written into a fresh folder, and `test --reporter json` on it. */
function write(markdown: string, name = 'notebook.md'): string {
	const dir = fixtureCopy();
	writeFileSync(path.join(dir, name), markdown);
	return dir;
}

function testJson(dir: string, file = 'notebook.md'): {code: number | null; steps: StepRow[]; leftovers: unknown[]; stderr: string} {
	const ran = runbook(['test', '--reporter', 'json', file], {cwd: dir});
	const report = JSON.parse(ran.stdout) as {runbooks: Array<{steps: StepRow[]; leftovers: unknown[]}>};
	return {code: ran.code, steps: report.runbooks[0]?.steps ?? [], leftovers: report.runbooks[0]?.leftovers ?? [], stderr: ran.stderr};
}

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe('Runme\'s { key=value } form', () => {
	it('accepts its display keys and excludeFromRunAll: the step runs, the excluded one is skipped', () => {
		const dir = write(`# Notebook\n\n${fence('sh { terminalRows=20 }', 'echo rows')}${fence('sh { excludeFromRunAll=true name=foo }', 'exit 7')}${fence('sh { closeTerminalOnSuccess=false mimeType=text/plain promptEnv=false interactive=true }', 'echo shown')}`);
		const checked = runbook(['check', 'notebook.md'], {cwd: dir});
		expect(checked).toEqual({code: 0, stdout: '', stderr: ''});
		const {code, steps} = testJson(dir);
		expect(code).toBe(0);
		expect(steps.map((step) => [step.name, step.status, step.output])).toEqual([
			['notebook-1', 'passed', 'rows\n'],
			['foo', 'skipped', ''],
			['notebook-3', 'passed', 'shown\n'],
		]);
	});

	it('reads a value that starts with a slash as a path (cwd=/), and says to quote an interpreter with arguments', () => {
		const dir = write(`# Notebook\n\n${fence('sh { cwd=/ }', 'pwd')}${fence('js { interpreter=/usr/bin/env node }', 'console.log(1)')}`);
		const checked = runbook(['check', 'notebook.md'], {cwd: dir});
		expect(checked.code).toBe(2);
		expect(checked.stdout).toBe('notebook.md:7:34: `node` after `interpreter=/usr/bin/env`: an interpreter with arguments is quoted, interpreter="/usr/bin/env node" [attribute-syntax]\n');
	});
});

describe('Runme\'s names', () => {
	it('accepts names with a colon or spaces; list quotes a name with blanks', () => {
		const dir = write(`# Notebook\n\n${fence('sh { name=docker:build }', 'echo built')}${fence('sh {"name":"build image"}', 'echo image')}${fence('sh {name="run it"}', 'echo ran')}`);
		expect(runbook(['check', 'notebook.md'], {cwd: dir}).code).toBe(0);
		const listed = runbook(['list', 'notebook.md'], {cwd: dir});
		expect(listed.stdout).toMatch(/ 1 {2}docker:build {3}line 3 /);
		expect(listed.stdout).toMatch(/ 2 {2}"build image" {2}line 7 /);
		expect(listed.stdout).toMatch(/ 3 {2}"run it" {7}line 11 /);
		const {code, steps} = testJson(dir);
		expect(code).toBe(0);
		expect(steps.map((step) => step.name)).toEqual(['docker:build', 'build image', 'run it']);
	});

	it('still refuses a name with blanks at its ends', () => {
		const dir = write(fence('sh {"name":" padded"}', 'echo x'));
		expect(runbook(['check', 'notebook.md'], {cwd: dir}).stdout).toBe(
			'notebook.md:1:8: bad value for `name`: ` padded` (expected a name: text without control characters or blanks at its ends) [attribute-value]\n',
		);
	});
});

describe('Runme\'s interpreter', () => {
	it('feeds the step to that program: node, perl, /usr/bin/env node', () => {
		const dir = write(`# Notebook\n\n${fence('sh { interpreter=node }', 'console.log([1, 2].map((n) => n * 2).join(" "))')}${fence('perl {"interpreter":"perl"}', 'print "perl\\n";')}${fence('js {"interpreter":"/usr/bin/env node"}', 'console.log(process.argv.length)')}`);
		const {code, steps} = testJson(dir);
		expect(code).toBe(0);
		expect(steps.map((step) => step.output)).toEqual(['2 4\n', 'perl\n', '2\n']);
	});

	it('stops an interpreter\'s step at its timeout, with everything it started', () => {
		const dir = write(`# Notebook\n\n${fence('js { interpreter=node timeout=1s }', "require('fs').writeFileSync('node.pid', String(process.pid));\nsetInterval(() => {}, 1000);")}${fence('sh', 'echo after')}`);
		const {code, steps, leftovers} = testJson(dir);
		expect(code).toBe(1);
		expect(steps[0]).toMatchObject({status: 'failed', message: 'timed out after 1s'});
		expect(steps[1]).toMatchObject({status: 'passed', output: 'after\n'});
		expect(leftovers).toEqual([]);
		expect(isAlive(Number(readFileSync(path.join(dir, 'node.pid'), 'utf8')))).toBe(false);
	});

	it('interrupts an interpreter\'s step on Ctrl-C (SIGINT), as any step', async () => {
		const dir = write(`# Notebook\n\n${fence('js { interpreter=node name=waits }', "require('fs').writeFileSync('node.pid', String(process.pid));\nsetInterval(() => {}, 1000);")}`);
		const cli = started(['test', '--reporter', 'json', 'notebook.md'], dir);
		const pidFile = path.join(dir, 'node.pid');
		await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '');
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		const steps = (JSON.parse(cli.output.stdout) as {runbooks: Array<{steps: StepRow[]}>}).runbooks[0]?.steps;
		expect(steps?.[0]).toMatchObject({name: 'waits', status: 'failed', message: 'interrupted'});
		expect(isAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
	});
});

describe('Runme\'s cwd', () => {
	it('runs the step in that folder and leaves the session\'s folder as it was', () => {
		const dir = write(`# Notebook\n\n${fence('sh { cwd=sub }', 'pwd\ncd /')}${fence('sh', 'pwd')}`);
		mkdirSync(path.join(dir, 'sub'));
		const {code, steps} = testJson(dir);
		expect(code).toBe(0);
		expect(steps.map((step) => step.output)).toEqual([`${path.join(dir, 'sub')}\n`, `${dir}\n`]);
	});

	it('fails the step, saying so, when the folder is not there', () => {
		const dir = write(`# Notebook\n\n${fence('sh {"cwd":"missing"}', 'pwd')}`);
		const {code, steps} = testJson(dir);
		expect(code).toBe(1);
		expect(steps[0]).toMatchObject({status: 'failed', message: `cwd=missing: ${path.join(dir, 'missing')} is not a folder`});
	});
});

describe('Runme\'s tag and category', () => {
	it('accepts them and lists them', () => {
		const dir = write(`# Notebook\n\n${fence('sh { tag=build }', 'echo a')}${fence('sh {"category":"build,deploy"}', 'echo b')}`);
		expect(runbook(['check', 'notebook.md'], {cwd: dir}).code).toBe(0);
		const listed = runbook(['list', 'notebook.md'], {cwd: dir}).stdout;
		expect(listed).toMatch(/notebook-1 +line 3 +unchecked +tag=build\n/);
		expect(listed).toMatch(/notebook-2 +line 7 +unchecked +tag=build,deploy\n/);
		expect(testJson(dir).code).toBe(0);
	});
});

describe('Runme\'s frontmatter shell', () => {
	it('runs a shell named by its path or through env', () => {
		for (const [shell, probe, said] of [
			['/bin/bash', 'echo "bash ${BASH_VERSION%%.*}"', /^bash \d+\n$/],
			['/usr/bin/env zsh', 'echo "zsh ${ZSH_VERSION%%.*}"', /^zsh \d+\n$/],
		] as const) {
			const dir = write(`---\nshell: ${shell}\n---\n\n${fence('sh', probe)}`);
			expect(runbook(['check', 'notebook.md'], {cwd: dir}).code).toBe(0);
			const {code, steps} = testJson(dir);
			expect(code).toBe(0);
			expect(steps[0]?.output).toMatch(said);
		}
	});

	it('refuses a shell runbook cannot run, at the key\'s line, and warns of options it does not use', () => {
		const dir = write(`---\ntitle: Power\nshell: pwsh\n---\n\n${fence('sh', 'echo x')}`);
		const refused = runbook(['check', 'notebook.md'], {cwd: dir});
		expect(refused.code).toBe(2);
		expect(refused.stdout).toBe(
			"notebook.md:3:8: bad value for `shell`: runbook runs its session in `bash`, `sh`, `zsh` (or a path to one, such as /bin/bash); `pwsh` is not one of them. A docs site's own `shell` goes under a `runbook:` mapping [frontmatter-value]\n",
		);
		writeFileSync(path.join(dir, 'login.md'), `---\nshell: bash -l\n---\n\n${fence('sh', 'echo x')}`);
		const warned = runbook(['check', 'login.md'], {cwd: dir});
		expect(warned.code).toBe(0);
		expect(warned.stdout).toBe('login.md:2:8: warning: `shell: bash -l`: runbook starts `bash` its own way (no profile or rc files), so `-l` is not used [frontmatter-value]\n');
	});

	it('warns that TOML frontmatter is not read', () => {
		const dir = write(`+++\nshell = "zsh"\n+++\n\n${fence('sh', 'echo x')}`);
		const checked = runbook(['check', 'notebook.md'], {cwd: dir});
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain('notebook.md:1:1: warning: TOML frontmatter (between `+++` lines) is not read');
	});
});
