import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {ensureBuilt, killServer, root, Terminal} from './tmux.js';

let dir = '';
let terminal: Terminal | undefined;
beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
	terminal?.kill();
	rmSync(dir, {recursive: true, force: true});
});
afterAll(() => killServer());

const waiting = (name: string) => `# ${name}\n\n\`\`\`sh\nuntil [ -e go ]; do sleep 0.02; done\necho ${name}\n\`\`\`\n\n\`\`\`output\n${name}\n\`\`\`\n`;

describe('runbook test in a terminal: the live area', () => {
	it('shows which step of which runbook is running, and leaves only the reports when done', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		writeFileSync(path.join(dir, 'alpha.md'), waiting('alpha'));
		writeFileSync(path.join(dir, 'beta.md'), waiting('beta'));
		writeFileSync(path.join(dir, 'gamma.md'), waiting('gamma'));
		terminal = new Terminal(80, 24);
		terminal.start(`node '${path.join(root, 'dist', 'bin.js')}' test -j 2 alpha.md beta.md gamma.md`, dir);
		const running = await terminal.waitFor((screen) => screen.includes('alpha.md › alpha-1') && screen.includes('beta.md › beta-1'));
		expect(running).toMatch(/running 2 · 0 of 3 done/);
		expect(running).not.toContain('gamma');
		writeFileSync(path.join(dir, 'go'), '');
		const done = await terminal.waitFor('EXITED 0');
		expect(done).toContain('alpha (alpha.md)');
		expect(done).toContain('3 passed, 0 failed');
		// The area is gone: nothing of it is left between or after the reports.
		expect(done).not.toContain('running');
		expect(done).not.toContain('●');
	});

	it('keeps what is written on stderr meanwhile (a runbook that cannot run beside one that runs) and leaves no stale line', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		writeFileSync(path.join(dir, 'needs.md'), '---\nrequires: [definitely-not-installed-cmd]\n---\n# Needs\n\n```sh\necho never\n```\n');
		writeFileSync(path.join(dir, 'waits.md'), waiting('waits'));
		terminal = new Terminal(120, 24);
		terminal.start(`node '${path.join(root, 'dist', 'bin.js')}' test -j 2 needs.md waits.md`, dir);
		const running = await terminal.waitFor((screen) => screen.includes('waits.md › waits-1') && screen.includes('required command not found'));
		expect(running).toMatch(/running 1 · 1 of 2 done/);
		writeFileSync(path.join(dir, 'go'), '');
		const done = await terminal.waitFor('EXITED 2');
		expect(done).toContain('needs.md: required command not found on PATH: `definitely-not-installed-cmd`; nothing was run');
		expect(done).toContain('1 passed, 0 failed, 1 skipped');
		expect(done).not.toContain('running');
	});

	it('in a terminal 20 columns wide, no line of the area wraps: nothing of it is left when done', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		for (const name of ['alpha', 'beta', 'gamma']) writeFileSync(path.join(dir, `${name}-with-a-long-name.md`), waiting(name));
		terminal = new Terminal(20, 60);
		terminal.start(`node '${path.join(root, 'dist', 'bin.js')}' test -j 3 alpha-with-a-long-name.md beta-with-a-long-name.md gamma-with-a-long-name.md`, dir);
		const running = await terminal.waitFor((screen) => ['alpha', 'beta', 'gamma'].every((name) => screen.includes(`● ${name}`)));
		// One row per line: the head, then one per runbook, each cut to 19 columns.
		const rows = running.split('\n').filter((row) => row.trim() !== '');
		expect(rows[0]).toBe('running 3 · 0 of 3');
		expect(rows.slice(1).sort()).toEqual(['alpha', 'beta', 'gamma'].map((name) => expect.stringMatching(new RegExp(`^  ● ${name}\\S* \\d+(ms|\\.\\ds)$`))));
		writeFileSync(path.join(dir, 'go'), '');
		const done = await terminal.waitFor('EXITED 0');
		expect(done).toContain('3 passed, 0 failed');
		expect(done).not.toContain('running');
		expect(done).not.toContain('●');
	});
});
