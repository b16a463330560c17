import {describe, expect, it} from 'vitest';
import type {EngineEvent, RunReport, StepRecord} from '../../src/engine/events.js';
import {buildReport} from '../../src/engine/outcome.js';
import type {Runbook, Step} from '../../src/model.js';
import {parseRunbook} from '../../src/parse/index.js';
import {createGithubReporter} from '../../src/reporters/github.js';
import {hasRemoteSteps, onHostText, promptText, remoteHost} from '../../src/reporters/hosts.js';
import {reporters, type ReporterName} from '../../src/reporters/index.js';
import {LiveArea} from '../../src/reporters/live-area.js';
import type {Reporter, ReporterContext} from '../../src/reporters/reporter.js';
import {plain} from '../../src/reporters/style.js';
import {junitSchemaErrors} from '../xml.js';

const file = '/work/notes/fleet.md';
const parsed = parseRunbook('# Fleet\n\n```sh {#serve}\nstart-server &\n```\n\n```sh {#check}\ncurl -s node1\n```\n\n```output\nok\n```\n\n```sh {#tidy}\necho tidy\n```\n', {path: file}).runbook;
/** The steps as the format gives them once `host=` is written: `serve` and `check` on node2, `tidy` on local (no attribute). */
const onHost = (step: Step, host: string | undefined): Step => ({...step, attributes: {...step.attributes, ...(host === undefined ? {} : {host})}});
const [serve, check, tidy] = [onHost(parsed.steps[0]!, 'node2'), onHost(parsed.steps[1]!, 'node2'), onHost(parsed.steps[2]!, undefined)];
const runbook: Runbook = {...parsed, steps: [serve, check, tidy]};
const passed = {status: 'passed', exitCode: 0, durationMs: 12, output: '', captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false} as const;
const records: StepRecord[] = [
	{step: serve, phase: 'main', result: passed},
	{step: check, phase: 'main', result: {...passed, status: 'failed', exitCode: 7, output: 'refused\n', message: 'exit status 7, expected 0'}},
	{step: tidy, phase: 'main', result: {...passed, output: 'tidy\n'}},
];
const report: RunReport = {...buildReport(runbook, file, 'failed', records), leftovers: [{pid: 4242, command: 'python3 -m http.server', step: 'serve', host: 'node2'}, {pid: 99, command: 'sleep 9', step: 'tidy'}], durationMs: 40};
const events: EngineEvent[] = [{kind: 'run-start', file, runbook}, ...records.map((record): EngineEvent => ({kind: 'step-end', ...record})), {kind: 'run-end', file, report}];
const remoteLeftover = 'left running: pid 4242 `python3 -m http.server` on node2 (started by step serve), stopped at the end; add a cleanup step that stops it';
const localLeftover = 'left running: pid 99 `sleep 9` (started by step tidy), stopped at the end; add a cleanup step that stops it';

const context = (written: {out: string; err: string}): ReporterContext => ({out: {write: (text: string) => (written.out += text)}, err: {write: (text: string) => (written.err += text)}, style: plain, cwd: '/work/notes', elapsed: () => 1234});

function drive(reporter: Reporter): void {
	for (const event of events) reporter.onEvent(event);
	reporter.finish();
}

function draw(name: ReporterName): string {
	const written = {out: '', err: ''};
	drive(reporters[name](context(written)));
	expect(written.err).toBe('');
	return written.out;
}

const hostProperty = (host: string) => ['      <properties>', `        <property name="host" value="${host}"/>`, '      </properties>'];

describe('reporters carry the host of each step', () => {
	it('the words: ` on NAME` and `NAME $ ` for a step not on local, nothing for a local one', () => {
		expect([onHostText(check), onHostText(tidy)]).toEqual([' on node2', '']);
		expect([remoteHost(check), remoteHost(tidy), remoteHost(onHost(tidy, 'local'))]).toEqual(['node2', undefined, undefined]);
		expect([promptText('node2'), promptText(undefined)]).toEqual(['node2 $ ', '$ ']);
		expect([hasRemoteSteps(runbook.steps), hasRemoteSteps(parsed.steps), hasRemoteSteps([onHost(tidy, 'local')])]).toEqual([true, false, false]);
	});

	it('pretty: ` on node2` after the name, `node2 $` before the command in the failure details, the leftover’s host', () => {
		expect(draw('pretty')).toBe(
			[
				'Fleet (fleet.md)',
				'  ✓ Fleet › serve on node2 (12ms)',
				'  ✗ Fleet › check on node2 (12ms)',
				'    node2 $ curl -s node1',
				'    exit status 7, expected 0',
				'    output (last lines):',
				'    refused',
				'  ✓ Fleet › tidy (12ms)',
				`  ⚠ ${remoteLeftover}`,
				`  ⚠ ${localLeftover}`,
				'',
				'2 passed, 1 failed (1.2s)',
				'',
			].join('\n'),
		);
	});

	it('JSON: every step and every leftover has its host, `local` included', () => {
		const document = JSON.parse(draw('json')) as {runbooks: Array<{steps: Array<Record<string, unknown>>; leftovers: unknown[]}>};
		const [only] = document.runbooks;
		expect(only?.steps.map((step) => [step.name, step.host])).toEqual([
			['serve', 'node2'],
			['check', 'node2'],
			['tidy', 'local'],
		]);
		expect(only?.steps[1]).toEqual({name: 'check', section: 'Fleet', line: 7, host: 'node2', command: 'curl -s node1', status: 'failed', exitCode: 7, durationMs: 12, output: 'refused\n', message: 'exit status 7, expected 0', diff: null, attempts: 1, timedOut: false, captures: {}, cleanup: false});
		expect(only?.leftovers).toEqual([
			{pid: 4242, command: 'python3 -m http.server', step: 'serve', host: 'node2'},
			{pid: 99, command: 'sleep 9', step: 'tidy', host: 'local'},
		]);
	});

	it('JUnit: a host property in every testcase, the prompt of its host in a failure; valid against the schema', async () => {
		const junit = draw('junit');
		expect(junit).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<testsuites name="runbook" tests="3" failures="1" errors="0" time="1.234">',
				'  <testsuite name="fleet.md" tests="3" failures="1" errors="0" skipped="0" time="0.040">',
				'    <properties>',
				'      <property name="reason" value="failed"/>',
				'    </properties>',
				'    <testcase classname="fleet.md › Fleet" name="serve" time="0.012" file="fleet.md" line="3">',
				...hostProperty('node2'),
				'    </testcase>',
				'    <testcase classname="fleet.md › Fleet" name="check" time="0.012" file="fleet.md" line="7">',
				...hostProperty('node2'),
				'      <failure message="exit status 7, expected 0">fleet.md:7',
				'node2 $ curl -s node1',
				'refused',
				'</failure>',
				'    </testcase>',
				'    <testcase classname="fleet.md › Fleet" name="tidy" time="0.012" file="fleet.md" line="15">',
				...hostProperty('local'),
				'    </testcase>',
				`    <system-err>${remoteLeftover}\n${localLeftover}</system-err>`,
				'  </testsuite>',
				'</testsuites>',
				'',
			].join('\n'),
		);
		expect(await junitSchemaErrors(junit)).toEqual([]);
	});

	it('TAP: ` on node2` in the test point, `host:` in the failure’s diagnostics', () => {
		expect(draw('tap')).toBe(
			[
				'TAP version 13',
				'# fleet.md: failed',
				'ok 1 - fleet.md › Fleet › serve on node2',
				'not ok 2 - fleet.md › Fleet › check on node2',
				'  ---',
				'  message: exit status 7, expected 0',
				'  line: 7',
				'  host: node2',
				'  command: curl -s node1',
				'  exitCode: 7',
				'  durationMs: 12',
				'  output: |',
				'    refused',
				'  ...',
				'ok 3 - fleet.md › Fleet › tidy',
				`# warning: ${remoteLeftover}`,
				`# warning: ${localLeftover}`,
				'1..3',
				'# 2 passed, 1 failed',
				'',
			].join('\n'),
		);
	});

	it('GitHub: the annotation’s title and the step summary name the host of a failed step', () => {
		const annotations = {out: '', err: ''};
		const summary = {out: '', err: ''};
		drive(createGithubReporter(context({out: '', err: ''}), {annotations: context(annotations).out, summary: context(summary).out}));
		expect(annotations.out).toBe('::error file=fleet.md,line=7,title=runbook%3A Fleet › check on node2::exit status 7, expected 0%0Arefused\n');
		expect(summary.out).toContain('\n- fleet\\.md\\:7 check on node2: exit status 7\\, expected 0\n');
	});

	it('the live area of `runbook test` names the host of the running step when it is not local', () => {
		let written = '';
		const area = new LiveArea({write: (text: string) => (written += text), columns: 80}, plain, 2, () => 0);
		area.onEvent(0, 'fleet.md', {kind: 'run-start', file, runbook});
		area.onEvent(0, 'fleet.md', {kind: 'step-start', step: check, attempt: 1, phase: 'main', command: check.command});
		expect(written.split('\n').slice(-3)).toEqual(['\u001B[2F\u001B[Jrunning 1 · 0 of 2 done', '  ● fleet.md › check on node2 0ms', '']);
		area.onEvent(0, 'fleet.md', {kind: 'step-start', step: tidy, attempt: 1, phase: 'main', command: tidy.command});
		expect(written.split('\n').slice(-2)).toEqual(['  ● fleet.md › tidy 0ms', '']);
		area.stop();
	});
});
