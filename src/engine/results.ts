import type {StepResult} from './events.js';

/**
 * Every `StepResult` is built here: one constructor per way a step can end,
 * so that a field added later is set everywhere (execa's `lib/return/result.js`).
 */

type Extra = Partial<Omit<StepResult, 'status' | 'message'>>;

const blank = {exitCode: null, durationMs: 0, output: '', captures: {}, attempts: 0, timedOut: false, interrupted: false, cut: false} as const;

/** A step that did not run: `skip`, the gate, `--bail`, a stopped run, no terminal. */
export function skippedResult(message: string, extra: Extra = {}): StepResult {
	return {...blank, ...extra, status: 'skipped', message};
}

/** A step that ran and did what the notes say. */
export function passedResult(extra: Extra = {}): StepResult {
	return {...blank, attempts: 1, ...extra, status: 'passed'};
}

/** A step that ran, or tried to, and did not do what the notes say: why, in a sentence. */
export function failedResult(message: string, extra: Extra = {}): StepResult {
	return {...blank, attempts: 1, ...extra, status: 'failed', message};
}

/** The message of a step stopped from outside. */
export const interruptedMessage = 'interrupted';
