import type {Reporter, ReporterContext} from './reporter.js';
import {ResultCollector} from './results.js';
import {formatUnifiedDiff} from '../match/diff.js';

/** One JSON document on stdout when everything has run. */
export function createJsonReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const document = {
				summary: collector.summary(),
				runbooks: collector.runbooks.map((record) => ({
					file: record.file,
					title: record.runbook?.title ?? null,
					...(record.error ? {error: record.error} : {}),
					steps: record.steps.map(({step, result, section}) => ({
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
						cleanup: step.attributes.cleanup,
					})),
				})),
			};
			context.out.write(`${JSON.stringify(document, null, 2)}\n`);
		},
	};
}
