import {wallTime, type Reporter, type ReporterContext} from './reporter.js';
import {ResultCollector, stepRows} from './results.js';
import {formatUnifiedDiff} from '../match/diff.js';
import {jsonText} from '../match/visible.js';
import {hostOf, localHost} from '../model.js';

/**
 * One JSON document when everything has run: the counts over every runbook
 * (`summary`), the command's wall time in milliseconds (`durationMs`), and
 * each runbook's report as the engine gave it, each step with its host (its
 * name, `local` included: `hostOf`), command (as the runbook has it),
 * status, exit code, duration in milliseconds, output and diff (up to
 * `maxDiffLines` lines), each process left running with its host (`local`
 * when the engine names none). Every string is exact, control characters as
 * `\u` escapes (`jsonText`).
 */
export function createJsonReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const document = {
				summary: collector.summary(),
				durationMs: wallTime(context),
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
							host: hostOf(step),
							command: step.command,
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
						leftovers: report.leftovers.map((leftover) => ({pid: leftover.pid, command: leftover.command, step: leftover.step ?? null, host: leftover.host ?? localHost})),
					};
				}),
			};
			context.out.write(`${jsonText(document)}\n`);
		},
	};
}
