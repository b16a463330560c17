import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {evaluateStep} from '../../src/engine/evaluate.js';
import {planAccept, undoAccept, writeAccept} from '../../src/ui/accept.js';
import {reduce, type AcceptPlan, type Action, type PlayState, type UndoEntry} from '../../src/ui/state.js';
import {init} from './helpers.js';

const markdown = '# A\n\n```sh {#greet}\necho hello\n```\n\n```output\nbye\n```\n';
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** The player's state after the first step printed `output` and exited `exitCode`, for a runbook saved (as `bytes`) in a temporary file. */
function ran(options: {text?: string; bytes?: string | Buffer; output?: string; exitCode?: number; command?: string} = {}): PlayState {
	const text = options.text ?? markdown;
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-accept-'));
	dirs.push(dir);
	const file = path.join(dir, 'notes.md');
	writeFileSync(file, options.bytes ?? text);
	const [state] = init(text, {file, source: text});
	const step = state.steps[0];
	if (!step) throw new Error('no step');
	const run = {exitCode: options.exitCode ?? 0, timedOut: false, interrupted: false};
	const result = evaluateStep(step, {run, output: options.output ?? 'hello\n', cut: false, durationMs: 1, attempts: 1, timeoutMs: 1000}, new Map());
	const views = state.views.map((view, index) => (index === 0 ? {...view, state: result.status, result, ...(options.command ? {command: options.command} : {})} : view));
	return {...state, file, views};
}

function planOf(action: Action): AcceptPlan {
	if (action.type !== 'accept-planned') throw new Error(`not a plan: ${JSON.stringify(action)}`);
	return action.plan;
}

const noticeOf = (action: Action) => (action.type === 'notice' ? action.notice.text : `(${action.type})`);

/** Write the plan and fold the result into the state, as the controller does. */
async function written(state: PlayState, plan: AcceptPlan): Promise<{state: PlayState; entry: UndoEntry}> {
	const action = await writeAccept(state, plan);
	expect(action.type).toBe('accepted');
	const [next] = reduce(state, action);
	const entry = next.undo.at(-1);
	if (!entry) throw new Error('no undo entry');
	return {state: next, entry};
}

describe('planning an accept', () => {
	it('writes nothing, and says which lines of the file change', async () => {
		const state = ran();
		const plan = planOf(await planAccept(state, 0));
		expect(readFileSync(state.file, 'utf8')).toBe(markdown);
		expect(plan.after).toBe(markdown.replace('bye', 'hello'));
		expect(plan.accepted.changes).toEqual([
			{kind: 'same', line: 7, text: '```output'},
			{kind: 'removed', line: 8, text: 'bye'},
			{kind: 'added', line: 8, text: 'hello'},
			{kind: 'same', line: 9, text: '```'},
		]);
		expect(plan.risk).toEqual({lost: []});
	});

	it('names what is at risk: an exit status that was not the expected one, and patterns the write would lose', async () => {
		const text = '```sh {#fetch}\ndocker run -d busybox\n```\n\n```output\n{{host_busybox_id:hex64}}\n```\n';
		const daemon = 'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';
		const plan = planOf(await planAccept(ran({text, output: daemon, exitCode: 125}), 0));
		expect(plan.risk).toEqual({exit: {actual: 125, expected: {kind: 'code', code: 0}}, lost: ['{{host_busybox_id:hex64}}']});
		expect(plan.accepted.exitOk).toBe(false);
	});

	it('loses no pattern that the new expected output keeps', async () => {
		const text = '```sh\necho "id 42"; echo extra\n```\n\n```output\nid {{n:int}}\n```\n';
		const plan = planOf(await planAccept(ran({text, output: 'id 42\nextra\n'}), 0));
		expect(plan.after).toContain('id {{n:int}}\nextra\n');
		expect(plan.risk).toEqual({lost: []});
	});

	it('plans the write into the block as the file stands, after an edit made meanwhile', async () => {
		const state = ran();
		writeFileSync(state.file, `<!-- a note added meanwhile -->\n${markdown}`);
		const plan = planOf(await planAccept(state, 0));
		expect(plan.after).toBe(`<!-- a note added meanwhile -->\n${markdown.replace('bye', 'hello')}`);
		expect(plan.accepted.changes.find((line) => line.kind === 'added')).toEqual({kind: 'added', line: 9, text: 'hello'});
	});

	it('says why it writes nothing when every line matches but one name shows two values', async () => {
		const text = '```sh\nprintf "1\\n2\\n"\n```\n\n```output\n{{v}}\n{{v}}\n```\n';
		const state = ran({text, output: '1\n2\n'});
		expect(noticeOf(await planAccept(state, 0))).toMatch(/^not recorded: .*edit the expected output by hand$/);
		expect(readFileSync(state.file, 'utf8')).toBe(text);
	});

	it('refuses the output of a command edited for this run, and a file that is not UTF-8 throughout', async () => {
		expect(noticeOf(await planAccept(ran({command: 'echo edited'}), 0))).toMatch(/edited command/);
		const broken = Buffer.concat([Buffer.from(markdown), Buffer.from([0xff, 0x0a])]);
		const state = ran({bytes: broken});
		expect(noticeOf(await planAccept(state, 0))).toBe('not written: notes.md is not UTF-8 text throughout');
		expect(readFileSync(state.file).equals(broken)).toBe(true);
	});
});

describe('writing and undoing an accept', () => {
	it('writes the plan, and u puts back the file byte for byte (a byte-order mark and CRLF kept)', async () => {
		const crlf = markdown.replace(/\n/g, '\r\n');
		const state = ran({text: crlf, bytes: `\uFEFF${crlf}`});
		const original = readFileSync(state.file);
		const plan = planOf(await planAccept(state, 0));
		const {state: after, entry} = await written(state, plan);
		expect(readFileSync(state.file, 'utf8')).toBe(`\uFEFF${crlf.replace('bye', 'hello')}`);
		expect(after.steps[0]?.expected?.text).toBe('hello');
		const undone = await undoAccept(after, entry);
		expect(undone.type).toBe('undone');
		expect(readFileSync(state.file).equals(original)).toBe(true);
		if (undone.type === 'undone') expect(undone.steps[0]?.expected?.text).toBe('bye');
	});

	it('does not write when the file changed after the plan was made', async () => {
		const state = ran();
		const plan = planOf(await planAccept(state, 0));
		writeFileSync(state.file, `${markdown}\nA line added meanwhile.\n`);
		expect(noticeOf(await writeAccept(state, plan))).toMatch(/^not written: .*notes\.md changed since it was read/);
		expect(readFileSync(state.file, 'utf8')).toBe(`${markdown}\nA line added meanwhile.\n`);
	});

	it('refuses to undo when the file changed since the accept wrote it', async () => {
		const state = ran();
		const {state: after, entry} = await written(state, planOf(await planAccept(state, 0)));
		const edited = `${readFileSync(state.file, 'utf8')}\nAn edit made after the accept.\n`;
		writeFileSync(state.file, edited);
		expect(noticeOf(await undoAccept(after, entry))).toBe('not undone: notes.md changed since the accept wrote it, and undoing would lose that change');
		expect(readFileSync(state.file, 'utf8')).toBe(edited);
	});
});
