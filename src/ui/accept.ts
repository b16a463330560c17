import {readFileSync} from 'node:fs';
import type {Action, PlayState} from './state.js';

const lineAt = (text: string, offset: number) => {
	let line = 1;
	for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
	return line;
};

/**
 * `a`: record a step's actual output as its expected output, with the
 * `--update` writer (only that block changes; the write refuses if the file
 * changed meanwhile). The file is read and parsed again so that later edits
 * use fresh offsets. Loaded only when used.
 */
export async function acceptOutput(state: PlayState, position: number): Promise<Action> {
	const failed = (text: string): Action => ({type: 'notice', notice: {text, tone: 'error'}});
	const step = state.steps[position];
	const result = state.views[position]?.result;
	if (!step || !result) return failed('nothing to accept: the step has not run');
	const [{planUpdate, applyEdits, writeIfUnchanged}, {parseRunbook}, {exitMatches}] = await Promise.all([
		import('../update/index.js'),
		import('../parse/index.js'),
		import('../engine/evaluate.js'),
	]);
	const edit = planUpdate(state.source, step, result, new Map(Object.entries(state.captures)), {addNew: true});
	if (!edit) return {type: 'notice', notice: {text: 'nothing to write: the output already matches', tone: 'info'}};
	const next = applyEdits(state.source, [edit]);
	try {
		writeIfUnchanged(state.file, state.source, next);
	} catch (error) {
		return failed(`not written: ${(error as Error).message}`);
	}
	const source = readFileSync(state.file, 'utf8');
	const fresh = parseRunbook(source, {path: state.file}).runbook.steps;
	// Step indexes stay the same: only an expected-output block changed.
	const steps = state.steps.map((old) => {
		const candidate = fresh[old.index];
		return candidate && candidate.name === old.name ? candidate : old;
	});
	const end = edit.start + Math.max(0, edit.text.replace(/\r?\n$/, '').length - 1);
	const accepted = {
		fromLine: lineAt(next, edit.start + (/^\r?\n/.exec(edit.text)?.[0].length ?? 0)),
		toLine: lineAt(next, end),
		added: !step.expected,
		exitOk: exitMatches(step.attributes.exit, result.exitCode),
	};
	return {type: 'accepted', position, source, steps, accepted};
}
