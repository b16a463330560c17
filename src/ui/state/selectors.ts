import type {EndReason, Summary} from '../../engine/events.js';
import {exitCodeFor} from '../../engine/outcome.js';
import type {Step} from '../../model.js';
import type {Notice, PanelKind, PlayState, StepState, StepView, Update} from './types.js';

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

/** The player's own tally of its steps' states: the live progress only; the summary draws the engine's report. */
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

/**
 * How the run ended: the engine's report says; without one, the run never
 * started (quit first: interrupted) or the player lost it (could not run).
 */
export function endReason(state: PlayState): EndReason {
	if (state.report) return state.report.reason;
	return state.runError === undefined ? 'interrupted' : 'could-not-run';
}

/**
 * The exit code, as `runbook test` gives it (`exitCodeFor`): an accepted step
 * still failed in this run (the file is fixed for the next one), and `q`
 * before the run's end interrupted it (130); a signal gives its own status.
 */
export function exitCode(state: PlayState, signal?: NodeJS.Signals): number {
	const reasons: EndReason[] = signal ? [endReason(state), 'interrupted'] : [endReason(state)];
	return exitCodeFor(reasons, signal);
}

/** The counts to show: the engine's once the run ended, the live tally until then; `accepted` is the player's own. */
export function shownCounts(state: PlayState): Summary & {readonly accepted: number} {
	const live = counts(state);
	if (!state.report) return live;
	return {...state.report.counts, accepted: live.accepted};
}

/** The panels a step that ran can show, the one shown first first: the lines `a` wrote, its output, its diff. */
export function panelsOf(view: StepView | undefined): PanelKind[] {
	if (!view || view.state === 'running') return ['output'];
	const written: PanelKind[] = view.state === 'accepted' && view.accepted ? ['written'] : [];
	const diff: PanelKind[] = view.result?.match?.ok === false ? ['diff'] : [];
	return [...written, 'output', ...diff];
}

/** The panel shown: an accepted step shows what was written, a mismatch its diff, unless `o` says otherwise. */
export function shownPanel(state: PlayState, view: StepView | undefined): PanelKind {
	const panels = panelsOf(view);
	if (state.display !== 'auto' && panels.includes(state.display)) return state.display;
	if (panels.includes('written')) return 'written';
	return panels.includes('diff') ? 'diff' : 'output';
}

export const noticed = (state: PlayState, text: string, tone: Notice['tone'] = 'warn'): Update => [{...state, notice: {text, tone}}, []];

export const plain = (state: PlayState): Update => [state, []];
