import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {evaluateStep} from '../../src/engine/evaluate.js';
import {acceptOutput} from '../../src/ui/accept.js';
import type {PlayState} from '../../src/ui/state.js';
import {init} from './helpers.js';

const markdown = '# A\n\n```sh {#greet}\necho hello\n```\n\n```output\nbye\n```\n';
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** The player's state after `greet` printed `hello`, for a runbook saved in a temporary file. */
function ranGreet(command?: string): PlayState {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-accept-'));
	dirs.push(dir);
	const file = path.join(dir, 'notes.md');
	writeFileSync(file, markdown);
	const [state] = init(markdown, {file, source: markdown});
	const step = state.steps[0];
	if (!step) throw new Error('no step');
	const result = evaluateStep(step, {run: {exitCode: 0, timedOut: false, interrupted: false}, output: 'hello\n', cut: false, durationMs: 1, attempts: 1, timeoutMs: 1000}, new Map());
	const views = state.views.map((view, index) => (index === 0 ? {...view, state: 'failed' as const, result, ...(command ? {command} : {})} : view));
	return {...state, file, views};
}

describe('accepting output', () => {
	it('writes into the block as the file stands, after an edit made meanwhile', async () => {
		const state = ranGreet();
		writeFileSync(state.file, `<!-- a note added meanwhile -->\n${markdown}`);
		const action = await acceptOutput(state, 0);
		expect(action.type).toBe('accepted');
		expect(readFileSync(state.file, 'utf8')).toBe(`<!-- a note added meanwhile -->\n${markdown.replace('bye', 'hello')}`);
	});

	it('refuses the output of a command edited for this run', async () => {
		const state = ranGreet('echo edited');
		const action = await acceptOutput(state, 0);
		expect(action.type === 'notice' && action.notice.text).toMatch(/edited command/);
		expect(readFileSync(state.file, 'utf8')).toBe(markdown);
	});
});
