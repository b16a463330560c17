import type {EngineEvent, RunReport, StepRecord} from '../engine/events.js';
import {buildReport} from '../engine/outcome.js';
import type {RunHandle, RunOptions} from '../engine/run.js';
import type {Runbook} from '../model.js';
import type {Reporter} from '../reporters/reporter.js';

export type StartRun = (runbook: Runbook, options: RunOptions) => RunHandle;

export type RunFileOptions = {
	readonly runbook: Runbook;
	readonly run: RunOptions;
	readonly reporter: Reporter;
	/** Starts the engine (`startRun`; a fake in unit tests). */
	readonly start: StartRun;
	/** Told the handle as soon as the run starts, so that a signal can stop it. */
	readonly started: (handle: RunHandle) => void;
	/** Resolves when the run is given up (killed, and it did not end in time): the report is written from what it sent. */
	readonly abandoned: Promise<void>;
};

/**
 * Run one runbook, sending its events to the reporter, and always end with a
 * report that the reporter has seen as `run-end`: the engine's own, or, when
 * the engine threw (a `could-not-run` entry) or a killed run was given up
 * (`interrupted`, with the steps that had ended), one built by its rules.
 */
export async function runFile(options: RunFileOptions): Promise<RunReport> {
	const {runbook, reporter} = options;
	const file = options.run.file;
	const records: StepRecord[] = [];
	const startedAt = Date.now();
	let startSeen = false;
	let ended: RunReport | undefined;
	const forward = (event: EngineEvent) => {
		// After run-end the report is written: a given-up run that wakes up later adds nothing to it.
		if (ended) return;
		if (event.kind === 'run-start') startSeen = true;
		if (event.kind === 'step-end') records.push({step: event.step, phase: event.phase, result: event.result});
		if (event.kind === 'run-end') ended = event.report;
		reporter.onEvent(event);
	};
	// Whatever happened, the reporter sees the run start and end once.
	const close = (report: RunReport, error?: RunReport['error']): RunReport => {
		if (ended) return ended;
		if (!startSeen) forward({kind: 'run-start', file, runbook});
		if (error) forward({kind: 'run-error', file, ...error});
		forward({kind: 'run-end', file, report});
		return report;
	};
	const consume = async (): Promise<RunReport> => {
		const handle = options.start(runbook, options.run);
		options.started(handle);
		for await (const event of handle.events) forward(event);
		return handle.done;
	};
	try {
		const report = await Promise.race([consume(), options.abandoned.then(() => undefined)]);
		return close(report ?? buildReport(runbook, file, 'interrupted', records, undefined, Date.now() - startedAt));
	} catch (thrown) {
		const error = {code: 'internal', message: `internal error: ${thrown instanceof Error ? thrown.message : String(thrown)}`};
		return close(buildReport(runbook, file, 'could-not-run', records, error, Date.now() - startedAt), error);
	}
}

/** What `notRun` is told about a runbook `--bail` did not start: reported `not-run`, with no error (it did nothing wrong). */
export const bailedOut = 'bailed-out';

/**
 * A runbook that never ran, its steps counted as skipped: `interrupted` when a
 * signal stopped the run before it; `not-run` when `--bail` started nothing
 * after a failed runbook (`bailedOut`); `could-not-run`, with the error, when
 * `test` refused to run anything (a file failed its check or could not be read).
 * No `run-error` event: that is for errors a run meets, and the command has
 * written this one on stderr already.
 */
export function notRun(runbook: Runbook, file: string, reporter: Reporter, why?: RunReport['error'] | typeof bailedOut): RunReport {
	const report = why === bailedOut ? buildReport(runbook, file, 'not-run', []) : buildReport(runbook, file, why ? 'could-not-run' : 'interrupted', [], why);
	reporter.onEvent({kind: 'run-start', file, runbook});
	reporter.onEvent({kind: 'run-end', file, report});
	return report;
}
