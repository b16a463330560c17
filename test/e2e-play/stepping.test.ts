import {cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {Terminal, ensureBuilt, fixtures, killServer, root} from './tmux.js';

const cli = path.join(root, 'dist', 'bin.js');
let dir = '';
let terminal: Terminal | undefined;

/** Play a copy of a fixture in an 80×24 terminal. */
function playFixture(name: string, args = '', env: Record<string, string> = {}): Terminal {
	cpSync(path.join(fixtures, name), path.join(dir, name));
	terminal = new Terminal(80, 24);
	terminal.start(`node '${cli}' play ${name} ${args}`, dir, env);
	return terminal;
}

/** The outline's rows: the state icon and name of each step. */
const outline = (screen: string) => screen.split('\n').flatMap((line) => /^ (\S) (\S+)/.exec(line.split('│')[0] ?? '')?.slice(1, 3).join(' ') ?? []);

describe('runbook play in a terminal: stepping', () => {
	beforeAll(() => ensureBuilt(), 120_000);
	afterEach(() => {
		terminal?.kill();
		terminal = undefined;
		rmSync(dir, {recursive: true, force: true});
	});
	afterAll(() => killServer());

	it('shows the first step, runs it on enter, and moves without running', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const t = playFixture('basics.md');
		const first = await t.waitFor('$ echo "hello from the runbook"');
		expect(first).toMatch(/^ Player basics\s+step 1\/5 /);
		expect(first).toContain('Say hello, with emphasis and inline code:');
		expect(outline(first)).toEqual(['○ greet', '○ count', '○ ident', '○ shout', '○ tidy', '■ end']);
		t.keys('Enter');
		const passed = await t.waitFor('✓ passed');
		expect(passed).toContain('hello from the runbook');
		expect(outline(passed)[0]).toBe('✓ greet');
		expect(passed).toMatch(/✓1 ✗0 ↷0/);
		t.keys('n', 'n', 'Right');
		const moved = await t.waitFor('step 4/5');
		expect(moved).toContain('4. shout');
		t.keys('p', 'Left', 'k');
		const back = await t.waitFor('step 1/5');
		// Moving ran nothing.
		expect(outline(back)).toEqual(['✓ greet', '○ count', '○ ident', '○ shout', '○ tidy', '■ end']);
	});

	it('shows a failing step’s diff, its exit status and duration; o shows the output', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const t = playFixture('basics.md');
		await t.waitFor('step 1/5');
		t.keys('n');
		await t.waitFor('2. count');
		t.keys('Enter');
		const failed = await t.waitFor(/✗ failed: output differs from the expected\s/);
		expect(failed).toMatch(/exit 0 · \d+ms/);
		const rows = failed.split('\n').map((line) => line.split('│')[1]?.trim() ?? '');
		const legend = rows.indexOf('- expected  + actual  ~ matched a pattern  … under ...');
		expect(rows.slice(legend + 1, legend + 5)).toEqual(['1', '2', '3', '- 4']);
		expect(failed).toMatch(/✓0 ✗1 ↷0/);
		t.keys('o');
		const output = await t.waitFor('── output · 3 lines');
		expect(output).not.toContain('- 4');
	});

	it('a accepts the actual output: only that block changes, and later accepts use fresh offsets', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const original = readFileSync(path.join(fixtures, 'basics.md'), 'utf8');
		const t = playFixture('basics.md');
		await t.waitFor('step 1/5');
		t.keys('n', 'Enter');
		await t.waitFor('✗ failed');
		t.keys('a');
		const accepted = await t.waitFor('wrote the actual output to basics.md, lines 33–35');
		expect(accepted).toContain('✎ count');
		const once = original.replace('```output\n1\n2\n3\n4\n```', '```output\n1\n2\n3\n```');
		expect(once).not.toBe(original);
		expect(readFileSync(path.join(dir, 'basics.md'), 'utf8')).toBe(once);
		t.keys('r');
		await t.waitFor((screen) => screen.includes('✓ passed') && screen.includes('2. count'));
		t.keys('n', 'n', 'Enter');
		await t.waitFor((screen) => screen.includes('4. shout') && screen.includes('✗ failed'));
		t.keys('a');
		await t.waitFor('wrote the actual output to basics.md, line 55');
		expect(readFileSync(path.join(dir, 'basics.md'), 'utf8')).toBe(once.replace('```output\nhello\n```', '```output\nHELLO\n```'));
	});

	it('--auto runs until a step fails; c continues from there', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const t = playFixture('basics.md', '--auto');
		const stopped = await t.waitFor(/✗ failed: output differs/);
		expect(outline(stopped)).toEqual(['✓ greet', '✗ count', '○ ident', '○ shout', '○ tidy', '■ end']);
		expect(stopped).toContain('step 2/5');
		t.keys('c');
		const next = await t.waitFor((screen) => outline(screen)[3] === '✗ shout');
		expect(outline(next)).toEqual(['✓ greet', '✗ count', '✓ ident', '✗ shout', '○ tidy', '■ end']);
		t.keys('c');
		const end = await t.waitFor('End of the runbook');
		expect(end).toContain('✓ 2 passed  ✗ 2 failed  ↷ 0 skipped');
		expect(end).toContain('That was all.');
	});

	it('--from and --section choose where to start and what to play', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const t = playFixture('basics.md', '--section counting --from shout');
		const screen = await t.waitFor('3. shout');
		expect(screen).toMatch(/Player basics › Counting\s+step 3\/3/);
		expect(outline(screen)).toEqual(['○ count', '○ ident', '○ shout', '■ end']);
	});

	it('reports a bad --from before showing anything', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const t = playFixture('basics.md', '--from nope');
		const screen = await t.waitFor('EXITED');
		// The terminal wraps the message: read it as one line.
		expect(screen.split('\n').join('')).toContain('--from nope: no step is named so (steps: greet, count, ident, shout, tidy)');
		expect(screen).not.toContain('EXITED 0');
	});

	it('shows the variables first, lets them be edited, and the steps see them', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
		const t = playFixture('env.md', '--env TARGET=tmux', {GREETING: 'hi'});
		const form = await t.waitFor('Variables');
		expect(form).toMatch(/› GREETING = hi {2}your environment/);
		expect(form).toMatch(/ {2}TARGET {3}= tmux {2}--env/);
		t.keys('Down', 'e', 'C-u');
		t.type('edited');
		t.keys('Enter');
		await t.waitFor(/TARGET {3}= edited {2}edited/);
		t.keys('Enter');
		await t.waitFor('1. say');
		t.keys('Enter');
		const ran = await t.waitFor('✗ failed');
		expect(ran).toContain('+ hi, edited');
	});
});
