import {describe, expect, it} from 'vitest';
import {terminalTests} from './tmux.js';

const session = terminalTests();

/** The current step's pane: what is right of the outline's bar, each row trimmed at its end. */
const pane = (screen: string) => screen.split('\n').map((line) => line.split('│').slice(1).join('│').slice(1).trimEnd());

/** The rows of the styled screen whose pane shows exactly `text`, dimmed (SGR 2). */
const dimmed = (styled: string, text: string) => styled.split('\n').some((line) => new RegExp(`│\\S*\\s\\u001B\\[2m${text}\\s*(\\u001B|$)`).test(line));

describe('runbook play in a terminal: what a step should print, before it runs', () => {
	it('shows the expected output dimmed, and the output takes its place once the step runs', async () => {
		const t = session.play('basics.md');
		await t.waitFor('step 1/5');
		t.keys('n');
		const before = pane(await t.waitFor('2. count'));
		const head = before.findIndex((line) => line.startsWith('── expected output · 4 lines ──'));
		expect(head).toBeGreaterThan(before.indexOf("$ printf '1\\n2\\n3\\n'"));
		expect(before.slice(head + 1, head + 5)).toEqual(['1', '2', '3', '4']);
		const styled = t.styledScreen();
		for (const line of ['1', '2', '3', '4']) expect(dimmed(styled, line)).toBe(true);
		t.keys('Enter');
		const after = await t.waitFor('✗ failed');
		expect(after).not.toContain('expected output · 4 lines');
		expect(pane(after)).toContain('- 4');
		// A pattern is shown as written.
		t.keys('n');
		const ident = pane(await t.waitFor('3. ident'));
		expect(ident.slice(ident.findIndex((line) => line.startsWith('── expected output · 1 line ──')) + 1)[0]).toBe('id: {{id:int}}');
	});

	it('shows a transcript’s expected output, and what a background step waits for', async () => {
		const t = session.play('background.md');
		const server = pane(await t.waitFor('1. server'));
		expect(server.some((line) => line.startsWith('── waits for a line matching /listening/ ──'))).toBe(true);
		t.keys('G', 'p');
		const transcript = pane(await t.waitFor('4. background-logs-4'));
		const head = transcript.findIndex((line) => line.startsWith('── expected output · 2 lines ──'));
		expect(head).toBeGreaterThan(transcript.indexOf("$ printf 'one\\ntwo\\n'"));
		expect(transcript.slice(head + 1, head + 3)).toEqual(['one', 'two']);
		expect(dimmed(t.styledScreen(), 'two')).toBe(true);
	});
});
