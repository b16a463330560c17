/**
 * Sizes and durations at their limits, through the built CLI with a real shell:
 * a huge mismatched output fails its step with a bounded diff (and the run goes
 * on), and a duration longer than a timer can hold is an authoring mistake.
 */
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {maxDiffLines} from '../../src/match/diff.js';
import {bin, fixtureCopy, removeCopies, runbook, type Ran} from './cli.js';
import {countsLine} from './blank.js';

afterEach(removeCopies);

/** As `runbook()`, with room for the report: its `output` field holds about 2 MB of kept output. */
function runbookWithLargeOutput(args: readonly string[], cwd: string): Ran {
	const result = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', CI: 'true'}, maxBuffer: 64 * 1024 * 1024});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const huge = ['# Huge', '', '```sh {#count}', 'seq 1000000', '```', '', '```output', '1', '2', 'three', '```', '', '```sh {#after}', 'echo after', '```', '', '```output', 'after', '```', ''].join('\n');

describe('a step whose output is huge and differs', () => {
	it('fails that step with a bounded diff, and the next step still runs', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'huge.md'), huge);
		const ran = runbookWithLargeOutput(['test', '--reporter', 'json', 'huge.md'], dir);
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(1);
		const report = JSON.parse(ran.stdout) as {summary: unknown; runbooks: {steps: {name: string; status: string; diff: string | null}[]}[]};
		expect(report.summary).toEqual({passed: 1, failed: 1, skipped: 0});
		const [count, after] = report.runbooks[0]?.steps ?? [];
		expect(count).toMatchObject({name: 'count', status: 'failed'});
		expect(after).toMatchObject({name: 'after', status: 'passed'});
		const diff = (count?.diff ?? '').split('\n');
		expect(diff.slice(0, 4)).toEqual(['--- expected', '+++ actual', '@@ -1,3 +1,499 @@', ' 1']);
		expect(diff[5]).toBe('-three');
		// The diff keeps 500 alignment lines: two that match, one removed, 497 added; the rest is counted.
		expect(maxDiffLines).toBe(500);
		expect(diff.filter((line) => line.startsWith('+') && line !== '+++ actual')).toHaveLength(497);
		expect(diff.length).toBeLessThanOrEqual(maxDiffLines + 4);
		expect(diff.at(-1)).toMatch(/^… \d{6} more lines of diff not shown$/);
	});

	it('says how many lines of diff are not shown in the pretty report too', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'huge.md'), huge);
		const ran = runbookWithLargeOutput(['test', 'huge.md'], dir);
		expect(ran.code).toBe(1);
		// Cut to 40 lines under the legend: the changed lines not shown are the matcher's count (of a million lines, not of the 500 a report keeps), and where more is.
		expect(ran.stdout).toMatch(/\n {4}- expected {2}\+ actual\n {4}@@ -1,3 \+1,39 @@\n/);
		expect(ran.stdout).toContain('\n    … 999961 more lines of diff not shown here; a JSON report (--reporter json, with --output-file.json=FILE beside this one) has up to 500 lines of it and the whole output\n');
		expect(countsLine(ran.stdout)).toBe('1 passed, 1 failed (time)');
	});
});

describe('a duration longer than a timer can hold', () => {
	it('is reported by `runbook check` with its line and column', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'long.md'), '# Long\n\n```sh {timeout=600h}\necho a\n```\n');
		const ran = runbook(['check', 'long.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stdout + ran.stderr).toContain('long.md:3:8: bad value for `timeout`: `600h` (expected at most 596h31m23s, the longest a timer can wait) [attribute-value]');
	});

	it('is a usage error for --timeout, before anything runs', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--timeout', '597h', 'passing.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toBe('runbook: --timeout takes at most 596h31m23s, the longest a timer can wait, not `597h`\n');
		expect(ran.stdout).toBe('');
	});
});
