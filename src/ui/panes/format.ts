import {formatDuration} from '../../parse/duration.js';
import type {ExitExpectation} from '../../model.js';
import type {StepState, StepView} from '../state.js';
import {span, type Span, type Style} from '../text/styled.js';

export {formatDuration};

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** `m:ss`, or `h:mm:ss` past an hour. */
export function clock(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = String(seconds % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export const stateStyle: Readonly<Record<StepState, Style>> = {
	pending: {color: 'gray'},
	running: {color: 'yellow'},
	passed: {color: 'green'},
	failed: {color: 'red'},
	skipped: {color: 'gray'},
	accepted: {color: 'cyan'},
};

const icons: Readonly<Record<Exclude<StepState, 'running'>, string>> = {pending: '○', passed: '✓', failed: '✗', skipped: '↷', accepted: '✎'};

/** The icon of a step's state; a running step's spins with the clock. */
export function stateIcon(state: StepState, now: number): Span {
	const text = state === 'running' ? (spinner[Math.floor(now / 100) % spinner.length] ?? '*') : icons[state];
	return span(text, {...stateStyle[state], bold: state !== 'pending' && state !== 'skipped'});
}

/** How long a step took, or has been running. */
export function elapsedOf(view: StepView, now: number): string {
	if (view.result) return formatDuration(view.result.durationMs);
	return view.startedAt === undefined ? '' : formatDuration(Math.max(0, now - view.startedAt));
}

export {plural} from '../../plural.js';

export const keyHint = (key: string, what: string): Span[] => [span(key, {bold: true}), span(` ${what}`, {dimColor: true})];

/** The exit status a step expects, in a word: `0`, `3`, `nonzero`, `any` (the words of the engine's `describeExit`, which the first frame does not load). */
export function exitText(expected: ExitExpectation): string {
	return expected.kind === 'code' ? String(expected.code) : expected.kind;
}
