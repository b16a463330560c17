import path from 'node:path';
import type {EngineEvent, StepResult, Summary} from '../engine/events.js';
import type {Runbook, Step} from '../model.js';

export type StepRecord = {readonly step: Step; readonly result: StepResult; readonly section: string};

export type RunbookRecord = {
	readonly file: string;
	readonly runbook: Runbook | undefined;
	readonly steps: StepRecord[];
	error?: string;
};

/** Collects step results per runbook from the event stream, for reporters that write at the end. */
export class ResultCollector {
	readonly runbooks: RunbookRecord[] = [];

	constructor(private readonly cwd: string) {}

	onEvent(event: EngineEvent): void {
		if (event.kind === 'run-start') {
			this.runbooks.push({file: path.relative(this.cwd, event.file) || event.file, runbook: event.runbook, steps: []});
		} else if (event.kind === 'run-error') {
			const current = this.runbooks.at(-1);
			if (current) current.error = event.message;
		} else if (event.kind === 'step-end') {
			const current = this.runbooks.at(-1);
			current?.steps.push({step: event.step, result: event.result, section: sectionTitle(current.runbook, event.step)});
		}
	}

	summary(): Summary {
		const all = this.runbooks.flatMap((runbook) => runbook.steps);
		return {
			passed: all.filter((record) => record.result.status === 'passed').length,
			failed: all.filter((record) => record.result.status === 'failed').length,
			skipped: all.filter((record) => record.result.status === 'skipped').length,
		};
	}
}

export function sectionTitle(runbook: Runbook | undefined, step: Step): string {
	return runbook?.sections.find((section) => section.slug === step.section)?.title ?? '';
}

/** `N passed, N failed` and `, N skipped` when any were. */
export function summaryLine(summary: Summary): string {
	const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped` : '';
	return `${summary.passed} passed, ${summary.failed} failed${skipped}`;
}
