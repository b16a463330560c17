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
	const view = state.views[position];
	const result = view?.result;
	if (!step || !result) return failed('nothing to accept: the step has not run');
	if (view.command !== undefined && view.command !== step.command) {
		return failed('not written: this output came from the edited command, and the file holds the original one; r runs the original');
	}
	const [{planUpdate, applyEdits, writeIfUnchanged}, {parseRunbook}, {exitMatches}, {splitByteOrderMark}] = await Promise.all([
		import('../update/index.js'),
		import('../parse/index.js'),
		import('../engine/evaluate.js'),
		import('../parse/source.js'),
	]);
	// The file may have been edited since play read it: write into the block as it stands now.
	let current: string;
	let bom: string;
	try {
		({bom, text: current} = splitByteOrderMark(readFileSync(state.file, 'utf8')));
	} catch (error) {
		return failed(`not written: ${(error as Error).message}`);
	}
	let target = step;
	if (current !== state.source) {
		const now = parseRunbook(current, {path: state.file}).runbook.steps[step.index];
		if (!now || now.name !== step.name || now.command !== step.command) {
			return failed('not written: the file changed and this step is no longer where it was; quit and start play again');
		}
		target = now;
	}
	const edit = planUpdate(current, target, result, new Map(Object.entries(state.captures)), {addNew: true});
	if (!edit) return {type: 'notice', notice: {text: 'nothing to write: the output already matches', tone: 'info'}};
	const next = applyEdits(current, [edit]);
	try {
		writeIfUnchanged(state.file, bom + current, bom + next);
	} catch (error) {
		return failed(`not written: ${(error as Error).message}`);
	}
	const source = splitByteOrderMark(readFileSync(state.file, 'utf8')).text;
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
