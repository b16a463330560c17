import {compileLine, isPatternError} from '../match/pattern.js';
import {hostOf, type Runbook, type Step} from '../model.js';
import type {AheadStep} from './in-flight.js';
import {skipReason} from './selection.js';

/**
 * `runbook test`'s pipelining, as cram does it: the steps that follow a
 * step are written into the shell while it runs, without waiting for its
 * end, as long as the engine has nothing to do between them. The rules of
 * what breaks a batch live here, and only here; the session runs the lines
 * (`in-flight.ts`) and the run claims them step by step (`run.ts`), so that
 * results, output, events and captures are those of a run step by step.
 *
 * The engine acts between two steps, so a batch ends after a step that:
 * - has captures in its expected output: their values are set in the shell
 *   before the next step (any capture, not only one a later step names: the
 *   variables are the shell's for every later step and for `$NAME` in it);
 * - has `retry=` (a failed attempt runs again), `required` (its failure
 *   stops the run), or runs under `--bail`;
 * - is `background` or `interactive`, or has `cwd=` or `interpreter=` (the
 *   engine starts it, or enters and leaves its folder, around it);
 * - is a `cleanup` step (run by the engine at the end, in reverse order);
 * - is followed by a step on another host (each host has its own session,
 *   and a remote one takes no lines ahead: `remote/remote-session.ts`).
 * The same steps are not written ahead of their own turn either, but for the
 * first three (their line is the plain step line: only what follows waits).
 * Steps the selection skips (`--tag`, `skip`) and cleanup steps are passed
 * over in the main pass: they do not end a batch.
 */

/** Whether a step's line can be written before the step before it ended. */
export function writableAhead(step: Step): boolean {
	const {background, interactive, cwd, interpreter, cleanup} = step.attributes;
	return !background && !interactive && !cleanup && cwd === undefined && interpreter === undefined;
}

/** Whether, after this step, the engine has nothing to do before the next one begins (`--bail` aside). */
export function flowsOn(step: Step): boolean {
	const {retryMs, required} = step.attributes;
	return writableAhead(step) && retryMs === undefined && !required && !hasCaptures(step);
}

/** Whether a step's expected output captures values (`{{name}}`, `{{name:…}}`). */
export function hasCaptures(step: Step): boolean {
	const expected = step.expected;
	if (!expected?.patterns || !expected.text.includes('{{')) return false;
	return expected.text.split('\n').some((line) => {
		const compiled = compileLine(line);
		return !isPatternError(compiled) && compiled.kind === 'pattern' && compiled.names.length > 0;
	});
}

/**
 * The steps to write into the shell while `runbook.steps[index]` runs, in
 * order: the main pass's next steps, up to and including the first after
 * which the engine must act (`flowsOn`); none when the step itself does not
 * flow on. `tags` is the run's `--tag` selection.
 */
export function stepsAhead(runbook: Runbook, index: number, tags: readonly string[] | undefined): Step[] {
	const steps = runbook.steps;
	const first = steps[index];
	if (!first || !flowsOn(first)) return [];
	const ahead: Step[] = [];
	for (let at = index + 1; at < steps.length; at++) {
		const step = steps[at];
		if (!step) break;
		if (step.attributes.cleanup || skipReason(step, runbook, tags) !== undefined) continue;
		if (!writableAhead(step) || hostOf(step) !== hostOf(first)) break;
		ahead.push(step);
		if (!flowsOn(step)) break;
	}
	return ahead;
}

/** What the run gives a step: its timeout and grace (ms) and its `RUNBOOK_STEP` cookie. */
export type StepSettings = (step: Step) => {readonly timeoutMs: number; readonly graceMs: number; readonly cookie: string};

/** A run's batches: the steps to write behind a step, once per batch. */
export class Batches {
	/** The last step written ahead. */
	private written = -1;

	/** `enabled`: the run pipelines (`RunOptions.pipeline`, and neither a gate, `atEnd` nor `bail`). */
	constructor(
		private readonly runbook: Runbook,
		private readonly enabled: boolean,
		private readonly tags: readonly string[] | undefined,
		private readonly settings: StepSettings,
	) {}

	/**
	 * The steps to write behind `step` in the main pass: none while the
	 * session still holds the lines written for them (`holdsAhead`); after a
	 * timeout or in a new session it does not, and the rest of the batch is
	 * written anew.
	 */
	ahead(step: Step, holdsAhead: boolean): AheadStep[] {
		if (!this.enabled || (step.index < this.written && holdsAhead)) return [];
		const steps = stepsAhead(this.runbook, step.index, this.tags);
		this.written = steps.at(-1)?.index ?? step.index;
		return steps.map((next) => ({command: next.command, stderr: next.attributes.stderr, ...this.settings(next), ...(next.attributes.detach ? {detach: true} : {})}));
	}
}
