import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {Terminal, ensureBuilt, fixtures, killServer, root} from './tmux.js';

const cli = path.join(root, 'dist', 'bin.js');
let dir = '';
let terminal: Terminal | undefined;

function playFixture(name: string, options: {args?: string; env?: Record<string, string>; columns?: number; rows?: number} = {}): Terminal {
	cpSync(path.join(fixtures, name), path.join(dir, name));
	terminal = new Terminal(options.columns ?? 80, options.rows ?? 24);
	terminal.start(`node '${cli}' play ${name} ${options.args ?? ''}`, dir, options.env ?? {});
	return terminal;
}

describe('runbook play in a terminal: processes and the terminal', () => {
	beforeAll(() => ensureBuilt(), 120_000);
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
	});
	afterEach(() => {
		terminal?.kill();
		terminal = undefined;
		rmSync(dir, {recursive: true, force: true});
	});
	afterAll(() => killServer());

	it('ctrl-c interrupts a `sleep 100` step, not the player', async () => {
		const t = playFixture('slow.md');
		await t.waitFor('1. nap');
		t.keys('Enter');
		await t.waitFor((screen) => screen.includes('napping') && screen.includes('running'));
		t.keys('C-c');
		const interrupted = await t.waitFor('✗ failed: interrupted');
		expect(interrupted).toMatch(/^ Slow steps\s+step 1\/3/);
		// The player goes on: the next step runs.
		t.keys('n', 'Enter');
		await t.waitFor((screen) => screen.includes('2. after') && screen.includes('✓ passed'));
	});

	it('q runs the cleanup steps, shows them, and leaves the terminal as it was', async () => {
		const t = playFixture('slow.md');
		await t.waitFor('1. nap');
		t.keys('n', 'Enter');
		await t.waitFor('✓ passed');
		t.keys('q');
		await t.waitFor('Quitting: cleaning up');
		// Its progress shows: running (it takes a second), then done.
		await t.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] 3\. sweep/);
		// The shell prints the exit status, then whether the terminal is in canonical mode.
		const after = await t.waitFor(/^-?icanon$/m);
		// q at the end page (every step was offered) ends the run normally: the engine's report says passed.
		expect(after).toMatch(/^runbook play slow\.md: passed \(\d+:\d\d\)$/m);
		expect(after).toMatch(/^2 passed, 0 failed, 1 skipped$/m);
		expect(after).toContain('✓ 3. sweep (cleanup)');
		expect(after).toContain('EXITED 0');
		// Back on the normal screen, in canonical mode, with the cursor shown.
		expect(after.split('\n')[0]).toMatch(/^runbook play slow\.md/);
		expect(after).toMatch(/^icanon$/m);
		expect(t.cursorVisible()).toBe(true);
	});

	it('quitting before anything ran runs no cleanup', async () => {
		const t = playFixture('slow.md');
		await t.waitFor('1. nap');
		t.keys('q');
		const after = await t.waitFor('EXITED');
		// The run never started: it was interrupted before it began.
		expect(after).toMatch(/^runbook play slow\.md: interrupted \(\d+:\d\d\)\nnothing was run$/m);
		expect(after).toContain('EXITED 130');
		expect(after).not.toContain('sweep');
	});

	it('an interactive step has the real terminal while it runs', async () => {
		const t = playFixture('interactive.md');
		await t.waitFor('1. ask');
		t.keys('Enter');
		// The question on the normal screen (the player's screen shows the command, which asks it too).
		const handed = await t.waitFor(/^name\? *$/m);
		expect(handed).toContain('runbook: ask has the terminal; the player comes back when it ends');
		t.type('Ada');
		t.keys('Enter');
		await t.waitFor('hello Ada');
		const back = await t.waitFor((screen) => screen.includes('1. ask') && screen.includes('✓ passed'));
		expect(back).toMatch(/✓1 ✗0/);
	});

	it('e edits the command in $EDITOR for this run only', async () => {
		const editor = path.join(dir, 'editor.sh');
		writeFileSync(editor, '#!/bin/sh\nsed -i "s/original/edited/" "$1"\n', {mode: 0o755});
		const t = playFixture('interactive.md', {env: {EDITOR: editor}});
		await t.waitFor('1. ask');
		t.keys('n', 'e');
		const ran = await t.waitFor('✓ passed');
		expect(ran).toContain('$ echo "edited command"');
		expect(ran).toContain('[edited for this run]');
		t.keys('r');
		await t.waitFor((screen) => screen.includes('$ echo "original command"') && screen.includes('✓ passed'));
	});

	it('keeps reading keys while a step prints tens of megabytes', async () => {
		const t = playFixture('flood.md');
		await t.waitFor('1. flood');
		t.keys('Enter');
		await t.waitFor(/── output · [\d,]+ lines/);
		t.keys('n');
		const moved = await t.waitFor('2. after-flood');
		// The flood was still running when the key was read: it prints until the test makes `release`.
		expect(moved).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] flood/);
		writeFileSync(path.join(dir, 'release'), '');
		t.keys('p');
		const done = await t.waitFor('✓ passed', 30_000);
		const lines = Number(/── output · ([\d,]+) lines/.exec(done)?.[1]?.replaceAll(',', ''));
		expect(lines).toBeGreaterThan(1_400_000);
		expect(done).toMatch(/^ *│ 1400000$/m);
	}, 60_000);

	it('redraws on resize, at 200×50 and back at 80×24', async () => {
		const t = playFixture('basics.md', {columns: 80, rows: 24});
		await t.waitFor('step 1/5');
		t.resize(200, 50);
		const wide = await t.waitFor((screen) => screen.split('\n')[0]!.trimEnd().length > 150);
		const lines = wide.split('\n');
		expect(lines[1]).toMatch(/^─{199}$/);
		expect(lines.filter((line) => line.includes('step 1/5'))).toHaveLength(1);
		t.resize(80, 24);
		const narrow = await t.waitFor((screen) => screen.split('\n')[1] === '─'.repeat(79));
		expect(narrow.split('\n').filter((line) => line.includes('step 1/5'))).toHaveLength(1);
		expect(narrow).toContain('$ echo "hello from the runbook"');
	});
});
