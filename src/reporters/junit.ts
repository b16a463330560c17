import {formatUnifiedDiff} from '../match/diff.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {describeLeftover, ResultCollector, stepRows, type StepRow} from './results.js';
import {xmlAttribute, xmlText} from './xml.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML: a testsuite per runbook with its end reason as a property, a
 * testcase per step, a could-not-run error as `<error>`, processes the run
 * left alive in `<system-err>`. The counts are the engine's. Every text is
 * written so that the document stays well-formed XML 1.0 whatever the
 * runbook or the output holds (`xmlText`, `xmlAttribute`).
 *
 * Written by hand, not with an XML library: the document has one fixed shape
 * of nine kinds of element and no namespaces, and its one hard part, the
 * characters XML cannot hold, is a choice no writer makes for us
 * (xmlbuilder2, for one, leaves newlines raw in attributes, where parsers
 * turn them into spaces, and C1 controls raw).
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
					`  <testsuite name="${xmlAttribute(entry.file)}" tests="${tests}" failures="${counts.failed}" errors="${report.error ? 1 : 0}" skipped="${counts.skipped}" time="${seconds(report.durationMs)}">`,
					'    <properties>',
					`      <property name="reason" value="${xmlAttribute(report.reason)}"/>`,
					'    </properties>',
				);
				if (report.error) lines.push(`    <error message="${xmlAttribute(report.error.message)}" type="${xmlAttribute(report.error.code)}"/>`);
				for (const row of stepRows(entry)) lines.push(...testcase(entry.file, row));
				if (report.leftovers.length > 0) lines.push(`    <system-err>${xmlText(report.leftovers.map(describeLeftover).join('\n'))}</system-err>`);
				lines.push('  </testsuite>');
			}
			lines.push('</testsuites>');
			context.out.write(`${lines.join('\n')}\n`);
		},
	};
}

function testcase(file: string, {step, result, section}: StepRow): string[] {
	const classname = xmlAttribute(section ? `${file} › ${section}` : file);
	const open = `    <testcase classname="${classname}" name="${xmlAttribute(step.name)}" time="${seconds(result.durationMs)}"`;
	if (result.status === 'passed') return [`${open}/>`];
	if (result.status === 'skipped') return [`${open}>`, `      <skipped message="${xmlAttribute(result.message ?? '')}"/>`, '    </testcase>'];
	const body = [`$ ${step.command}`, `exit status: ${result.exitCode ?? 'none'}`, result.match && !result.match.ok ? formatUnifiedDiff(result.match.diff) : result.output].join('\n');
	return [`${open}>`, `      <failure message="${xmlAttribute(result.message ?? 'failed')}">${xmlText(body)}</failure>`, '    </testcase>'];
}
