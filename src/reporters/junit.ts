import {formatUnifiedDiff} from '../match/diff.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {describeLeftover, ResultCollector, stepRows, type StepRow} from './results.js';

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

/**
 * JUnit XML: a testsuite per runbook with its end reason as a property, a
 * testcase per step, a could-not-run error as `<error>`, processes the run
 * left alive in `<system-err>`. The counts are the engine's.
 */
export function createJunitReporter(context: ReporterContext): Reporter {
	const collector = new ResultCollector(context.cwd);
	return {
		onEvent: (event) => collector.onEvent(event),
		finish() {
			const summary = collector.summary();
			const total = summary.passed + summary.failed + summary.skipped;
			const allTime = collector.runbooks.reduce((sum, entry) => sum + entry.report.durationMs, 0);
			const errors = collector.runbooks.filter((entry) => entry.report.error).length;
			const lines = [
				'<?xml version="1.0" encoding="UTF-8"?>',
				`<testsuites name="runbook" tests="${total}" failures="${summary.failed}" errors="${errors}" skipped="${summary.skipped}" time="${seconds(allTime)}">`,
			];
			for (const entry of collector.runbooks) {
				const {report} = entry;
				const {counts} = report;
				const tests = counts.passed + counts.failed + counts.skipped;
				lines.push(
					`  <testsuite name="${escape(entry.file)}" tests="${tests}" failures="${counts.failed}" errors="${report.error ? 1 : 0}" skipped="${counts.skipped}" time="${seconds(report.durationMs)}">`,
					'    <properties>',
					`      <property name="reason" value="${report.reason}"/>`,
					'    </properties>',
				);
				if (report.error) lines.push(`    <error message="${escape(report.error.message)}" type="${escape(report.error.code)}"/>`);
				for (const row of stepRows(entry)) lines.push(...testcase(entry.file, row));
				if (report.leftovers.length > 0) lines.push(`    <system-err>${escape(report.leftovers.map(describeLeftover).join('\n'))}</system-err>`);
				lines.push('  </testsuite>');
			}
			lines.push('</testsuites>');
			context.out.write(`${lines.join('\n')}\n`);
		},
	};
}

function testcase(file: string, {step, result, section}: StepRow): string[] {
	const classname = escape(section ? `${file} › ${section}` : file);
	const open = `    <testcase classname="${classname}" name="${escape(step.name)}" time="${seconds(result.durationMs)}"`;
	if (result.status === 'passed') return [`${open}/>`];
	if (result.status === 'skipped') return [`${open}>`, `      <skipped message="${escape(result.message ?? '')}"/>`, '    </testcase>'];
	const body = [`$ ${step.command}`, `exit status: ${result.exitCode ?? 'none'}`, result.match && !result.match.ok ? formatUnifiedDiff(result.match.diff) : result.output].join('\n');
	return [`${open}>`, `      <failure message="${escape(result.message ?? 'failed')}">${escape(body)}</failure>`, '    </testcase>'];
}
