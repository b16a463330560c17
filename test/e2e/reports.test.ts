import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {formatDuration} from '../../src/parse/duration.js';
import {jenkinsSchemaErrors, junitSchemaErrors} from '../xml.js';
import {countsLine} from './blank.js';
import {killStarted, runbook, started, until} from './cli.js';
import {removeTreeCopies, treeCopy} from './tree.js';

afterEach(killStarted);

afterEach(removeTreeCopies);

/** Runbooks the tree lacks, written into a copy: skipped, cleanup and a leftover process; one that cannot run; hostile text. */
function treeWithExtras(): string {
	const dir = treeCopy();
	mkdirSync(path.join(dir, 'docs', 'extra'), {recursive: true});
	const write = (name: string, text: string) => writeFileSync(path.join(dir, 'docs', 'extra', name), text);
	write('skips.md', '# Skips\n\n```sh {#later skip="not today"}\necho later\n```\n\n```sh {#serve}\nsleep 30 &\n```\n\n```sh {#tidy cleanup}\necho tidy\n```\n');
	write('needs.md', '---\nrequires: [definitely-not-installed-cmd]\n---\n\n# Needs\n\n```sh\necho never\n```\n');
	write('hostile.md', '# Hostile <&"\'> ]]> \u001b[2J title\n\n```sh {#prints}\nprintf \'a]]>b\\357\\277\\276c<&"\\n\'\n```\n\n```output\nexpected\n```\n');
	return dir;
}

const files = ['docs/passing.md', 'docs/failing.md', 'docs/guides/nested.md', 'docs/ops/exclusive.md', 'docs/extra/skips.md', 'docs/extra/needs.md', 'docs/extra/hostile.md'];

describe('several reports at once', () => {
	it('pretty on stdout, JUnit and JSON in files (folders made); the JUnit validates against the Jenkins schema; exit 2', async () => {
		const dir = treeWithExtras();
		const ran = runbook(['test', ...files, '--reporter', 'pretty', '--reporter', 'junit', '--output-file.junit=reports/ci/junit.xml', '--reporter', 'json', '--output-file.json', 'reports/run.json'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toBe('docs/extra/needs.md: required command not found on PATH: `definitely-not-installed-cmd`; nothing was run\nrunbook: junit report written to reports/ci/junit.xml\nrunbook: json report written to reports/run.json\n');
		expect(countsLine(ran.stdout)).toBe('9 passed, 2 failed, 2 skipped (time)');
		const junit = readFileSync(path.join(dir, 'reports', 'ci', 'junit.xml'), 'utf8');
		expect(await junitSchemaErrors(junit)).toEqual([]);
		// `file` and `line` on each <testcase>, and its host in its <properties>, are all that the bare Jenkins schema does not know.
		const testcases = junit.match(/<testcase [^>]*>/g) ?? [];
		expect(testcases).toHaveLength(14);
		for (const open of testcases) expect(open).toMatch(/ file="docs\/[a-z/]+\.md" line="\d+"\/?>$/);
		const hostProperties = /\n {6}<properties>\n {8}<property name="host" value="local"\/>\n {6}<\/properties>/g;
		// Every step's test case (all but the one of the runbook that could not run) names its host.
		expect(junit.match(hostProperties)).toHaveLength(13);
		expect(await jenkinsSchemaErrors(junit.replace(/ file="[^"]*" line="\d+"/g, '').replace(hostProperties, ''))).toEqual([]);
		expect((await jenkinsSchemaErrors(junit.replace(/ file="[^"]*" line="\d+"/g, ''))).length).toBeGreaterThan(0);
		expect((await jenkinsSchemaErrors(junit.replace(hostProperties, ''))).length).toBeGreaterThan(0);
		expect(junit).toContain('<testcase classname="docs/failing.md › Disk report" name="disk-report-2" time="');
		expect(junit).toMatch(/name="disk-report-2" time="\d+\.\d{3}" file="docs\/failing.md" line="13">/);
		expect(junit).toContain('<testsuites name="runbook" tests="14" failures="2" errors="1" time="');
		expect(junit).toContain('<failure message="output differs from the expected output">docs/failing.md:13\n');
		expect(junit).toContain('<skipped>docs/extra/skips.md:3: not today</skipped>');
		expect(junit).toContain('<testcase classname="docs/extra/needs.md" name="(could not run)" time="0.000" file="docs/extra/needs.md" line="1">');
		expect(junit).toContain('<system-err>left running: pid ');
		const json = JSON.parse(readFileSync(path.join(dir, 'reports', 'run.json'), 'utf8'));
		expect(json.summary).toEqual({passed: 9, failed: 2, skipped: 2});
		expect(json.durationMs).toBeGreaterThan(0);
		// One wall time for every report of the run.
		expect(junit).toContain(`<testsuites name="runbook" tests="14" failures="2" errors="1" time="${(json.durationMs / 1000).toFixed(3)}">`);
		expect(ran.stdout.endsWith(`\n9 passed, 2 failed, 2 skipped (${formatDuration(json.durationMs)})\n`)).toBe(true);
		expect(json.runbooks[1].steps[1]).toMatchObject({name: 'disk-report-2', line: 13, command: 'echo "sda: 93% used"', status: 'failed'});
		// Nothing else was left in the folders: the reports were renamed into place.
		expect(readdirSync(path.join(dir, 'reports')).sort()).toEqual(['ci', 'run.json']);
		expect(readdirSync(path.join(dir, 'reports', 'ci'))).toEqual(['junit.xml']);
	});

	it('the pretty report in a file has no colour, even with FORCE_COLOR=1; a cut diff names the JSON report', () => {
		const dir = treeWithExtras();
		writeFileSync(path.join(dir, 'long.md'), `# Long\n\n\`\`\`sh\nseq 100\n\`\`\`\n\n\`\`\`output\n${'x\n'.repeat(100)}\`\`\`\n`);
		const ran = runbook(['test', 'long.md', '--reporter', 'json', '--reporter', 'pretty', '--output-file.pretty=out/pretty.txt'], {cwd: dir, env: {NO_COLOR: '', FORCE_COLOR: '1'}});
		expect(ran.code).toBe(1);
		expect(JSON.parse(ran.stdout).summary).toEqual({passed: 0, failed: 1, skipped: 0});
		const pretty = readFileSync(path.join(dir, 'out', 'pretty.txt'), 'utf8');
		expect(pretty).not.toContain('\u001b[');
		expect(pretty).toContain('    - expected  + actual\n    @@ -1,40 +1,0 @@\n    -x\n');
		// 100 lines removed and 100 added: 40 shown, the matcher counts the rest.
		expect(pretty).toContain('\n    … 160 more lines of diff not shown here; the JSON report has up to 500 lines of it and the whole output\n');
		expect(countsLine(pretty)).toBe('0 passed, 1 failed (time)');
	});

	it('NO_COLOR=1 with FORCE_COLOR=1: no colour, and no Node warning that says NO_COLOR is ignored', () => {
		const dir = treeWithExtras();
		for (const noColor of ['1', '']) {
			const ran = runbook(['test', 'docs/passing.md'], {cwd: dir, env: {NO_COLOR: noColor, FORCE_COLOR: '1'}});
			expect(ran.code).toBe(0);
			expect(ran.stderr).toBe('');
			expect(ran.stdout.includes('\u001b[')).toBe(noColor === '');
		}
	});

	it('usage errors, before anything runs: two reports on stdout, a file for a reporter not named, a reporter named twice; exit 2', () => {
		const dir = treeWithExtras();
		const cases: Array<[string[], string]> = [
			[['--reporter', 'pretty', '--reporter', 'junit'], 'runbook: --reporter pretty and --reporter junit would all write to stdout: give one of them a file, such as --output-file.junit=junit.xml\n'],
			[['--output-file.junit=j.xml'], 'runbook: --output-file.junit is given, but not --reporter junit: add --reporter junit (and --reporter pretty to keep the pretty report)\n'],
			[['--reporter', 'json', '--reporter', 'json'], 'runbook: --reporter json is given twice\n'],
			[['--reporter', 'xml'], 'runbook: unknown reporter `xml`; valid: pretty, tap, junit, json\n'],
			[['--reporter', 'junit', '--output-file.junit='], 'runbook: --output-file.junit needs a path, such as --output-file.junit=junit.xml\n'],
			// An option after the spaced form is not its path: no report named `--verbose`.
			[['--reporter', 'junit', '--output-file.junit', '--verbose'], 'runbook: --output-file.junit needs a path, such as --output-file.junit=junit.xml\n'],
		];
		for (const [args, stderr] of cases) {
			const ran = runbook(['test', 'docs/passing.md', ...args], {cwd: dir});
			expect({code: ran.code, stdout: ran.stdout, stderr: ran.stderr}).toEqual({code: 2, stdout: '', stderr});
		}
	});

	it('a run killed before the end leaves the earlier report file as it was', async () => {
		const dir = treeWithExtras();
		writeFileSync(path.join(dir, 'slow.md'), '# Slow\n\n```sh\ntouch slow-started; sleep 30\n```\n');
		mkdirSync(path.join(dir, 'reports'));
		writeFileSync(path.join(dir, 'reports', 'junit.xml'), 'earlier report\n');
		const cli = started(['test', 'slow.md', '--reporter', 'junit', '--output-file.junit=reports/junit.xml'], dir);
		await until(() => existsSync(path.join(dir, 'slow-started')));
		cli.child.kill('SIGKILL');
		await cli.exited;
		expect(readFileSync(path.join(dir, 'reports', 'junit.xml'), 'utf8')).toBe('earlier report\n');
		expect(readdirSync(path.join(dir, 'reports'))).toEqual(['junit.xml']);
	});
});

describe('GitHub Actions', () => {
	const github = (dir: string) => ({GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md')});

	it('names files from $GITHUB_WORKSPACE, where GitHub places annotations, when runbook runs in a sub-folder', () => {
		const dir = treeWithExtras();
		const ran = runbook(['test', 'failing.md'], {cwd: path.join(dir, 'docs'), env: {GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir}});
		expect(ran.code).toBe(1);
		expect(ran.stdout.split('\n').filter((line) => line.startsWith('::')).map((line) => line.split('::')[1])).toEqual(['error file=docs/failing.md,line=13,title=runbook%3A Disk report › disk-report-2']);
		// The report itself still names the file as the person typed it.
		expect(ran.stdout).toContain('Disk report (failing.md)');
	});

	/** The workflow commands the runner would act on in a log, read as actions/runner does: a line that starts with `::` once trimmed, none between `::stop-commands::T` and `::T::`. */
	function actedOn(log: string): string[] {
		const commands: string[] = [];
		let stopped: string | undefined;
		// .NET's TrimStart, as the runner trims: every Unicode blank.
		for (const line of log.split('\n').map((text) => text.replace(/^[\s\u0085\u180e]+/, ''))) {
			if (stopped !== undefined) {
				if (line === `::${stopped}::`) stopped = undefined;
				continue;
			}
			if (!line.startsWith('::')) continue;
			const stop = /^::stop-commands::(.+)$/.exec(line);
			if (stop) stopped = stop[1];
			commands.push(line.slice(0, line.indexOf('::', 2) + 2));
		}
		return commands;
	}

	it('a step\'s output in the pretty log is never acted on as a workflow command: no fake annotation, ours not silenced', () => {
		const dir = treeWithExtras();
		writeFileSync(path.join(dir, 'says.md'), '# Says\n\n```sh\necho "::stop-commands::abc"; echo "  ::warning file=x.md::fake"; echo "##[error]old form"; false\n```\n\n```sh\necho "::notice::in a diff"\n```\n\n```output\nother\n```\n\n```sh\nprintf \'\\302\\240::warning::after a no-break space\\n\'; false\n```\n');
		const ran = runbook(['test', 'says.md', 'docs/failing.md'], {cwd: dir, env: github(dir)});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toContain('    ::warning file=x.md::fake\n');
		expect(ran.stdout).toContain('    +::notice::in a diff\n');
		const acted = actedOn(ran.stdout);
		expect(acted.filter((command) => !command.startsWith('::stop-commands::'))).toEqual(['::error file=says.md,line=3,title=runbook%3A Says › says-1::', '::error file=says.md,line=7,title=runbook%3A Says › says-2::', '::error file=says.md,line=15,title=runbook%3A Says › says-3::', '::error file=docs/failing.md,line=13,title=runbook%3A Disk report › disk-report-2::']);
		// The log's old `##[` form sits between a stop and its resume too.
		const old = ran.stdout.indexOf('##[error]old form');
		expect(ran.stdout.lastIndexOf('::stop-commands::', old)).toBeGreaterThan(-1);
	});

	it('an ::error command per failed step on stdout with pretty, and a summary table appended', () => {
		const dir = treeWithExtras();
		writeFileSync(path.join(dir, 'summary.md'), '# Earlier step\n');
		const ran = runbook(['test', 'docs/passing.md', 'docs/failing.md', 'docs/extra/needs.md', 'docs/extra/hostile.md'], {cwd: dir, env: github(dir)});
		expect(ran.code).toBe(2);
		const commands = ran.stdout.split('\n').filter((line) => line.startsWith('::'));
		expect(commands).toEqual([
			'::error file=docs/failing.md,line=13,title=runbook%3A Disk report › disk-report-2::output differs from the expected output%0A--- expected%0A+++ actual%0A@@ -1,1 +1,1 @@%0A-sda: 12%25 used%0A+sda: 93%25 used',
			'::error file=docs/extra/needs.md,title=runbook%3A could not run::required command not found on PATH: `definitely-not-installed-cmd`; nothing was run',
			'::error file=docs/extra/hostile.md,line=3,title=runbook%3A Hostile <&"\'> ]]> \\x1b[2J title › prints::output differs from the expected output%0A--- expected%0A+++ actual%0A@@ -1,1 +1,1 @@%0A-expected%0A+a]]>b\\ufffec<&"',
		]);
		const summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
		expect(summary.replace(/ \| \d+ms \|$/gm, ' | (time) |').replace(/\(\d+(ms|\.\ds)\)/, '(time)')).toBe(
			[
				'# Earlier step',
				'### runbook: 4 passed, 2 failed, 1 skipped (time)',
				'',
				'| Runbook | Status | Passed | Failed | Skipped | Time |',
				'| --- | --- | ---: | ---: | ---: | ---: |',
				'| docs\\/passing\\.md | ✅ passed | 3 | 0 | 0 | (time) |',
				'| docs\\/failing\\.md | ❌ failed | 1 | 1 | 0 | (time) |',
				'| docs\\/extra\\/needs\\.md | ⚠️ could not run | 0 | 0 | 1 | (time) |',
				'| docs\\/extra\\/hostile\\.md | ❌ failed | 0 | 1 | 0 | (time) |',
				'',
				'**Failed**',
				'',
				'- docs\\/failing\\.md\\:13 disk\\-report\\-2: output differs from the expected output',
				'- docs\\/extra\\/needs\\.md: could not run: required command not found on PATH\\: \\`definitely\\-not\\-installed\\-cmd\\`\\; nothing was run',
				'- docs\\/extra\\/hostile\\.md\\:3 prints: output differs from the expected output',
				'',
				'',
			].join('\n'),
		);
	});

	it('with a JSON report on stdout the annotations go to stderr, which the runner also reads: stdout stays one JSON document', () => {
		const dir = treeWithExtras();
		const ran = runbook(['test', 'docs/failing.md', '--reporter', 'json'], {cwd: dir, env: github(dir)});
		expect(ran.code).toBe(1);
		expect(JSON.parse(ran.stdout).summary).toEqual({passed: 1, failed: 1, skipped: 0});
		expect(ran.stderr).toMatch(/^::error file=docs\/failing\.md,line=13,title=runbook%3A Disk report › disk-report-2::output differs/);
	});

	it('annotations and the summary carry secrets masked, as the engine masks them', () => {
		const dir = treeWithExtras();
		writeFileSync(path.join(dir, 'leak.md'), '# Leak\n\n```sh\necho "token is $API_TOKEN"; false\n```\n');
		const ran = runbook(['test', 'leak.md', '--env', 'API_TOKEN=hunter2-secret-value'], {cwd: dir, env: github(dir)});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toContain('::error file=leak.md,line=3,title=runbook%3A Leak › leak-1::exit status 1, expected 0%0Atoken is ***');
		expect(ran.stdout + ran.stderr + readFileSync(path.join(dir, 'summary.md'), 'utf8')).not.toContain('hunter2');
	});
});
