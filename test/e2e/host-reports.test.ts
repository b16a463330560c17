import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {junitSchemaErrors} from '../xml.js';
import {blankJson, blankJunit, blankTap, countsLine} from './blank.js';
import {docFolder, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

/**
 * A runbook on two hosts, run with both on this machine (`--host
 * node2=local`: a local shell) so that it runs anywhere: a step's own
 * `host=`, a section's default, and local steps; one step on node2 fails its
 * expected output.
 */
const fleet = `# Fleet

\`\`\`sh {#serve host=node2}
echo served
\`\`\`

\`\`\`output
served
\`\`\`

\`\`\`sh {#check}
echo checked
\`\`\`

## On node2
<!-- runbook {host=node2} -->

\`\`\`sh {#wrong}
echo nope
\`\`\`

\`\`\`output
yes
\`\`\`

\`\`\`sh {#tidy cleanup host=local}
echo tidy
\`\`\`
`;

/** No host from the environment of the machine that runs the tests. */
const noHostVariables = {RUNBOOK_HOSTS: '', RUNBOOK_SSH_CONFIG: ''};
const run = (reporter: string) => runbook(['test', 'doc.md', '--host', 'node2=local', '--reporter', reporter], {cwd: docFolder(fleet), env: noHostVariables});

describe('the reports of a runbook on several hosts (the built CLI)', () => {
	it('pretty: ` on node2` after the name of each step not on local, `node2 $` before its failed command', () => {
		const ran = run('pretty');
		expect(ran.code).toBe(1);
		expect(ran.stderr).toBe('');
		expect(countsLine(ran.stdout)).toBe('3 passed, 1 failed (time)');
		expect(ran.stdout.replace(/ \((?:\d+ms|\d+\.\ds)\)\n/g, '\n').split('\n').slice(0, -2)).toEqual([
			'Fleet (doc.md)',
			'  ✓ Fleet › serve on node2',
			'  ✓ Fleet › check',
			'  ✗ On node2 › wrong on node2',
			'    node2 $ echo nope',
			'    output differs from the expected output',
			'    - expected  + actual',
			'    @@ -1,1 +1,1 @@',
			'    -yes',
			'    +nope',
			'  ✓ On node2 › tidy [cleanup]',
			'',
		]);
	});

	it('JSON: every step has its host, `local` included', () => {
		const ran = run('json');
		expect(ran.code).toBe(1);
		const document = blankJson(JSON.parse(ran.stdout)) as {runbooks: Array<{steps: Array<Record<string, unknown>>}>};
		expect(document.runbooks[0]?.steps.map((step) => [step.name, step.host])).toEqual([
			['serve', 'node2'],
			['check', 'local'],
			['wrong', 'node2'],
			['tidy', 'local'],
		]);
		expect(document.runbooks[0]?.steps[0]).toEqual({name: 'serve', section: 'Fleet', line: 3, host: 'node2', command: 'echo served', status: 'passed', exitCode: 0, durationMs: 0, output: 'served\n', message: null, diff: null, attempts: 1, timedOut: false, captures: {}, cleanup: false});
	});

	it('JUnit: a host property in every testcase; valid against the schema', async () => {
		const ran = run('junit');
		expect(ran.code).toBe(1);
		const host = (name: string) => ['      <properties>', `        <property name="host" value="${name}"/>`, '      </properties>'];
		expect(blankJunit(ran.stdout)).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<testsuites name="runbook" tests="4" failures="1" errors="0" time="0">',
				'  <testsuite name="doc.md" tests="4" failures="1" errors="0" skipped="0" time="0">',
				'    <properties>',
				'      <property name="reason" value="failed"/>',
				'    </properties>',
				'    <testcase classname="doc.md › Fleet" name="serve" time="0" file="doc.md" line="3">',
				...host('node2'),
				'    </testcase>',
				'    <testcase classname="doc.md › Fleet" name="check" time="0" file="doc.md" line="11">',
				...host('local'),
				'    </testcase>',
				'    <testcase classname="doc.md › On node2" name="wrong" time="0" file="doc.md" line="18">',
				...host('node2'),
				'      <failure message="output differs from the expected output">doc.md:18',
				'node2 $ echo nope',
				'--- expected',
				'+++ actual',
				'@@ -1,1 +1,1 @@',
				'-yes',
				'+nope</failure>',
				'    </testcase>',
				'    <testcase classname="doc.md › On node2" name="tidy" time="0" file="doc.md" line="26">',
				...host('local'),
				'    </testcase>',
				'  </testsuite>',
				'</testsuites>',
				'',
			].join('\n'),
		);
		expect(await junitSchemaErrors(ran.stdout)).toEqual([]);
	});

	it('TAP: ` on node2` in the test points of steps not on local, `host:` in a failure', () => {
		const ran = run('tap');
		expect(ran.code).toBe(1);
		expect(blankTap(ran.stdout)).toBe(
			[
				'TAP version 13',
				'# doc.md: failed',
				'ok 1 - doc.md › Fleet › serve on node2',
				'ok 2 - doc.md › Fleet › check',
				'not ok 3 - doc.md › On node2 › wrong on node2',
				'  ---',
				'  message: output differs from the expected output',
				'  line: 18',
				'  host: node2',
				'  command: echo nope',
				'  exitCode: 0',
				'  durationMs: 0',
				'  diff: |-',
				'    --- expected',
				'    +++ actual',
				'    @@ -1,1 +1,1 @@',
				'    -yes',
				'    +nope',
				'  ...',
				'ok 4 - doc.md › On node2 › tidy',
				'1..4',
				'# 3 passed, 1 failed',
				'',
			].join('\n'),
		);
	});

	it('GitHub Actions: the annotation of a failed step not on local names its host', () => {
		const dir = docFolder(fleet);
		const summary = path.join(dir, 'summary.md');
		// node2 from the environment this time.
		const ran = runbook(['test', 'doc.md'], {cwd: dir, env: {...noHostVariables, RUNBOOK_HOSTS: 'node2=local', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir}});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toContain('::error file=doc.md,line=18,title=runbook%3A On node2 › wrong on node2::output differs from the expected output%0A--- expected%0A');
		expect(readFileSync(summary, 'utf8')).toContain('\n- doc\\.md\\:18 wrong on node2: output differs from the expected output\n');
	});

	it('list: `host=NAME` among the attributes of a step not on local', () => {
		const ran = runbook(['list', 'doc.md', '--host', 'node2=local'], {cwd: docFolder(fleet), env: noHostVariables});
		expect(ran.code).toBe(0);
		expect(ran.stdout.split('\n').filter((line) => /^ +\d+ {2}/.test(line)).map((line) => line.replace(/ +/g, ' ').trim())).toEqual([
			'1 serve line 3 checked host=node2',
			'2 check line 11 unchecked',
			'3 wrong line 18 checked host=node2',
			'4 tidy line 26 unchecked cleanup',
		]);
	});
});
