import {formatDuration} from '../parse/duration.js';
import {visibleLine} from '../match/visible.js';
import {summaryLine} from '../engine/outcome.js';
import type {EndReason, Summary} from '../engine/events.js';
import {onHostText} from './hosts.js';
import {stepRows, type RunbookEntry} from './results.js';

/**
 * Text from a runbook or its output as Markdown shows it literally, on one
 * line of a table cell or a list item: control characters and line breaks as
 * visible escapes (`visibleLine`), then every ASCII punctuation character
 * that Markdown gives a meaning (`|` ends a cell; `*`, `_`, `` ` ``, `[`,
 * `<`, `#` and the rest) backslash-escaped, which CommonMark (§2.4,
 * "Backslash escapes") and GitHub Flavored Markdown read as the character
 * itself.
 */
export function markdownText(text: string): string {
	return visibleLine(text).replace(/[\\`*_{}[\]()#+\-.!|<>~=&"':;$@^%,/?]/g, (character) => `\\${character}`);
}

const statusWord: Readonly<Record<EndReason, string>> = {'passed': '✅ passed', 'failed': '❌ failed', 'could-not-run': '⚠️ could not run', 'interrupted': '⏹️ interrupted', 'not-run': '↷ not run (--bail)'};

/**
 * The Markdown a run appends to `$GITHUB_STEP_SUMMARY`: a heading with the
 * counts and the wall time (`summaryLine`), a table with a row per runbook
 * (status, passed, failed, skipped, time), then each failed step as
 * `file:line` with its name (and ` on NAME` when not on local) and message, and each runbook that could not run
 * with its error. Runbook text is escaped (`markdownText`).
 */
export function stepSummary(entries: readonly RunbookEntry[], summary: Summary, wallMs: number): string {
	const lines = [`### runbook: ${summaryLine(summary, wallMs)}`, '', '| Runbook | Status | Passed | Failed | Skipped | Time |', '| --- | --- | ---: | ---: | ---: | ---: |'];
	for (const entry of entries) {
		const {counts, reason, durationMs} = entry.report;
		lines.push(`| ${markdownText(entry.file)} | ${statusWord[reason]} | ${counts.passed} | ${counts.failed} | ${counts.skipped} | ${formatDuration(durationMs)} |`);
	}
	const failures: string[] = [];
	for (const entry of entries) {
		if (entry.report.error) failures.push(`- ${markdownText(entry.file)}: could not run: ${markdownText(entry.report.error.message)}`);
		for (const {step, result} of stepRows(entry)) {
			if (result.status !== 'failed') continue;
			failures.push(`- ${markdownText(`${entry.file}:${step.span.start.line}`)} ${markdownText(`${step.name}${onHostText(step)}`)}: ${markdownText(result.message ?? 'failed')}`);
		}
	}
	if (failures.length > 0) lines.push('', '**Failed**', '', ...failures);
	return `${lines.join('\n')}\n\n`;
}
