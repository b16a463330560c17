import {appendFileSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fixtures, terminalTests} from './tmux.js';

const session = terminalTests();

const original = readFileSync(path.join(fixtures, 'accept.md'));
const daemon = 'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const file = () => path.join(session.folder(), 'accept.md');
const hintLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
/** The pane right of the outline, its rows joined: long lines wrap there. */
const paneText = (screen: string) => screen.split('\n').map((line) => line.split('│').slice(1).join('│').trim()).join('\n');

describe('runbook play in a terminal: accepting output', () => {
	it('a shows what it would write over a pattern when the daemon is down, and asks first: n leaves the file, y writes it, u undoes it', async () => {
		const t = session.play('accept.md', {columns: 100, rows: 30});
		await t.waitFor('1. fetch-id');
		t.keys('Enter');
		await t.waitFor('✗ failed: exit status 125, expected 0; output differs');
		t.keys('a');
		const asking = await t.waitFor('Write these lines to accept.md?');
		expect(asking).toContain('Accept the actual output of 1. fetch-id?');
		expect(asking).toContain('⚠ exit status 125, expected 0');
		expect(asking).toContain('⚠ 1 pattern would be lost: {{host_busybox_id:hex64}}');
		const pane = paneText(asking);
		expect(pane).toContain('10 │ ```output\n- 11 │ {{host_busybox_id:hex64}}\n+ 11 │ docker: Cannot connect');
		expect(hintLine(asking)).toContain('y/enter write · n/esc leave it as it is');
		expect(readFileSync(file()).equals(original)).toBe(true);
		t.keys('n');
		await t.waitFor('not written: accept.md is unchanged');
		expect(readFileSync(file()).equals(original)).toBe(true);
		t.keys('a');
		await t.waitFor('Write these lines to accept.md?');
		t.keys('y');
		const written = await t.waitFor('wrote the actual output to accept.md, line 11 · u undoes');
		expect(written).toContain('✎ fetch-id');
		expect(paneText(written)).toContain('── written to accept.md · u undoes');
		expect(readFileSync(file(), 'utf8')).toBe(original.toString('utf8').replace('{{host_busybox_id:hex64}}', daemon));
		t.keys('u');
		const undone = await t.waitFor('undone: accept.md is as it was before the accept (line 11)');
		expect(undone).toContain('✗ fetch-id');
		expect(readFileSync(file()).equals(original)).toBe(true);
	});

	it('a writes at once when nothing is at risk, and shows the lines it wrote; u undoes the accepts in turn, and refuses after an edit', async () => {
		const t = session.play('accept.md', {columns: 100, rows: 30});
		await t.waitFor('1. fetch-id');
		t.keys('Enter');
		await t.waitFor('✗ failed');
		t.keys('a');
		await t.waitFor('Write these lines to accept.md?');
		t.keys('Enter');
		await t.waitFor('wrote the actual output to accept.md, line 11');
		const afterFirst = readFileSync(file());
		t.keys('n', 'Enter');
		await t.waitFor((screen) => screen.includes('2. count') && screen.includes('✗ failed'));
		t.keys('a');
		const second = await t.waitFor('wrote the actual output to accept.md, lines 21–23');
		expect(paneText(second)).toContain('23 │ 3\n- 24 │ 4\n24 │ ```');
		expect(readFileSync(file(), 'utf8')).toBe(afterFirst.toString('utf8').replace('1\n2\n3\n4\n', '1\n2\n3\n'));
		t.keys('u');
		await t.waitFor('undone: accept.md is as it was before the accept (lines 21–23)');
		expect(readFileSync(file()).equals(afterFirst)).toBe(true);
		t.keys('u');
		const first = await t.waitFor('undone: accept.md is as it was before the accept (line 11)');
		expect(first).toContain('1. fetch-id');
		expect(readFileSync(file()).equals(original)).toBe(true);
		t.keys('u');
		await t.waitFor('nothing to undo');
		// Accepted again, then edited by hand: undoing would lose the edit.
		t.keys('n', 'a');
		await t.waitFor('wrote the actual output to accept.md, lines 21–23');
		appendFileSync(file(), '\nA line written by hand.\n');
		const edited = readFileSync(file());
		t.keys('u');
		await t.waitFor('not undone: accept.md changed since the accept wrote it');
		expect(readFileSync(file()).equals(edited)).toBe(true);
	});
});
