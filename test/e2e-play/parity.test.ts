import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {runbook} from '../e2e/cli.js';
import {Terminal, ensureBuilt, killServer, root} from './tmux.js';
import {countsLine} from '../e2e/blank.js';

const cli = path.join(root, 'dist', 'bin.js');
let dir = '';
let terminal: Terminal | undefined;

const runbooks = {
	'missing.md': '---\nrequires: [sh, definitely-not-installed-cmd]\n---\n\n# Needs things\n\n```sh\ntouch should-not-exist\n```\n',
	'failing.md': '# Failing\n\n```sh {#fine}\necho fine\n```\n\n```output\nfine\n```\n\n```sh {#wrong}\necho actual\n```\n\n```output\nexpected\n```\n\n```sh {#tidy cleanup}\necho tidy\n```\n',
	'slow.md': '# Slow\n\n```sh {#nap}\necho napping; sleep 100\n```\n\n```sh {#after}\necho after\n```\n\n```sh {#tidy cleanup}\necho tidy\n```\n',
	'passing.md': '# Passing\n\n```sh {#one}\necho one\n```\n\n```output\none\n```\n\n```sh {#skipped skip="not today"}\necho never\n```\n\n```sh {#tidy cleanup}\necho tidy\n```\n',
} as const;

const totalsLine = /^\d+ passed, \d+ failed(, \d+ skipped)?$/m;

/** `runbook play --auto` in a real terminal: run everything, `q` at the end page; the summary's totals line, the screen and the exit status. */
async function play(name: keyof typeof runbooks): Promise<{code: number; totals: string; screen: string}> {
	// Wide, so that no summary line wraps.
	terminal = new Terminal(200, 30);
	terminal.start(`node '${cli}' play --auto ${name}`, dir);
	await terminal.waitFor(/End of the runbook|✗ failed:|nothing (can|was) run/);
	terminal.keys('q');
	const screen = await terminal.waitFor(/^EXITED \d+$/m);
	return {code: Number(/^EXITED (\d+)$/m.exec(screen)?.[1]), totals: totalsLine.exec(screen)?.[0] ?? '(no totals line)', screen};
}

/** `runbook test` without a terminal: the last line of stdout is the totals line. */
function test(name: keyof typeof runbooks) {
	const ran = runbook(['test', name], {cwd: dir});
	return {code: ran.code, totals: countsLine(ran.stdout).replace(/ \(time\)$/, ''), stderr: ran.stderr};
}

describe('runbook play and runbook test agree on the exit code and the totals', () => {
	beforeAll(() => ensureBuilt(), 120_000);
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		for (const [name, text] of Object.entries(runbooks)) writeFileSync(path.join(dir, name), text);
	});
	afterEach(() => {
		terminal?.kill();
		terminal = undefined;
		rmSync(dir, {recursive: true, force: true});
	});
	afterAll(() => killServer());

	it('a missing `requires:` command: both exit 2, with the same error and totals', async () => {
		const tested = test('missing.md');
		const played = await play('missing.md');
		const error = 'missing.md: required command not found on PATH: `definitely-not-installed-cmd`; nothing was run';
		expect(tested).toEqual({code: 2, totals: '0 passed, 0 failed, 1 skipped', stderr: `${error}\n`});
		expect(played.code).toBe(2);
		expect(played.totals).toBe(tested.totals);
		expect(played.screen).toContain(`  ✗ ${error}\n`);
		expect(played.screen).toMatch(/^runbook play missing\.md: could not run/m);
	});

	it('a failing step: both exit 1, with the same totals', async () => {
		const tested = test('failing.md');
		const played = await play('failing.md');
		expect(tested).toMatchObject({code: 1, totals: '2 passed, 1 failed'});
		expect(played).toMatchObject({code: 1, totals: tested.totals});
		expect(played.screen).toContain('  ✗ 2. wrong: output differs from the expected output');
	});

	it('every step passes: both exit 0, with the same totals', async () => {
		const tested = test('passing.md');
		const played = await play('passing.md');
		expect(tested).toMatchObject({code: 0, totals: '2 passed, 0 failed, 1 skipped'});
		expect(played).toMatchObject({code: 0, totals: tested.totals});
	});

	it('q in the middle of the run interrupts it: 130, as SIGINT gives `runbook test`', async () => {
		terminal = new Terminal(200, 30);
		terminal.start(`node '${cli}' play slow.md`, dir);
		await terminal.waitFor('1. nap');
		terminal.keys('Enter');
		await terminal.waitFor((screen) => /^\s*│ napping/m.test(screen) && screen.includes('running'));
		terminal.keys('q');
		await terminal.waitFor('Interrupt it and quit?');
		terminal.keys('y');
		const screen = await terminal.waitFor(/^EXITED \d+$/m);
		expect(screen).toMatch(/^runbook play slow\.md: interrupted/m);
		expect(screen).toMatch(/^1 passed, 1 failed, 1 skipped$/m);
		expect(screen).toContain('EXITED 130');
	});
});
