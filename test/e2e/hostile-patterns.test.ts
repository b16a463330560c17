/**
 * Patterns that make a backtracking engine run for hours, through the built
 * CLI: the run must stay responsive (timeouts fire, Ctrl-C and SIGTERM stop it)
 * and answer correctly. No wall-clock limit: a run that hangs is ended by
 * vitest's test timeout, and its process is killed after the test.
 */
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, killStarted, removeCopies, runbook, started, until} from './cli.js';
import {countsLine} from './blank.js';

afterEach(killStarted);

const children: ReturnType<typeof started>[] = [];
afterEach(() => {
	// A CLI stuck in a regular expression ignores SIGINT and SIGTERM: only SIGKILL ends it.
	for (const cli of children.splice(0)) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
	removeCopies();
});

function start(args: readonly string[], dir: string) {
	const cli = started(args, dir);
	children.push(cli);
	return cli;
}

const step = (body: string, attributes = '') => `\`\`\`sh${attributes ? ` {${attributes}}` : ''}\n${body}\n\`\`\`\n\n`;
const output = (body: string) => `\`\`\`output\n${body}\n\`\`\`\n\n`;

/** 40 `a`s and a `b`: (a+)+$ takes 2^40 steps to refuse it on a backtracking engine. */
const hostileLine = `${'a'.repeat(40)}b`;

type Report = {runbooks: Array<{reason: string; steps: Array<{name: string; status: string; message: string | null; timedOut: boolean; diff: string | null}>}>};
const stepsOf = (stdout: string) => (JSON.parse(stdout) as Report).runbooks[0]?.steps ?? [];

describe('a pattern that backtracks catastrophically', () => {
	it('{{/(a+)+$/}} against 40 a and a b: the step fails with its diff, the run goes on, and Ctrl-C stops the next step', async () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'hostile.md'), `# Hostile\n\n${step(`echo ${hostileLine}`, '#hostile')}${output('{{/(a+)+$/}}')}${step('touch next-started; sleep 100', '#next')}`);
		const cli = start(['test', '--reporter', 'json', 'hostile.md'], dir);
		await until(() => existsSync(path.join(dir, 'next-started')));
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		const [hostile, next] = stepsOf(cli.output.stdout);
		expect(hostile).toMatchObject({name: 'hostile', status: 'failed'});
		expect(hostile?.diff).toContain(`+${hostileLine}`);
		expect(next).toMatchObject({name: 'next', status: 'failed', message: 'interrupted'});
	});

	it('the same line passes {{/(a+)+$/}} once the b is gone', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'hostile.md'), `# Hostile\n\n${step(`echo ${'a'.repeat(40)}`)}${output('{{/(a+)+$/}}')}`);
		const ran = runbook(['test', 'hostile.md'], {cwd: dir});
		expect(countsLine(ran.stdout)).toBe('1 passed, 0 failed (time)');
		expect(ran.code).toBe(0);
	});

	it('ready=/(a+)+$/ with timeout=1s: the background step ends as timed out, and the run goes on', async () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'ready.md'), `# Ready\n\n${step(`echo ${hostileLine}; exec sleep 100`, '#server background ready=/(a+)+$/ timeout=1s')}${step('echo after', '#after')}${output('after')}`);
		const cli = start(['test', '--reporter', 'json', 'ready.md'], dir);
		expect(await cli.exited).toBe(1);
		const [server, after] = stepsOf(cli.output.stdout);
		expect(server).toMatchObject({name: 'server', status: 'failed', timedOut: true, message: 'timed out after 1s waiting for ready=/(a+)+$/'});
		expect(after).toMatchObject({name: 'after', status: 'passed'});
	});

	it('ready=/(a+)+$/ while the step waits: Ctrl-C stops the run', async () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'ready.md'), `# Ready\n\n${step(`echo ${hostileLine}; touch printed; exec sleep 100`, '#server background ready=/(a+)+$/')}`);
		const cli = start(['test', '--reporter', 'json', 'ready.md'], dir);
		await until(() => existsSync(path.join(dir, 'printed')));
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		expect(stepsOf(cli.output.stdout)[0]).toMatchObject({name: 'server', status: 'failed', message: 'interrupted'});
	});

	it('ready=/(a+)+$/ while the step waits: SIGTERM stops the run', async () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'ready.md'), `# Ready\n\n${step(`echo ${hostileLine}; touch printed; exec sleep 100`, '#server background ready=/(a+)+$/')}`);
		const cli = start(['test', '--reporter', 'json', 'ready.md'], dir);
		await until(() => existsSync(path.join(dir, 'printed')));
		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(143);
	});
});

describe('a line of a megabyte', () => {
	/** One line of 1,000,000 `x`. */
	const megabyte = "head -c 1000000 /dev/zero | tr '\\0' x; echo";

	it('several [..] on the line: a mismatch is found and the run goes on; a match passes', async () => {
		const dir = fixtureCopy();
		writeFileSync(
			path.join(dir, 'long.md'),
			`# Long\n\n${step(megabyte, '#miss')}${output('[..]x[..]x[..]x[..]y')}${step(megabyte, '#fits')}${output('[..]x[..]x[..]x[..]x')}${step(megabyte, '#captured')}${output('{{line}}')}${step('echo ${#line}', '#length')}${output('1000000')}`,
		);
		const cli = start(['test', '--reporter', 'json', 'long.md'], dir);
		expect(await cli.exited).toBe(1);
		expect(stepsOf(cli.output.stdout).map((s) => [s.name, s.status])).toEqual([
			['miss', 'failed'],
			['fits', 'passed'],
			['captured', 'passed'],
			['length', 'passed'],
		]);
	});

	it('an expected line of a megabyte of patterns is a check error at its place, not a crash', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'many.md'), `# Many\n\n${step('echo x')}${output('[..]'.repeat(250_000))}${step('echo x')}${output(`x ${'{{x}}'.repeat(200_000)}`)}`);
		const ran = runbook(['check', 'many.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stdout).toBe(
			[
				'many.md:8:401: more than 100 patterns on one line: split the line, or match a stretch of it with one [..] or one {{/regex/}} [bad-pattern]',
				'many.md:16:503: more than 100 patterns on one line: split the line, or match a stretch of it with one [..] or one {{/regex/}} [bad-pattern]',
				'',
			].join('\n'),
		);
		expect(ran.stderr).not.toMatch(/internal error/);
	});
});
