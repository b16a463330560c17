import {stringify} from 'yaml';
import {formatUnifiedDiff} from '../match/diff.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {ResultCollector, summaryLine} from './results.js';

/** TAP version 13: one test point per step, YAML diagnostics under failures. */
export function createTapReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const lines = ['TAP version 13'];
			let n = 0;
			for (const record of collector.runbooks) {
				lines.push(`# ${record.file}`);
				if (record.error) lines.push(`not ok ${++n} - ${record.file} # could not run`, ...yamlBlock({message: record.error}));
				for (const {step, result, section} of record.steps) {
					const title = `${record.file} › ${section ? `${section} › ` : ''}${step.name}`.replace(/#/g, '\\#');
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
