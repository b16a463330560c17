import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {blankJson, blankJunit} from './blank.js';
import {fixtureCopy, killStarted, removeCopies, runbook, started, until} from './cli.js';

afterEach(killStarted);

afterEach(removeCopies);

type Row = Record<string, unknown>;
/** The fixtures' commands by step name, as the JSON report carries them (stop-main.md's `tidy` gives its own). */
const commands: Readonly<Record<string, string>> = {
	make: "printf 'alpha\\nbeta\\n' > list.txt && wc -l < list.txt",
	'files-2': 'cat list.txt',
	tidy: 'rm -f list.txt',
	'needs-things-1': 'touch should-not-exist',
	'broken-1': 'touch should-not-exist',
	first: 'echo first',
	long: "sh -c 'touch long-started; exec sleep 100'",
	after: 'echo after',
	'slow-tidy': "sh -c 'touch cleanup-started; exec sleep 100'",
};
const row = (name: string, section: string, line: number, status: string, extra: Row = {}): Row => ({
	name,
	section,
	line,
	command: commands[name],
	status,
	exitCode: 0,
	durationMs: 0,
	output: '',
	message: null,
	diff: null,
	attempts: 1,
	timedOut: false,
	captures: {},
	cleanup: false,
	...extra,
});
const notRun = (name: string, section: string, line: number, cleanup = false): Row => row(name, section, line, 'skipped', {exitCode: null, message: 'not run', attempts: 0, cleanup});
// An interrupted step ends by SIGINT: the process that marks the step as started is the one that then sleeps (`exec`),
// so the signal cannot come between two commands of the shell, before the sleep is there to receive it.
const killedStatus = 130;
const counts = (passed: number, failed: number, skipped: number) => ({passed, failed, skipped});

/** passing.md, when a signal stopped the run before it. */
const passingNotRun = {
	file: 'passing.md',
	title: 'Passing',
	reason: 'interrupted',
	counts: counts(0, 0, 3),
	durationMs: 0,
	steps: [notRun('make', 'Files', 5), notRun('files-2', 'Files', 13), notRun('tidy', 'Files', 23, true)],
	leftovers: [],
};

describe('the report when a runbook could not run', () => {
	it('JSON: its reason, error and steps, and the files after it still run; exit 2', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--reporter', 'json', 'missing-requirement.md', 'passing.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(blankJson(JSON.parse(ran.stdout))).toEqual({
			summary: counts(3, 0, 1),
			durationMs: 0,
			runbooks: [
				{
					file: 'missing-requirement.md',
					title: 'Needs things',
					reason: 'could-not-run',
					counts: counts(0, 0, 1),
					durationMs: 0,
					error: {code: 'missing-requirement', message: 'required command not found on PATH: `definitely-not-installed-cmd`; nothing was run'},
					steps: [notRun('needs-things-1', 'Needs things', 7)],
					leftovers: [],
				},
				{
					file: 'passing.md',
					title: 'Passing',
					reason: 'passed',
					counts: counts(3, 0, 0),
					durationMs: 0,
					steps: [row('make', 'Files', 5, 'passed', {output: '2\n'}), row('files-2', 'Files', 13, 'passed', {output: 'alpha\nbeta\n'}), row('tidy', 'Files', 23, 'passed', {cleanup: true})],
					leftovers: [],
				},
			],
		});
	});

	it('JUnit: an <error> with the reason as a property; exit 2', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--reporter', 'junit', 'missing-requirement.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(blankJunit(ran.stdout)).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<testsuites name="runbook" tests="2" failures="0" errors="1" time="0">',
				'  <testsuite name="missing-requirement.md" tests="2" failures="0" errors="1" skipped="1" time="0">',
				'    <properties>',
				'      <property name="reason" value="could-not-run"/>',
				'    </properties>',
				'    <testcase classname="missing-requirement.md" name="(could not run)" time="0" file="missing-requirement.md" line="1">',
				'      <error message="required command not found on PATH: `definitely-not-installed-cmd`; nothing was run" type="missing-requirement">required command not found on PATH: `definitely-not-installed-cmd`; nothing was run</error>',
				'    </testcase>',
				'    <testcase classname="missing-requirement.md › Needs things" name="needs-things-1" time="0" file="missing-requirement.md" line="7">',
				'      <skipped>missing-requirement.md:7: not run</skipped>',
				'    </testcase>',
				'  </testsuite>',
				'</testsuites>',
				'',
			].join('\n'),
		);
	});
});

describe('the report when a runbook fails its check or cannot be read: nothing runs, the report is whole', () => {
	const diagnostic = 'broken.md:3:8: unknown attribute `tiemout` (did you mean `timeout`?); valid: name, timeout, exit, retry, every, skip, background, ready, cleanup, stderr, ansi, interactive, grace, detach, required, host, cwd, interpreter, tag, category, excludeFromRunAll [unknown-attribute]';
	const heldBack = {code: 'held-back', message: 'not run: another runbook has errors (`runbook check` lists them)'};

	it('JSON: the broken file could not run (its diagnostics as the error), the valid one is not run; exit 2', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--reporter', 'json', 'passing.md', 'broken.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toBe(`${diagnostic}\nrunbook: nothing was run: fix the errors above (\`runbook check\` lists them)\n`);
		expect(existsSync(path.join(dir, 'should-not-exist'))).toBe(false);
		expect(existsSync(path.join(dir, 'list.txt'))).toBe(false);
		expect(blankJson(JSON.parse(ran.stdout))).toEqual({
			summary: counts(0, 0, 4),
			durationMs: 0,
			runbooks: [
				{...passingNotRun, reason: 'could-not-run', error: heldBack},
				{
					file: 'broken.md',
					title: 'Broken',
					reason: 'could-not-run',
					counts: counts(0, 0, 1),
					durationMs: 0,
					error: {code: 'check-failed', message: diagnostic},
					steps: [notRun('broken-1', 'Broken', 3)],
					leftovers: [],
				},
			],
		});
	});

	it('JUnit: a missing file is a whole document with its <error>; exit 2', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--reporter', 'junit', 'nope.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toBe('runbook: nope.md: no such file (looked in ./ and runbooks/)\nrunbook: nothing was run: fix the errors above (`runbook check` lists them)\n');
		expect(blankJunit(ran.stdout)).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<testsuites name="runbook" tests="1" failures="0" errors="1" time="0">',
				'  <testsuite name="nope.md" tests="1" failures="0" errors="1" skipped="0" time="0">',
				'    <properties>',
				'      <property name="reason" value="could-not-run"/>',
				'    </properties>',
				'    <testcase classname="nope.md" name="(could not run)" time="0" file="nope.md" line="1">',
				'      <error message="nope.md: no such file (looked in ./ and runbooks/)" type="not-found">nope.md: no such file (looked in ./ and runbooks/)</error>',
				'    </testcase>',
				'  </testsuite>',
				'</testsuites>',
				'',
			].join('\n'),
		);
	});

	it('pretty: the diagnostics once on stderr, each runbook not run, the counts line; exit 2', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', 'passing.md', 'broken.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toBe(`${diagnostic}\nrunbook: nothing was run: fix the errors above (\`runbook check\` lists them)\n`);
		expect(ran.stdout.replace(/ \([^()]*\)\n$/, ' (time)\n')).toBe(['Passing (passing.md)', '  ↷ not run', '', 'Broken (broken.md)', '  ↷ not run', '', '0 passed, 0 failed, 4 skipped (time)', ''].join('\n'));
	});
});

describe('the report when a signal stops the run', () => {
	it('SIGINT: the step is interrupted, cleanup runs, the JSON report is whole (later files not run); exit 130', async () => {
		const dir = fixtureCopy();
		const cli = started(['test', '-j', '1', '--reporter', 'json', 'stop-main.md', 'passing.md'], dir);
		await until(() => existsSync(path.join(dir, 'long-started')));
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		expect(readFileSync(path.join(dir, 'cleaned.txt'), 'utf8')).toBe('cleaned\n');
		expect(blankJson(JSON.parse(cli.output.stdout))).toEqual({
			summary: counts(2, 1, 4),
			durationMs: 0,
			runbooks: [
				{
					file: 'stop-main.md',
					title: 'Stop in a step',
					reason: 'interrupted',
					counts: counts(2, 1, 1),
					durationMs: 0,
					steps: [
						row('first', 'Stop in a step', 3, 'passed', {output: 'first\n'}),
						row('long', 'Stop in a step', 11, 'failed', {exitCode: killedStatus, message: 'interrupted'}),
						row('after', 'Stop in a step', 15, 'skipped', {exitCode: null, message: 'not run: the run was stopped', attempts: 0}),
						row('tidy', 'Stop in a step', 19, 'passed', {cleanup: true, command: 'echo cleaned > cleaned.txt'}),
					],
					leftovers: [],
				},
				passingNotRun,
			],
		});
	});

	it('a second SIGINT kills the cleanup and still writes the whole JSON report; exit 130', async () => {
		const dir = fixtureCopy();
		const cli = started(['test', '-j', '1', '--reporter', 'json', 'stop-cleanup.md', 'passing.md'], dir);
		await until(() => existsSync(path.join(dir, 'long-started')));
		cli.child.kill('SIGINT');
		await until(() => existsSync(path.join(dir, 'cleanup-started')));
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		expect(cli.output.stderr).toContain('SIGINT again: killing the run without waiting for cleanup');
		const report = blankJson(JSON.parse(cli.output.stdout)) as {runbooks: Array<{steps: Row[]}>};
		expect(report).toEqual({
			summary: counts(0, 2, 3),
			durationMs: 0,
			runbooks: [
				{
					file: 'stop-cleanup.md',
					title: 'Stop in the cleanup',
					reason: 'interrupted',
					counts: counts(0, 2, 0),
					durationMs: 0,
					steps: [
						row('long', 'Stop in the cleanup', 3, 'failed', {exitCode: killedStatus, message: 'interrupted'}),
						// Killed with the run: the engine's words for how it ended.
						row('slow-tidy', 'Stop in the cleanup', 7, 'failed', {exitCode: report.runbooks[0]?.steps[1]?.exitCode, message: report.runbooks[0]?.steps[1]?.message, cleanup: true}),
					],
					leftovers: [],
				},
				passingNotRun,
			],
		});
	});

	it('SIGTERM: the JUnit report is whole; exit 143', async () => {
		const dir = fixtureCopy();
		const cli = started(['test', '--reporter', 'junit', 'stop-main.md'], dir);
		await until(() => existsSync(path.join(dir, 'long-started')));
		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(143);
		expect(cli.output.stderr).toContain('SIGTERM: stopping; running cleanup steps');
		expect(readFileSync(path.join(dir, 'cleaned.txt'), 'utf8')).toBe('cleaned\n');
		expect(blankJunit(cli.output.stdout)).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<testsuites name="runbook" tests="4" failures="1" errors="0" time="0">',
				'  <testsuite name="stop-main.md" tests="4" failures="1" errors="0" skipped="1" time="0">',
				'    <properties>',
				'      <property name="reason" value="interrupted"/>',
				'    </properties>',
				'    <testcase classname="stop-main.md › Stop in a step" name="first" time="0" file="stop-main.md" line="3"/>',
				'    <testcase classname="stop-main.md › Stop in a step" name="long" time="0" file="stop-main.md" line="11">',
				'      <failure message="interrupted">stop-main.md:11',
				"$ sh -c 'touch long-started; exec sleep 100'",
				'</failure>',
				'    </testcase>',
				'    <testcase classname="stop-main.md › Stop in a step" name="after" time="0" file="stop-main.md" line="15">',
				'      <skipped>stop-main.md:15: not run: the run was stopped</skipped>',
				'    </testcase>',
				'    <testcase classname="stop-main.md › Stop in a step" name="tidy" time="0" file="stop-main.md" line="19"/>',
				'  </testsuite>',
				'</testsuites>',
				'',
			].join('\n'),
		);
	});

	it('SIGHUP (the terminal closed) stops the run as SIGTERM does: cleanup, the whole report; exit 129', async () => {
		const dir = fixtureCopy();
		const cli = started(['test', '--reporter', 'junit', 'stop-main.md'], dir);
		await until(() => existsSync(path.join(dir, 'long-started')));
		cli.child.kill('SIGHUP');
		expect(await cli.exited).toBe(129);
		expect(cli.output.stderr).toContain('SIGHUP: stopping; running cleanup steps');
		expect(readFileSync(path.join(dir, 'cleaned.txt'), 'utf8')).toBe('cleaned\n');
		const junit = blankJunit(cli.output.stdout);
		expect(junit).toContain('<property name="reason" value="interrupted"/>');
		expect(junit).toContain('<skipped>stop-main.md:15: not run: the run was stopped</skipped>');
		expect(junit.endsWith('</testsuites>\n')).toBe(true);
	});
});
