import type {EndReason, StepResult} from '../engine/events.js';
import {summaryLine} from '../engine/outcome.js';
import {visibleText} from '../match/visible.js';
import {onHostText} from '../reporters/hosts.js';
import {describeLeftover} from '../reporters/results.js';
import {clock} from './panes/format.js';
import {endReason, type PlayState} from './state.js';

const reasonText: Readonly<Record<EndReason, string>> = {
	passed: 'passed',
	failed: 'failed',
	'could-not-run': 'could not run',
	interrupted: 'interrupted',
	'not-run': 'not run',
};

/**
 * What stays on the normal screen after the player leaves, drawn from the
 * engine's report: how the run ended, what failed, what was accepted, what
 * the cleanup did (` on NAME` after a step not on local), processes left
 * running, and last the same totals line as
 * `runbook test` prints. Written to the terminal as it is: control characters
 * from the runbook, the output or a process's command line as escapes.
 */
export function summaryText(state: PlayState, now: number): string {
	const name = state.file.split('/').pop() ?? state.file;
	const {report} = state;
	const lines = [`runbook play ${name}: ${reasonText[endReason(state)]} (${clock(now - state.startedAt)})`];
	if (!report) {
		if (state.runError) lines.push(`  ✗ ${state.runError}`);
		lines.push('nothing was run');
		return visibleText(`${lines.join('\n')}\n`);
	}
	if (report.error) lines.push(`  ✗ ${name}: ${report.error.message}`);
	// A step run again counts by its last result, as in the report's counts.
	const last = new Map<number, {result: StepResult; cleanup: boolean}>();
	for (const record of report.steps) last.set(record.step.index, {result: record.result, cleanup: record.phase === 'cleanup'});
	let accepted = 0;
	state.steps.forEach((step, position) => {
		const ended = last.get(step.index);
		const cleanup = `${onHostText(step)}${ended?.cleanup ? ' (cleanup)' : ''}`;
		if (state.views[position]?.state === 'accepted') {
			accepted++;
			lines.push(`  ✎ ${position + 1}. ${step.name}: failed; its actual output was written to ${name}`);
		} else if (ended?.result.status === 'failed') {
			lines.push(`  ✗ ${position + 1}. ${step.name}${cleanup}: ${ended.result.message ?? 'failed'}`);
		} else if (ended?.cleanup && ended.result.status === 'passed') {
			lines.push(`  ✓ ${position + 1}. ${step.name}${cleanup}`);
		}
	});
	for (const background of state.stoppedBackgrounds) lines.push(`  ■ stopped background step ${background}`);
	for (const leftover of report.leftovers) lines.push(`  ⚠ ${describeLeftover(leftover)}`);
	if (accepted > 0) lines.push(`  ${accepted} accepted: their new expected output is in ${name}`);
	lines.push(summaryLine(report.counts));
	return visibleText(`${lines.join('\n')}\n`);
}
