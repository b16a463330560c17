import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {Terminal, ensureBuilt, fixtures, killServer, root} from './tmux.js';

const cli = path.join(root, 'dist', 'bin.js');
let dir = '';
let terminal: Terminal | undefined;

/** Play a copy of a fixture in an 80×24 terminal. */
function playFixture(name: string, args = ''): Terminal {
	dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
	cpSync(path.join(fixtures, name), path.join(dir, name));
	terminal = new Terminal(80, 24);
	// No host from the environment of the machine that runs the tests.
	terminal.start(`node '${cli}' play ${name} ${args}`, dir, {RUNBOOK_HOSTS: '', RUNBOOK_SSH_CONFIG: ''});
	return terminal;
}

/** The current step's pane: each row right of the outline's border. */
const pane = (screen: string) => screen.split('\n').flatMap((line) => (line.includes('│') ? [(line.split('│')[1] ?? '').trimEnd()] : []));
/** The outline's rows: the state icon, name and host tag of each step. */
const outline = (screen: string) => screen.split('\n').flatMap((line) => /^ (\S) (\S+(?: @\S+)?)/.exec(line.split('│')[0] ?? '')?.slice(1, 3).join(' ') ?? []);

describe('runbook play in a terminal: each step’s host', () => {
	beforeAll(() => ensureBuilt(), 120_000);
	afterEach(() => {
		terminal?.kill();
		terminal = undefined;
		rmSync(dir, {recursive: true, force: true});
	});
	afterAll(() => killServer());

	it('the prompt names the host (`node2 $`, `local $`), the title and the outline those not on local', async () => {
		const t = playFixture('hosts.md', '--host node2=local');
		const first = await t.waitFor('node2 $ echo "served from node2"');
		expect(pane(first)[0]).toBe(' 1. serve on node2 · Serve');
		expect(outline(first)).toEqual(['○ serve @node2', '○ fetch @node2', '○ look', '■ end']);
		t.keys('Enter');
		const passed = await t.waitFor('✓ passed');
		expect(pane(passed)).toContain(' node2 $ echo "served from node2"');
		expect(outline(passed)[0]).toBe('✓ serve @node2');
		t.keys('n');
		// The section's default host.
		const fetch = await t.waitFor('2. fetch on node2');
		expect(pane(fetch)).toContain(' node2 $ echo fetched');
		t.keys('n');
		const look = await t.waitFor('3. look');
		expect(pane(look)[0]).toBe(' 3. look · Check');
		expect(pane(look)).toContain(' local $ echo "looked from here"');
	});

	it('a runbook with every step on local: the prompt is `$ `, no host named', async () => {
		const t = playFixture('basics.md');
		const first = await t.waitFor('$ echo "hello from the runbook"');
		expect(pane(first)).toContain(' $ echo "hello from the runbook"');
		expect(first).not.toContain('local');
		expect(first).not.toContain(' on ');
	});
});
