import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, root, runbook} from './cli.js';
import {countsLine} from './blank.js';

afterEach(removeCopies);

describe('runbook test', () => {
	it('exits 0 and ends with the counts when every step passes', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', 'passing.md'], {cwd: dir});
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(0);
		expect(countsLine(ran.stdout)).toBe('3 passed, 0 failed (time)');
		expect(ran.stdout).toContain('✓ Files › make');
		expect(existsSync(path.join(dir, 'list.txt'))).toBe(false);
	});

	it('exits 1 with the command, exit status and a diff for each failure', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', 'failing.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		expect(countsLine(ran.stdout)).toBe('1 passed, 2 failed, 1 skipped (time)');
		expect(ran.stdout).toContain('✗ Greeting › greet');
		expect(ran.stdout).toContain('$ echo "hello world"');
		expect(ran.stdout).toContain('-hello there\n    +hello world\n     id 42');
		expect(ran.stdout).toContain('exit status 1, expected 0');
		expect(ran.stdout).toContain('↷ Greeting › skipped not today');
		expect(ran.stdout).not.toContain("\u001B[");
	});

	it('prints one JSON document with the documented fields', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--reporter', 'json', 'failing.md', 'passing.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		const report = JSON.parse(ran.stdout);
		expect(report.summary).toEqual({passed: 4, failed: 2, skipped: 1});
		expect(report.runbooks.map((r: {file: string}) => r.file)).toEqual(['failing.md', 'passing.md']);
		const greet = report.runbooks[0].steps[0];
		expect(greet).toMatchObject({name: 'greet', section: 'Greeting', command: 'echo "hello world"\necho "id 42"', status: 'failed', exitCode: 0, output: 'hello world\nid 42\n'});
		// The command's wall time: at least the time its longest runbook took (they may run at once, -j).
		expect(report.durationMs).toBeGreaterThanOrEqual(Math.max(report.runbooks[0].durationMs, report.runbooks[1].durationMs));
		expect(typeof greet.durationMs).toBe('number');
		expect(greet.message).toBe('output differs from the expected output');
		expect(report.runbooks[0].steps[3]).toMatchObject({name: 'skipped', status: 'skipped', message: 'not today'});
	});

	it('carries the same results in TAP and JUnit', () => {
		const dir = fixtureCopy();
		const tap = runbook(['test', '--reporter', 'tap', 'failing.md'], {cwd: dir});
		expect(tap.stdout.split('\n')[0]).toBe('TAP version 13');
		expect(tap.stdout).toContain('not ok 1 - failing.md › Greeting › greet');
		expect(tap.stdout).toContain('ok 4 - failing.md › Greeting › skipped # SKIP not today');
		expect(tap.stdout).toContain('1..4');
		const junit = runbook(['test', '--reporter', 'junit', 'failing.md'], {cwd: dir});
		expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="runbook" tests="4" failures="2" errors="0" time="\d+\.\d{3}">/);
		expect(junit.stdout).toContain('<testcase classname="failing.md › Greeting" name="greet"');
		expect(junit.stdout).toContain('<failure message="output differs from the expected output">');
		expect((junit.stdout.match(/<testcase /g) ?? []).length).toBe(4);
	});

	it('exits 2 and runs nothing when a requirement is missing', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', 'missing-requirement.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('definitely-not-installed-cmd');
		expect(existsSync(path.join(dir, 'should-not-exist'))).toBe(false);
	});

	it('exits 2 and runs nothing when the runbook has authoring errors', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', 'passing.md', 'broken.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('broken.md:3:8: unknown attribute `tiemout` (did you mean `timeout`?)');
		expect(existsSync(path.join(dir, 'should-not-exist'))).toBe(false);
		expect(existsSync(path.join(dir, 'list.txt'))).toBe(false);
	});

	it('exits 2 on usage errors and missing files: a missing file is one line, then that nothing ran', () => {
		const missing = runbook(['test', 'nope.md']);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toBe('runbook: nope.md: no such file (looked in ./ and runbooks/)\nrunbook: nothing was run: fix the errors above (`runbook check` lists them)\n');
		const bad = runbook(['test', '--reporter', 'xml', 'x.md']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('xml');
		expect(runbook(['test', '--env', 'novalue', 'x.md']).stderr).toContain('--env takes NAME=VALUE');
	});

	it('passes --env to the steps', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'env.md'), '```sh\necho "$WHO"\n```\n\n```output\nflag\n```\n');
		expect(runbook(['test', '--env', 'WHO=flag', 'env.md'], {cwd: dir}).code).toBe(0);
	});

	it('applies --timeout to steps that set none', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'slow.md'), '```sh\nsleep 5\n```\n');
		const ran = runbook(['test', '--timeout', '300ms', 'slow.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toContain('timed out after 300ms');
	});

	it('stops at the first failure with --bail', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', '--bail', 'failing.md'], {cwd: dir});
		expect(countsLine(ran.stdout)).toBe('0 passed, 1 failed, 3 skipped (time)');
	});

	it('never loads Ink or React', () => {
		const dir = fixtureCopy();
		const ran = runbook(['test', 'passing.md'], {cwd: dir, nodeArgs: ['--import', path.join(root, 'test/e2e/no-ink-hook.mjs')]});
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(0);
	});

	it('runs the shipped tour runbook', () => {
		const ran = runbook(['test', 'tour.md']);
		expect(ran.code).toBe(0);
		expect(countsLine(ran.stdout)).toMatch(/^\d+ passed, 0 failed \(time\)$/);
	});
});

describe('runbook test --update', () => {
	it('rewrites only the lines that differ, keeping patterns', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'record.md');
		const before = readFileSync(file, 'utf8');
		const first = runbook(['test', '--update', 'record.md'], {cwd: dir});
		expect(first.code).toBe(1);
		expect(first.stderr).toBe('runbook: updated record.md: 1 expected output written\n');
		const after = readFileSync(file, 'utf8');
		expect(after).toBe(before.replace('old line', 'stable line'));
		expect(runbook(['test', 'record.md'], {cwd: dir}).code).toBe(0);
	});

	it('hands on captures from a failed step, so one --update settles the file', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'captures.md');
		writeFileSync(file, '```sh\necho "id 12345"; echo foo\n```\n\n```output\nid {{id:int}}\nbar\n```\n\n```sh\necho "again $id"\n```\n\n```output\nagain {{id}}\n```\n');
		const first = runbook(['test', '--update', 'captures.md'], {cwd: dir});
		expect(first.stdout).toContain('1 passed, 1 failed');
		expect(readFileSync(file, 'utf8')).toContain('```output\nid {{id:int}}\nfoo\n```');
		expect(readFileSync(file, 'utf8')).toContain('```output\nagain {{id}}\n```');
		expect(runbook(['test', 'captures.md'], {cwd: dir}).code).toBe(0);
	});

	it('adds output blocks with --update=new, and only there', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'record.md');
		const before = readFileSync(file, 'utf8');
		const ran = runbook(['test', '--update=new', 'record.md'], {cwd: dir});
		expect(ran.stderr).toBe('runbook: updated record.md: 2 expected outputs written\n');
		const after = readFileSync(file, 'utf8');
		expect(after).toBe(before.replace('old line', 'stable line').replace("printf 'one\\ntwo\\n'\n```\n", "printf 'one\\ntwo\\n'\n```\n\n```output\none\ntwo\n```\n"));
		expect(runbook(['test', 'record.md'], {cwd: dir}).code).toBe(0);
	});
});
