import {describe, expect, it} from 'vitest';
import type {EngineEvent, RunReport, StepRecord} from '../../src/engine/events.js';
import {buildReport} from '../../src/engine/outcome.js';
import {skippedResult} from '../../src/engine/results.js';
import type {RunHandle} from '../../src/engine/run.js';
import {notRun, runFile} from '../../src/commands/run-file.js';
import {parseRunbook} from '../../src/parse/index.js';
import {reporters, type ReporterName} from '../../src/reporters/index.js';
import {plain} from '../../src/reporters/style.js';

const file = '/work/notes/web.md';
const {runbook} = parseRunbook('# Web\n\n```sh {#serve}\nstart-server &\n```\n\n```sh {#check}\ncurl -s localhost\n```\n\n```output\nok\n```\n', {path: file});
const [serve, check] = runbook.steps as [NonNullable<(typeof runbook.steps)[0]>, NonNullable<(typeof runbook.steps)[1]>];
const passed = {status: 'passed', exitCode: 0, durationMs: 12, output: '', captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false} as const;
const records: StepRecord[] = [
	{step: serve, phase: 'main', result: passed},
	{step: check, phase: 'main', result: {...passed, status: 'failed', exitCode: 7, output: 'refused\n', message: 'exit status 7, expected 0'}},
];
const report: RunReport = {...buildReport(runbook, file, 'failed', records), leftovers: [{pid: 4242, command: 'python3 -m http.server', step: 'serve'}], durationMs: 40};

/** The events of a run that left a server running, through one reporter; everything it wrote. */
function draw(name: ReporterName, events: readonly EngineEvent[]): {out: string; err: string} {
	const written = {out: '', err: ''};
	const reporter = reporters[name]({out: {write: (text: string) => (written.out += text)}, err: {write: (text: string) => (written.err += text)}, style: plain, cwd: '/work/notes', elapsed: () => 1234});
	for (const event of events) reporter.onEvent(event);
	reporter.finish();
	return written;
}

const events: EngineEvent[] = [
	{kind: 'run-start', file, runbook},
	...records.map((record): EngineEvent => ({kind: 'step-end', ...record})),
	{kind: 'leftover', leftover: report.leftovers[0]!},
	{kind: 'run-end', file, report},
];
const warning = 'left running: pid 4242 `python3 -m http.server` (started by step serve), stopped at the end; add a cleanup step that stops it';

describe('reporters draw the engine report whole', () => {
	it('pretty: a warning per leftover process and the engine counts', () => {
		expect(draw('pretty', events)).toEqual({
			out: ['Web (web.md)', '  ✓ Web › serve (12ms)', '  ✗ Web › check (12ms)', '    $ curl -s localhost', '    exit status 7, expected 0', '    output (last lines):', '    refused', `  ⚠ ${warning}`, '', '1 passed, 1 failed (1.2s)', ''].join('\n'),
			err: '',
		});
	});

	it('TAP: the reason, test points, `# warning` lines, the counts', () => {
		expect(draw('tap', events).out).toBe(
			['TAP version 13', '# web.md: failed', 'ok 1 - web.md › Web › serve', 'not ok 2 - web.md › Web › check', '  ---', '  message: exit status 7, expected 0', '  line: 7', '  command: curl -s localhost', '  exitCode: 7', '  durationMs: 12', '  output: |', '    refused', '  ...', `# warning: ${warning}`, '1..2', '# 1 passed, 1 failed', ''].join('\n'),
		);
	});

	it('JUnit: the leftovers in <system-err>', () => {
		expect(draw('junit', events).out).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<testsuites name="runbook" tests="2" failures="1" errors="0" time="1.234">',
				'  <testsuite name="web.md" tests="2" failures="1" errors="0" skipped="0" time="0.040">',
				'    <properties>',
				'      <property name="reason" value="failed"/>',
				'    </properties>',
				'    <testcase classname="web.md › Web" name="serve" time="0.012" file="web.md" line="3">',
				'      <properties>',
				'        <property name="host" value="local"/>',
				'      </properties>',
				'    </testcase>',
				'    <testcase classname="web.md › Web" name="check" time="0.012" file="web.md" line="7">',
				'      <properties>',
				'        <property name="host" value="local"/>',
				'      </properties>',
				'      <failure message="exit status 7, expected 0">web.md:7',
				'$ curl -s localhost',
				'refused',
				'</failure>',
				'    </testcase>',
				`    <system-err>${warning}</system-err>`,
				'  </testsuite>',
				'</testsuites>',
				'',
			].join('\n'),
		);
	});

	it('JSON: a leftovers array per runbook', () => {
		const document = JSON.parse(draw('json', events).out) as {runbooks: Array<Record<string, unknown>>};
		expect(document.runbooks[0]).toMatchObject({file: 'web.md', reason: 'failed', counts: {passed: 1, failed: 1, skipped: 0}});
		expect(document.runbooks[0]?.leftovers).toEqual([{pid: 4242, command: 'python3 -m http.server', step: 'serve', host: 'local'}]);
		expect(document.runbooks[0]?.steps).toEqual([expect.objectContaining({name: 'serve', host: 'local', command: 'start-server &', durationMs: 12}), expect.objectContaining({name: 'check', host: 'local', command: 'curl -s localhost', line: 7})]);
		expect(document).toMatchObject({summary: {passed: 1, failed: 1, skipped: 0}, durationMs: 1234});
	});
});

describe('runFile: the reporter always gets a report', () => {
	const collect = () => {
		const seen: EngineEvent[] = [];
		return {seen, reporter: {onEvent: (event: EngineEvent) => seen.push(event), finish: () => {}}};
	};

	it('when the engine rejects, a could-not-run report with the error', async () => {
		const {seen, reporter} = collect();
		const broken = (): RunHandle => ({events: (async function* () {})(), interrupt() {}, stop() {}, kill() {}, done: Promise.reject(new Error('boom'))});
		const ended = await runFile({runbook, run: {file}, reporter, start: broken, started: () => {}, abandoned: new Promise(() => {})});
		const error = {code: 'internal', message: 'internal error: boom'};
		expect({...ended, durationMs: 0}).toEqual({file, reason: 'could-not-run', counts: {passed: 0, failed: 0, skipped: 2}, steps: [], error, leftovers: [], durationMs: 0});
		expect(seen.map((event) => event.kind)).toEqual(['run-start', 'run-error', 'run-end']);
	});

	it('a run given up (the abandon timeout won): nothing the engine sends later reaches the reporter after run-end', async () => {
		const {seen, reporter} = collect();
		let giveUp = () => {};
		const abandoned = new Promise<void>((resolve) => (giveUp = resolve));
		let late = () => {};
		const lateEvents = new Promise<void>((resolve) => (late = resolve));
		let finished = () => {};
		const drained = new Promise<void>((resolve) => (finished = resolve));
		const slow = (): RunHandle => ({
			events: (async function* (): AsyncGenerator<EngineEvent> {
				yield {kind: 'run-start', file, runbook};
				giveUp();
				// The killed engine wakes up after the report was written.
				await lateEvents;
				yield {kind: 'step-end', ...records[0]!};
				yield {kind: 'run-end', file, report};
				finished();
			})(),
			interrupt() {},
			stop() {},
			kill() {},
			done: new Promise<RunReport>(() => {}),
		});
		const ended = await runFile({runbook, run: {file}, reporter, start: slow, started: () => {}, abandoned});
		expect(ended.reason).toBe('interrupted');
		late();
		await drained;
		expect(seen.map((event) => event.kind)).toEqual(['run-start', 'run-end']);
	});

	it('a runbook a signal kept from running: interrupted, every step skipped', () => {
		const {seen, reporter} = collect();
		expect(notRun(runbook, file, reporter)).toEqual({file, reason: 'interrupted', counts: {passed: 0, failed: 0, skipped: 2}, steps: [], leftovers: [], durationMs: 0});
		expect(seen.map((event) => event.kind)).toEqual(['run-start', 'run-end']);
		expect(skippedResult('not run').status).toBe('skipped');
	});
});
