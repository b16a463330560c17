import type {Step} from '../../model.js';
import type {Notice, PlayState, StepState, StepView, Update} from './types.js';

/** Steps the engine asks the gate about: cleanup and `skip` steps never are. */
export function gateable(step: Step): boolean {
	return !step.attributes.cleanup && step.attributes.skip === undefined;
}

export function finished(state: StepState): boolean {
	return state === 'passed' || state === 'failed' || state === 'accepted';
}

export const endPosition = (state: PlayState): number => state.steps.length;

export function currentView(state: PlayState): StepView | undefined {
	return state.views[state.cursor];
}

export function positionOf(state: PlayState, step: Step): number {
	const position = state.steps.findIndex((candidate) => candidate.index === step.index);
	return position === -1 ? state.steps.length : position;
}

export type Counts = {readonly passed: number; readonly failed: number; readonly skipped: number; readonly accepted: number; readonly done: number; readonly total: number};

export function counts(state: PlayState): Counts {
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	let accepted = 0;
	for (const view of state.views) {
		if (view.state === 'passed') passed++;
		else if (view.state === 'failed') failed++;
		else if (view.state === 'skipped') skipped++;
		else if (view.state === 'accepted') accepted++;
	}
	return {passed, failed, skipped, accepted, done: passed + failed + skipped + accepted, total: state.views.length};
}

/** 0 when nothing failed, 1 otherwise: an accepted step counts as failed only if its exit status was wrong. */
export function exitCode(state: PlayState): number {
	if (state.runError !== undefined) return 1;
	const failed = state.views.some((view) => view.state === 'failed' || (view.state === 'accepted' && view.accepted?.exitOk === false));
	return failed ? 1 : 0;
}

/** The output view or the diff: a mismatch shows its diff unless `o` says otherwise. */
export function shownPanel(state: PlayState, view: StepView | undefined): 'output' | 'diff' {
	const hasDiff = view?.result?.match?.ok === false && view.state !== 'running';
	if (!hasDiff) return 'output';
	return state.display === 'auto' ? 'diff' : state.display;
}

export const noticed = (state: PlayState, text: string, tone: Notice['tone'] = 'warn'): Update => [{...state, notice: {text, tone}}, []];

export const plain = (state: PlayState): Update => [state, []];
