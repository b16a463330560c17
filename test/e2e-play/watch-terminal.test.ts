import {mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {runsOf, shellsGone, watchedRunbook} from '../e2e/watched.js';
import {ensureBuilt, killServer, root, Terminal} from './tmux.js';

// `runbook test --watch` on a terminal: the keys, the cleared screen.
let dirs: string[] = [];
let terminal: Terminal | undefined;
beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
	terminal?.kill();
	terminal = undefined;
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	dirs = [];
});
afterAll(() => killServer());

/** a.md and b.md (both pass) watched on a terminal of 80×30, with a TMPDIR of its own. */
function watchTwo(): {dir: string; tmp: string; terminal: Terminal} {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-watch-'));
	const tmp = mkdtempSync(path.join(tmpdir(), 'runbook-watch-tmp-'));
	dirs = [dir, tmp];
	writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
	writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b'));
	terminal = new Terminal(80, 30);
	terminal.start(`node '${path.join(root, 'dist', 'bin.js')}' test --watch a.md b.md`, dir, {TMPDIR: tmp});
	return {dir, tmp, terminal};
}

const keysLine = 'press h for help, q to quit';

describe('runbook test --watch on a terminal', () => {
	it('clears the screen and shows only the saved runbook (an atomic save); q quits with the code of the last runs and gives the terminal back', async () => {
		const {dir, tmp, terminal} = watchTwo();
		await terminal.waitFor(keysLine);
		expect(terminal.screen()).toContain(' PASS  All 2 runbooks passed. Waiting for file changes…');

		writeFileSync(path.join(dir, 'a.md.tmp'), watchedRunbook('a', 'bye'));
		renameSync(path.join(dir, 'a.md.tmp'), path.join(dir, 'a.md'));
		const screen = await terminal.waitFor((text) => text.includes(' FAIL ') && text.includes(keysLine));
		const lines = screen.split('\n');
		expect(lines[0]).toBe(' RERUN  a.md (saved)');
		expect(screen).toContain('-bye\n    +hello');
		expect(screen).toContain(' FAIL  1 of 2 runbooks did not pass: a.md. Waiting for file changes…');
		// Cleared: the first round and b's report are gone.
		expect(screen).not.toContain('WATCH');
		expect(screen).not.toContain('b (b.md)');
		expect([runsOf(dir, 'a'), runsOf(dir, 'b')]).toEqual([2, 1]);

		terminal.type('h');
		await terminal.waitFor('press q or Ctrl-C to quit');
		terminal.type('q');
		const end = await terminal.waitFor(/EXITED \d+/);
		expect(end).toContain('EXITED 1');
		// The terminal is back in canonical mode (the shell prints the flag as stty shows it).
		expect(end.split('\n')).toContain('icanon');
		expect(shellsGone(dir, ['a', 'b'])).toBe(true);
		expect(readdirSync(tmp)).toEqual([]);
	});

	it('Enter runs every runbook again; Ctrl-C quits while waiting', async () => {
		const {dir, tmp, terminal} = watchTwo();
		await terminal.waitFor(keysLine);
		terminal.keys('Enter');
		const screen = await terminal.waitFor((text) => text.startsWith(' RERUN ') && text.includes(keysLine));
		expect(screen.split('\n')[0]).toBe(' RERUN  a.md, b.md (all, by key)');
		expect([runsOf(dir, 'a'), runsOf(dir, 'b')]).toEqual([2, 2]);
		terminal.keys('C-c');
		const end = await terminal.waitFor(/EXITED \d+/);
		expect(end).toContain('EXITED 0');
		expect(end.split('\n')).toContain('icanon');
		expect(shellsGone(dir, ['a', 'b'])).toBe(true);
		expect(readdirSync(tmp)).toEqual([]);
	});
});
