import type {Reporter, ReporterContext} from './reporter.js';
import {ResultCollector, stepRows} from './results.js';
import {formatUnifiedDiff} from '../match/diff.js';
import {jsonText} from '../match/visible.js';

/**
 * One JSON document on stdout when everything has run: each runbook's report
 * as the engine gave it, every string exactly, control characters as `\u`
 * escapes (`jsonText`).
 */
export function createJsonReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const document = {
				summary: collector.summary(),
				runbooks: collector.runbooks.map((entry) => {
					const {report} = entry;
					return {
						file: entry.file,
						title: entry.runbook?.title ?? null,
						reason: report.reason,
						counts: report.counts,
						durationMs: report.durationMs,
						...(report.error ? {error: report.error} : {}),
						steps: stepRows(entry).map(({step, result, section, phase}) => ({
							name: step.name,
							section,
							line: step.span.start.line,
							status: result.status,
							exitCode: result.exitCode,
							durationMs: result.durationMs,
							output: result.output,
							...(result.stderr === undefined ? {} : {stderr: result.stderr}),
							message: result.message ?? null,
							diff: result.match && !result.match.ok ? formatUnifiedDiff(result.match.diff) : null,
							attempts: result.attempts,
							timedOut: result.timedOut,
							captures: result.captures,
							cleanup: phase === 'cleanup',
						})),
						leftovers: report.leftovers.map((leftover) => ({pid: leftover.pid, command: leftover.command, step: leftover.step ?? null})),
					};
				}),
			};
			context.out.write(`${jsonText(document)}\n`);
		},
	};
}
