import {stringify} from 'yaml';
import {summaryLine} from '../engine/outcome.js';
import {formatUnifiedDiff} from '../match/diff.js';
import {visibleLine, visibleText} from '../match/visible.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {onHostText, remoteHost} from './hosts.js';
import {describeLeftover, ResultCollector, stepRows} from './results.js';

/**
 * TAP version 13: one test point per step (` on NAME` after the name of a
 * step not on local), YAML diagnostics under failures (`host:` for a step
 * not on local),
 * a failed point when a runbook could not run, `# warning` lines for
 * processes a run left alive; the engine's counts last. Text from the
 * runbook, the output or the processes never breaks a line or the YAML: a
 * test point's description and a directive's reason are one line
 * (`visibleLine`, `#` written `\#`), and the YAML values hold no character
 * that YAML 1.2 forbids (control characters, U+FFFE, U+FFFF and lone
 * surrogates written as visible escapes, `visibleText`).
 */
export function createTapReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const lines = ['TAP version 13'];
			let n = 0;
			for (const entry of collector.runbooks) {
				const {file, report} = entry;
				lines.push(`# ${visibleLine(file)}: ${report.reason}`);
				if (report.error) lines.push(`not ok ${++n} - ${description(file)} # could not run`, ...yamlBlock({message: report.error.message, code: report.error.code}));
				for (const {step, result, section} of stepRows(entry)) {
					const title = description(`${file} › ${section ? `${section} › ` : ''}${step.name}${onHostText(step)}`);
					if (result.status === 'skipped') {
						lines.push(`ok ${++n} - ${title} # SKIP ${visibleLine(result.message ?? '')}`.trimEnd());
					} else if (result.status === 'passed') {
						lines.push(`ok ${++n} - ${title}`);
					} else {
						lines.push(`not ok ${++n} - ${title}`);
						lines.push(
							...yamlBlock({
								message: result.message ?? 'failed',
								line: step.span.start.line,
								...(remoteHost(step) === undefined ? {} : {host: remoteHost(step)}),
								command: step.command,
								exitCode: result.exitCode,
								durationMs: result.durationMs,
								...(result.match && !result.match.ok ? {diff: formatUnifiedDiff(result.match.diff)} : {output: result.output}),
							}),
						);
					}
				}
				for (const leftover of report.leftovers) lines.push(`# warning: ${visibleLine(describeLeftover(leftover))}`);
			}
			lines.push(`1..${n}`, `# ${summaryLine(collector.summary())}`);
			context.out.write(`${lines.join('\n')}\n`);
		},
	};
}

/** A test point's description: one line, `#` escaped (it would start a directive). */
function description(text: string): string {
	return visibleLine(text).replace(/#/g, '\\#');
}

/** A YAML diagnostics block, two spaces in, each string value made visible. */
function yamlBlock(data: Record<string, unknown>): string[] {
	const shown = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? visibleText(value) : value]));
	const body = stringify(shown, {lineWidth: 0}).trimEnd().split('\n');
	return ['  ---', ...body.map((line) => `  ${line}`), '  ...'];
}
