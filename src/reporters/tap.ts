import {stringify} from 'yaml';
import {summaryLine} from '../engine/outcome.js';
import {formatUnifiedDiff} from '../match/diff.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {describeLeftover, ResultCollector, stepRows} from './results.js';

/**
 * TAP version 13: one test point per step, YAML diagnostics under failures,
 * a failed point when a runbook could not run, `# warning` lines for
 * processes a run left alive; the engine's counts last.
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
				lines.push(`# ${file}: ${report.reason}`);
				if (report.error) lines.push(`not ok ${++n} - ${file} # could not run`, ...yamlBlock({message: report.error.message, code: report.error.code}));
				for (const {step, result, section} of stepRows(entry)) {
					const title = `${file} › ${section ? `${section} › ` : ''}${step.name}`.replace(/#/g, '\\#');
					if (result.status === 'skipped') {
						lines.push(`ok ${++n} - ${title} # SKIP ${result.message ?? ''}`.trimEnd());
					} else if (result.status === 'passed') {
						lines.push(`ok ${++n} - ${title}`);
					} else {
						lines.push(`not ok ${++n} - ${title}`);
						lines.push(
							...yamlBlock({
								message: result.message ?? 'failed',
								line: step.span.start.line,
								command: step.command,
								exitCode: result.exitCode,
								durationMs: result.durationMs,
								...(result.match && !result.match.ok ? {diff: formatUnifiedDiff(result.match.diff)} : {output: result.output}),
							}),
						);
					}
				}
				for (const leftover of report.leftovers) lines.push(`# warning: ${describeLeftover(leftover).replace(/\n/g, ' ')}`);
			}
			lines.push(`1..${n}`, `# ${summaryLine(collector.summary())}`);
			context.out.write(`${lines.join('\n')}\n`);
		},
	};
}

function yamlBlock(data: Record<string, unknown>): string[] {
	const body = stringify(data, {lineWidth: 0}).trimEnd().split('\n');
	return ['  ---', ...body.map((line) => `  ${line}`), '  ...'];
}
