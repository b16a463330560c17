import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {terminalTests} from './tmux.js';

const session = terminalTests();

const hintLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

describe('runbook play in a terminal: background logs', () => {
	it('l opens a background step’s log at any time, live after ready matched; tab shows the next, l and esc close it', async () => {
		const t = session.play('background.md', {columns: 100, rows: 30});
		const first = await t.waitFor('1. server');
		// No background step has started: there is no log, and the key is not offered.
		expect(hintLine(first)).not.toContain('l log');
		t.keys('Enter');
		const ready = await t.waitFor('✓ started in the background');
		expect(hintLine(ready)).toContain('l log');
		t.keys('l');
		const log = await t.waitFor('Log of 1. server');
		expect(log).toContain('listening');
		expect(log).not.toContain('served a request');
		expect(hintLine(log)).toContain('l/esc close the log');
		// The server prints after ready matched; the open log shows it.
		writeFileSync(path.join(session.folder(), 'go-server'), '');
		await t.waitFor('served a request');
		t.keys('l');
		await t.waitFor((screen) => !screen.includes('Log of') && hintLine(screen).includes('enter next'));
		t.keys('n', 'Enter');
		await t.waitFor((screen) => screen.includes('2. worker') && screen.includes('✓ started in the background'));
		t.keys('l');
		const worker = await t.waitFor('Log of 2. worker');
		expect(worker).toContain('2 of 2 (tab: the next)');
		expect(worker).toContain('worker up');
		t.keys('Tab');
		const server = await t.waitFor('Log of 1. server');
		expect(server).toContain('served a request');
		t.keys('Escape');
		await t.waitFor((screen) => !screen.includes('Log of') && screen.includes('2. worker'));
		// The client gives the worker its job; from a step that is not a background step, l opens the first log.
		t.keys('n', 'Enter');
		await t.waitFor((screen) => screen.includes('3. client') && screen.includes('✓ passed'));
		t.keys('l');
		await t.waitFor('Log of 1. server');
		t.keys('Tab');
		const job = await t.waitFor('worker did a job');
		expect(job).toContain('Log of 2. worker');
	});

	it('a key that would act on a step is not taken while the log is open', async () => {
		const t = session.play('background.md', {columns: 100, rows: 30});
		await t.waitFor('1. server');
		t.keys('Enter');
		await t.waitFor('✓ started in the background');
		t.keys('l');
		await t.waitFor('Log of 1. server');
		t.keys('n');
		const told = await t.waitFor('the log is open: l or esc closes it');
		expect(told).toContain('Log of 1. server');
		t.keys('Enter', 'l');
		// Keys are read in order: once the log is closed, n and enter were read, and neither moved nor ran anything.
		const after = await t.waitFor((screen) => !screen.includes('Log of'));
		expect(after).toContain('1. server');
		expect(after).toMatch(/○ worker/);
	});
});
