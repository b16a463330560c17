import path from 'node:path';
import type {EngineEvent, Leftover, Phase, RunReport, StepResult, Summary} from '../engine/events.js';
import {totalCounts} from '../engine/outcome.js';
import {skippedResult} from '../engine/results.js';
import type {Runbook, Step} from '../model.js';
import {onHostName} from './hosts.js';

/** One line of a report: a step's result, or a skipped "not run" for a step the run never reached. */
export type StepRow = {readonly step: Step; readonly phase: Phase; readonly result: StepResult; readonly section: string};

/** A runbook's final report, as the engine gave it, with what drawing it needs. */
export type RunbookEntry = {
	/** The file, relative to the reporter's folder. */
	readonly file: string;
	readonly runbook: Runbook | undefined;
	readonly report: RunReport;
};

/** The error code of a runbook held back because another one has errors: it was not run, nothing is wrong with it (its reason is `could-not-run`; not to be confused with the reason `not-run` of `--bail`). */
export const heldBackCode = 'held-back';

/** What a runbook that `--bail` never started says in reports (its reason is `not-run`). */
export const bailedOutText = 'not run: --bail stopped the run after a failed runbook';

/** What a step that has no result in the report says: the run ended before it. */
export const notRunMessage = 'not run';

/** Keeps each runbook's final report (`run-end`), for reporters that write at the end. */
export class ResultCollector {
	readonly runbooks: RunbookEntry[] = [];
	private runbook: Runbook | undefined;

	constructor(private readonly cwd: string) {}

	onEvent(event: EngineEvent): void {
		if (event.kind === 'run-start') this.runbook = event.runbook;
		else if (event.kind === 'run-end') this.runbooks.push({file: shownPath(this.cwd, event.report.file), runbook: this.runbook, report: event.report});
	}

	/** The counts over every runbook, added up from their reports. */
	summary(): Summary {
		return totalCounts(this.runbooks.map((entry) => entry.report));
	}
}

/**
 * The report's steps in the order they ended, then every step of the runbook
 * it has no result for (the run ended first) as skipped: each step appears,
 * as `counts` counts it.
 */
export function stepRows(entry: RunbookEntry): StepRow[] {
	const {runbook, report} = entry;
	const row = (step: Step, phase: Phase, result: StepResult): StepRow => ({step, phase, result, section: sectionTitle(runbook, step)});
	const rows = report.steps.map((record) => row(record.step, record.phase, record.result));
	const seen = new Set(report.steps.map((record) => record.step.index));
	for (const step of runbook?.steps ?? []) {
		if (!seen.has(step.index)) rows.push(row(step, step.attributes.cleanup ? 'cleanup' : 'main', skippedResult(notRunMessage)));
	}
	return rows;
}

export function sectionTitle(runbook: Runbook | undefined, step: Step): string {
	return runbook?.sections.find((section) => section.slug === step.section)?.title ?? '';
}

/** A path as the person typed it: relative to the folder they ran in. */
export function shownPath(cwd: string, file: string): string {
	return path.relative(cwd, file) || file;
}

/** One process the run left alive, with what to do about it; its host named when it is not local. */
export function describeLeftover(leftover: Leftover): string {
	const origin = leftover.step === undefined ? '' : ` (started by step ${leftover.step})`;
	return `left running: pid ${leftover.pid} \`${leftover.command}\`${onHostName(leftover.host)}${origin}, stopped at the end; add a cleanup step that stops it`;
}
