import type {Runbook, Step} from '../model.js';
import type {GateDecision, Phase, StepResult} from './events.js';
import {skippedResult} from './results.js';
import type {RunOptions} from './run-types.js';
import {skipReason} from './selection.js';

/** What the passes need of their run. */
export type PassHost = {
	readonly runbook: Runbook;
	readonly options: RunOptions;
	/** Aborted when the run is stopped (a signal, `q`, or the gate's `stop`). */
	readonly stopping: AbortController;
	hasResult(step: Step): boolean;
	record(step: Step, phase: Phase, result: StepResult): void;
	/** Run a step; `begun`: the shell began its line, written ahead, before the run was stopped. */
	execute(step: Step, command: string, phase: Phase, begun?: boolean): Promise<StepResult>;
	/** Whether the shell began the line written ahead for this step (`pipeline.ts`). */
	began(step: Step): Promise<boolean>;
};

const runAll = async (): Promise<GateDecision> => ({action: 'run'});

/**
 * The main pass: the steps in document order (cleanup steps left for the
 * end), each asked of the gate (`play`) or run at once (`test`); `goto`
 * moves in the document, `stop` and a failure under `--bail` or `required`
 * skip the rest. After a stop, a step whose line the shell began ahead of
 * its turn (`test`'s pipelining) is taken to its result, as the step the
 * stop came during; the others are not run.
 */
export async function mainPass(host: PassHost): Promise<void> {
	const steps = host.runbook.steps;
	const gate = host.options.gate ?? runAll;
	/** Why the rest is not run, once a step failed under `--bail` or `required`. */
	let bailed: string | undefined;
	let index = 0;
	for (;;) {
		const stopped = host.stopping.signal.aborted;
		if (index >= steps.length) {
			const decision = stopped || bailed || !host.options.atEnd ? undefined : await host.options.atEnd();
			if (decision?.action !== 'goto') break;
			index = Math.max(0, Math.min(steps.length, decision.index));
			continue;
		}
		const step = steps[index];
		if (!step) break;
		index++;
		if (step.attributes.cleanup) continue;
		if (stopped || bailed) {
			// A step written ahead that the shell began before the stop ran: its result is its own.
			if (stopped && !host.hasResult(step) && (await host.began(step))) await host.execute(step, step.command, 'main', true);
			else if (!host.hasResult(step)) host.record(step, 'main', skippedResult(`not run: ${bailed ?? 'the run was stopped'}`));
			continue;
		}
		const skipped = skipReason(step, host.runbook, host.options.tags);
		if (skipped !== undefined) {
			host.record(step, 'main', skippedResult(skipped));
			continue;
		}
		const decision = await gate(step);
		if (decision.action === 'goto') {
			index = Math.max(0, Math.min(steps.length, decision.index));
			continue;
		}
		if (decision.action === 'stop') {
			host.stopping.abort();
			index--;
			continue;
		}
		if (decision.action === 'skip') {
			host.record(step, 'main', skippedResult(decision.reason ?? 'skipped'));
			continue;
		}
		const current = decision.step ?? step;
		const result = await host.execute(current, decision.command ?? current.command, 'main');
		if (result.status === 'failed' && (host.options.bail || current.attributes.required)) {
			bailed = current.attributes.required ? `the required step ${current.name} failed` : 'an earlier step failed (--bail)';
		}
	}
}

/** The cleanup steps, in reverse order; once the run is killed (`killed()`), they are named as not run. */
export async function cleanupPass(host: PassHost, killed: () => boolean): Promise<void> {
	const cleanups = host.runbook.steps.filter((step) => step.attributes.cleanup).reverse();
	for (const step of cleanups) {
		const skipped = killed() ? 'not run: the run was killed' : skipReason(step, host.runbook, host.options.tags);
		if (skipped !== undefined) host.record(step, 'cleanup', skippedResult(skipped));
		else await host.execute(step, step.command, 'cleanup');
	}
}
