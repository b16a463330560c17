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
});
