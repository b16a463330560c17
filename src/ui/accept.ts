import {readFileSync} from 'node:fs';
import type {Step} from '../model.js';
import type {AcceptPlan, Action, Effect, PlayState, UndoEntry} from './state.js';

/**
 * The effects of `a` and `u` on the file: plan an accept (read, nothing
 * written), write it, undo it. Each write goes through the `--update` writer
 * (atomic, refused if the file changed since it was read). The updater, the
 * parser and jsdiff are loaded only when used.
 */

const failed = (text: string): Action => ({type: 'notice', notice: {text, tone: 'error'}});

const fileName = (file: string) => file.split('/').pop() ?? file;

const lineAt = (text: string, offset: number) => {
	let line = 1;
	for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
	return line;
};

/** The steps of the file's new text: step indexes stay the same (only expected output changed), so each keeps its place. */
async function reread(state: PlayState, text: string): Promise<{source: string; steps: readonly Step[]}> {
	const [{parseRunbook}, {splitByteOrderMark}] = await Promise.all([import('../parse/index.js'), import('../parse/source.js')]);
	const source = splitByteOrderMark(text).text;
	const fresh = parseRunbook(source, {path: state.file}).runbook.steps;
	const steps = state.steps.map((old) => {
		const candidate = fresh[old.index];
		return candidate && candidate.name === old.name ? candidate : old;
	});
	return {source, steps};
}

/**
 * `a`, first: what recording the step's actual output as its expected output
 * would write into the file as it stands now (read again: it may have been
 * edited since play read it), the lines that change, and what is at risk
 * (the exit status did not match; patterns of the expected output would be
 * lost). Nothing is written. An `accept-planned` action, or a notice saying
 * why there is nothing to write.
 */
export async function planAccept(state: PlayState, position: number): Promise<Action> {
	const step = state.steps[position];
	const view = state.views[position];
	const result = view?.result;
	if (!step || !result) return failed('nothing to accept: the step has not run');
	if (view.command !== undefined && view.command !== step.command) {
		return failed('not written: this output came from the edited command, and the file holds the original one; r runs the original');
	}
	const [{planUpdate, applyEdits, refusalOf}, {parseRunbook}, {exitMatches}, {splitByteOrderMark}, {patternsLost}, {fileChanges}] = await Promise.all([
		import('../update/index.js'),
		import('../parse/index.js'),
		import('../engine/evaluate.js'),
		import('../parse/source.js'),
		import('../update/patterns-lost.js'),
		import('./file-change.js'),
	]);
	let bytes: Buffer;
	try {
		bytes = readFileSync(state.file);
	} catch (error) {
		return failed(`not written: ${(error as Error).message}`);
	}
	const read = bytes.toString('utf8');
	// Written back from text, the file must be that text exactly: else `u` could not restore it byte for byte.
	if (!Buffer.from(read, 'utf8').equals(bytes)) return failed(`not written: ${fileName(state.file)} is not UTF-8 text throughout`);
	const {bom, text: current} = splitByteOrderMark(read);
	let target = step;
	if (current !== state.source) {
		const now = parseRunbook(current, {path: state.file}).runbook.steps[step.index];
		if (!now || now.name !== step.name || now.command !== step.command) {
			return failed('not written: the file changed and this step is no longer where it was; quit and start play again');
		}
		target = now;
	}
	const edit = planUpdate(current, target, result, new Map(Object.entries(state.captures)), {addNew: true});
	if (!edit) {
		const refused = refusalOf(target, result);
		return {type: 'notice', notice: refused ? {text: refused, tone: 'warn'} : {text: 'nothing to write: the output already matches', tone: 'info'}};
	}
	const next = applyEdits(current, [edit]);
	const written = parseRunbook(next, {path: state.file}).runbook.steps[target.index];
	const lost = target.expected?.patterns ? patternsLost(target.expected.text, written?.expected?.text ?? '') : [];
	const exitOk = exitMatches(step.attributes.exit, result.exitCode);
	const end = edit.start + Math.max(0, edit.text.replace(/\r?\n$/, '').length - 1);
	const plan: AcceptPlan = {
		position,
		file: state.file,
		before: bom + current,
		after: bom + next,
		risk: {...(exitOk ? {} : {exit: {actual: result.exitCode, expected: step.attributes.exit}}), lost},
		accepted: {
			fromLine: lineAt(next, edit.start + (/^\r?\n/.exec(edit.text)?.[0].length ?? 0)),
			toLine: lineAt(next, end),
			added: !target.expected,
			exitOk,
			changes: fileChanges(current, next),
		},
	};
	return {type: 'accept-planned', plan};
}

/** `a`, then: write the plan, only if the file still holds what the plan read. */
export async function writeAccept(state: PlayState, plan: AcceptPlan): Promise<Action> {
	const {writeIfUnchanged} = await import('../update/index.js');
	try {
		writeIfUnchanged(plan.file, plan.before, plan.after, fileName(plan.file));
	} catch (error) {
		return failed(`not written: ${(error as Error).message}`);
	}
	return {type: 'accepted', plan, ...(await reread(state, plan.after))};
}

/**
 * `u`: put the file back as it was before an accept, byte for byte; refused
 * when the file no longer holds what the accept wrote (an edit made since
 * would be lost).
 */
export async function undoAccept(state: PlayState, entry: UndoEntry): Promise<Action> {
	const {writeIfUnchanged} = await import('../update/index.js');
	let bytes: Buffer;
	try {
		bytes = readFileSync(entry.file);
	} catch (error) {
		return failed(`not undone: ${(error as Error).message}`);
	}
	if (!bytes.equals(Buffer.from(entry.after, 'utf8'))) {
		return failed(`not undone: ${fileName(entry.file)} changed since the accept wrote it, and undoing would lose that change`);
	}
	try {
		writeIfUnchanged(entry.file, entry.after, entry.before, fileName(entry.file));
	} catch (error) {
		return failed(`not undone: ${(error as Error).message}`);
	}
	return {type: 'undone', entry, ...(await reread(state, entry.before))};
}

/** Carry out `a`'s and `u`'s effects on the file: always an action, an error it met being a notice that says nothing was written. */
export async function fileEffect(state: PlayState, effect: Extract<Effect, {kind: 'accept' | 'write-accept' | 'undo'}>): Promise<Action> {
	try {
		if (effect.kind === 'accept') return await planAccept(state, effect.position);
		if (effect.kind === 'write-accept') return await writeAccept(state, effect.plan);
		return await undoAccept(state, effect.entry);
	} catch (error) {
		return failed(`${effect.kind === 'undo' ? 'not undone' : 'not written'}: ${(error as Error).message}`);
	}
}
