import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

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
		expect(failing.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 2 failed');
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
		expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe('3 passed, 0 failed');
	});
});
