import type {Step} from '../../model.js';
import {noticed, plain} from './selectors.js';
import type {AcceptPlan, AcceptRisk, Key, PlayState, UndoEntry, Update} from './types.js';

/**
 * `a` and `u`: an accept is planned first (what would be written), written
 * at once when nothing is at risk, else only once the person says yes; each
 * write can be undone, the last one first.
 */

/** Whether `a` asks before it writes: the exit status was not the expected one, or patterns would be lost. */
export const risky = (risk: AcceptRisk): boolean => risk.exit !== undefined || risk.lost.length > 0;

const fileName = (file: string) => file.split('/').pop() ?? file;

/** `12` or `12–14`. */
export const lineRange = (from: number, to: number) => (from === to ? `line ${from}` : `lines ${from}–${to}`);

/** The plan is ready: write it, or ask first. */
export function onPlanned(state: PlayState, plan: AcceptPlan): Update {
	const view = state.views[plan.position];
	if (!view || view.state === 'running' || state.phase !== 'playing') return noticed(state, 'not written: the step is no longer as it was', 'info');
	if (risky(plan.risk)) return plain({...state, confirmAccept: plan, cursor: plan.position, scroll: 0});
	return [state, [{kind: 'write-accept', plan}]];
}

/** While `a` asks: y or enter writes, n, esc or ctrl-c leaves the file as it is; pgup and pgdn scroll what would be written. */
export function onConfirmKey(state: PlayState, key: Key): Update {
	const plan = state.confirmAccept;
	if (!plan) return plain(state);
	const text = key.name === 'char' && !key.ctrl ? key.text : '';
	if (text === 'y' || text === 'Y' || key.name === 'return') return [{...state, confirmAccept: undefined, scroll: 0}, [{kind: 'write-accept', plan}]];
	if (text === 'n' || text === 'N' || key.name === 'escape' || (key.ctrl && key.text === 'c')) {
		return noticed({...state, confirmAccept: undefined, scroll: 0}, `not written: ${fileName(plan.file)} is unchanged`, 'info');
	}
	const limit = Math.max(0, plan.accepted.changes.length - 1);
	if (key.name === 'pagedown' || (key.ctrl && key.text === 'd')) return plain({...state, scroll: Math.min(limit, state.scroll + Math.max(1, state.rows - 10))});
	if (key.name === 'pageup' || (key.ctrl && key.text === 'u')) return plain({...state, scroll: Math.max(0, state.scroll - Math.max(1, state.rows - 10))});
	return noticed(state, 'y writes the file, n leaves it as it is', 'warn');
}

/** The plan was written: the step shows what changed, and `u` can take it back. */
export function onAccepted(state: PlayState, plan: AcceptPlan, source: string, steps: readonly Step[]): Update {
	const views = [...state.views];
	const view = views[plan.position];
	if (!view) return plain(state);
	views[plan.position] = {...view, state: 'accepted', accepted: plan.accepted};
	const entry: UndoEntry = {position: plan.position, file: plan.file, before: plan.before, after: plan.after, view, accepted: plan.accepted};
	const text = `wrote the actual output to ${fileName(plan.file)}, ${lineRange(plan.accepted.fromLine, plan.accepted.toLine)} · u undoes`;
	return plain({...state, views, source, steps, undo: [...state.undo, entry], display: 'auto', scroll: 0, notice: {text, tone: 'success'}});
}

/** `u`: undo the last accept (the file is checked and written by the controller). */
export function undoLast(state: PlayState): Update {
	const entry = state.undo.at(-1);
	if (!entry) return noticed(state, 'nothing to undo: u takes back what a wrote', 'info');
	if (state.running === entry.position || state.starting === entry.position) return noticed(state, 'the step whose output was accepted is running: wait for it', 'info');
	return [state, [{kind: 'undo', entry}]];
}

/** The file is as it was before the accept: the step shows its run again, as it was before. */
export function onUndone(state: PlayState, entry: UndoEntry, source: string, steps: readonly Step[]): Update {
	const undo = state.undo.at(-1) === entry ? state.undo.slice(0, -1) : state.undo.filter((candidate) => candidate !== entry);
	const views = [...state.views];
	const view = views[entry.position];
	// Run again since the accept, the step keeps its newer result.
	const rerun = view !== undefined && view.state !== 'accepted';
	if (view && !rerun) views[entry.position] = entry.view;
	const where = lineRange(entry.accepted.fromLine, entry.accepted.toLine);
	const text = rerun
		? `undone: ${fileName(entry.file)} is as it was before the accept; the step last ran against the accepted output: r runs it again`
		: `undone: ${fileName(entry.file)} is as it was before the accept (${where})`;
	return plain({...state, views, source, steps, undo, cursor: entry.position, display: 'auto', scroll: 0, notice: {text, tone: 'success'}});
}
