import {formatUnifiedDiff} from '../match/diff.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {ResultCollector} from './results.js';

const escape = (text: string) =>
	text
		// Characters XML 1.0 cannot hold at all.
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** JUnit XML: a testsuite per runbook, a testcase per step. */
export function createJunitReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const summary = collector.summary();
			const total = summary.passed + summary.failed + summary.skipped;
			const allTime = collector.runbooks.flatMap((r) => r.steps).reduce((sum, r) => sum + r.result.durationMs, 0);
			const lines = [
				'<?xml version="1.0" encoding="UTF-8"?>',
				`<testsuites name="runbook" tests="${total}" failures="${summary.failed}" errors="${collector.runbooks.filter((r) => r.error).length}" skipped="${summary.skipped}" time="${seconds(allTime)}">`,
			];
			for (const record of collector.runbooks) {
				const failures = record.steps.filter((s) => s.result.status === 'failed').length;
				const skipped = record.steps.filter((s) => s.result.status === 'skipped').length;
				const time = record.steps.reduce((sum, s) => sum + s.result.durationMs, 0);
				lines.push(
					`  <testsuite name="${escape(record.file)}" tests="${record.steps.length}" failures="${failures}" errors="${record.error ? 1 : 0}" skipped="${skipped}" time="${seconds(time)}">`,
				);
				if (record.error) lines.push(`    <error message="${escape(record.error)}"/>`);
				for (const {step, result, section} of record.steps) {
					const classname = escape(section ? `${record.file} › ${section}` : record.file);
					const open = `    <testcase classname="${classname}" name="${escape(step.name)}" time="${seconds(result.durationMs)}"`;
					if (result.status === 'passed') {
						lines.push(`${open}/>`);
					} else if (result.status === 'skipped') {
						lines.push(`${open}>`, `      <skipped message="${escape(result.message ?? '')}"/>`, '    </testcase>');
					} else {
						const body = [`$ ${step.command}`, `exit status: ${result.exitCode ?? 'none'}`, result.match && !result.match.ok ? formatUnifiedDiff(result.match.diff) : result.output].join('\n');
						lines.push(`${open}>`, `      <failure message="${escape(result.message ?? 'failed')}">${escape(body)}</failure>`, '    </testcase>');
					}
				}
				lines.push('  </testsuite>');
			}
			lines.push('</testsuites>');
			context.out.write(`${lines.join('\n')}\n`);
		},
	};
}
