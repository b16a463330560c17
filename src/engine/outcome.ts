import {constants} from 'node:os';
import type {EndReason, Leftover, RunReport, StepRecord, Summary} from './events.js';
import type {Runbook} from '../model.js';
import {exitCodes} from './exit-codes.js';
import {formatDuration} from '../parse/duration.js';

/**
 * The exit status of a process that a signal ended, as shells report it:
 * 128 + the signal's number from the platform's own table
 * (`os.constants.signals`), so SIGINT is 130, SIGSEGV 139, SIGTERM 143.
 */
export function signalExitStatus(signal: NodeJS.Signals): number {
	return 128 + (constants.signals[signal] ?? 0);
}

/**
 * The one map from how runs ended to `runbook`'s exit code (exit-codes.ts): 0 all passed,
 * 1 a step failed, 2 a runbook could not run, 128+N when a signal (SIGINT:
 * 130, SIGTERM: 143) or the player's `q` (as SIGINT) stopped the run.
 * Several runs: the worst wins, in the order interrupted > could not run > failed.
 */
export function exitCodeFor(reasons: readonly EndReason[], signal: NodeJS.Signals = 'SIGINT'): number {
	if (reasons.includes('interrupted')) return signalExitStatus(signal);
	if (reasons.includes('could-not-run')) return exitCodes.couldNotRun;
	if (reasons.includes('failed')) return exitCodes.failed;
	return exitCodes.passed;
}

/** Counts over every step of the runbook: a step without a result did not run and counts as skipped. */
export function countSteps(runbook: Runbook, records: readonly StepRecord[]): Summary {
	const last = new Map(records.map((record) => [record.step.index, record.result.status]));
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	for (const step of runbook.steps) {
		const status = last.get(step.index) ?? 'skipped';
		if (status === 'passed') passed++;
		else if (status === 'failed') failed++;
		else skipped++;
	}
	return {passed, failed, skipped};
}

/** Adds up reports of several runbooks: `N passed, N failed` over all of them. */
export function totalCounts(reports: readonly Pick<RunReport, 'counts'>[]): Summary {
	return reports.reduce((sum, {counts}) => ({passed: sum.passed + counts.passed, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped}), {passed: 0, failed: 0, skipped: 0});
}

/**
 * `N passed, N failed` and `, N skipped` when any were: the closing line every
 * front end prints; with the wall time in milliseconds, ` (4.2s)` after it.
 */
export function summaryLine(summary: Summary, wallMs?: number): string {
	const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped` : '';
	const time = wallMs === undefined ? '' : ` (${formatDuration(wallMs)})`;
	return `${summary.passed} passed, ${summary.failed} failed${skipped}${time}`;
}

/**
 * The run's report, by one rule: counts over every step of the runbook. The
 * engine builds its own with it; a front end, one the engine could not give
 * (it threw, or a killed run never ended).
 *
 * @example
 * const report = buildReport(runbook, 'notes.md', 'could-not-run', [], {code: 'internal', message: 'internal error: boom'});
 */
export function buildReport(runbook: Runbook, file: string, reason: EndReason, records: readonly StepRecord[], error?: RunReport['error'], durationMs = 0, leftovers: readonly Leftover[] = []): RunReport {
	return {file, reason, counts: countSteps(runbook, records), steps: [...records], ...(error ? {error} : {}), leftovers, durationMs};
}
