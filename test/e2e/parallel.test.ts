import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {killStarted, runbook, started, until} from './cli.js';
import {removeTreeCopies, treeCopy} from './tree.js';

afterEach(killStarted);

const dirs: string[] = [];
afterEach(() => {
	removeTreeCopies();
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** A folder of runbooks written for the test, and a folder `signals/` their steps meet in. */
function folder(files: Record<string, string>): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-parallel-'));
	dirs.push(dir);
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
	return dir;
}

const step = (command: string, output?: string) => `\`\`\`sh\n${command}\n\`\`\`\n${output === undefined ? '' : `\n\`\`\`output\n${output}\n\`\`\`\n`}\n`;
/** Wait for a file in the shared folder; the runbook's timeout is the only bound. */
const waitFor = (name: string) => `until [ -e "$MEET/${name}" ]; do sleep 0.02; done`;
const withoutTimes = (text: string) => text.replace(/\(\d+(\.\d+)?m?s\)/g, '(T)');

describe('runbook test -j N: several runbooks at once', () => {
	it('runs two runbooks at once: each waits for a file the other makes, which one after the other could not do', () => {
		const dir = folder({
			'a.md': `---\ntimeout: 60s\n---\n# A\n\n${step(`touch "$MEET/a-started"\n${waitFor('b-started')}\necho a saw b`, 'a saw b')}`,
			'b.md': `---\ntimeout: 60s\n---\n# B\n\n${step(`touch "$MEET/b-started"\n${waitFor('a-started')}\necho b saw a`, 'b saw a')}`,
		});
		const ran = runbook(['test', '-j', '2', '--env', `MEET=${dir}`, 'a.md', 'b.md'], {cwd: dir});
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(0);
		expect(ran.stdout).toContain('2 passed, 0 failed');
	});

	it('prints each runbook whole, in the order given, whichever ends first', () => {
		// `first.md` ends last: it waits for `second.md` to end.
		const files = {
			'first.md': `---\ntimeout: 60s\n---\n# First\n\n${step(waitFor('second-done'), '')}${step('echo one', 'one')}${step('echo two', 'three')}`,
			'second.md': `# Second\n\n${step('echo hello', 'hello')}${step('touch "$MEET/second-done"')}`,
		};
		const dir = folder(files);
		const parallel = runbook(['test', '-j', '2', '--env', `MEET=${dir}`, 'first.md', 'second.md'], {cwd: dir});
		expect(parallel.code).toBe(1);
		expect(withoutTimes(parallel.stdout).split('\n').filter((line) => !line.startsWith('    '))).toEqual([
			'First (first.md)',
			'  ✓ First › first-1 (T)',
			'  ✓ First › first-2 (T)',
			'  ✗ First › first-3 (T)',
			'',
			'Second (second.md)',
			'  ✓ Second › second-1 (T)',
			'  ✓ Second › second-2 (T)',
			'',
			expect.stringMatching(/^4 passed, 1 failed/),
			'',
		]);
		// The same report as one after the other (where `second.md` has run when `first.md` waits for it).
		rmSync(path.join(dir, 'second-done'));
		const serial = runbook(['test', '-j', '1', '--env', `MEET=${dir}`, 'second.md', 'first.md'], {cwd: dir});
		const byFile = (text: string) => withoutTimes(text).split('\n\n').slice(0, 2).sort();
		expect(byFile(serial.stdout)).toEqual(byFile(parallel.stdout));
	});

	it('the fixture tree: -j 2 reports exactly what -j 1 does, in the same order (its exclusive runbook among them)', () => {
		const dir = treeCopy();
		const one = runbook(['test', '-j', '1', 'docs'], {cwd: dir});
		const two = runbook(['test', '-j', '2', 'docs'], {cwd: dir});
		expect(two.code).toBe(1);
		expect(one.code).toBe(1);
		const blank = (text: string) => withoutTimes(text).replace(/\(\d+(\.\d+)?m?s\)\n$/, '(T)\n');
		expect(blank(two.stdout)).toBe(blank(one.stdout));
		expect(two.stdout.match(/^\S.*\(docs\/.*\)$/gm)).toEqual(['Disk report (docs/failing.md)', 'Nested guide (docs/guides/nested.md)', 'Fixed port (docs/ops/exclusive.md)', 'Greetings (docs/passing.md)']);
	});

	it('gives every runbook its own session, folder and environment', () => {
		const body = (name: string) => `# ${name}\n\n${step(`touch "$MEET/${name}-here"\n${waitFor(name === 'one' ? 'two-here' : 'one-here')}\nmine=${name}; mkdir "$MEET/${name}-cwd"; cd "$MEET/${name}-cwd"; export ONLY_${name}=1`)}${step(`echo "$mine \${ONLY_one:-} \${ONLY_two:-}"; pwd > "$MEET/${name}-pwd"`)}`;
		const dir = folder({'one.md': body('one'), 'two.md': body('two')});
		const ran = runbook(['test', '-j', '2', '--reporter', 'json', '--env', `MEET=${dir}`, 'one.md', 'two.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		const outputs = (JSON.parse(ran.stdout) as {runbooks: Array<{steps: Array<{output: string}>}>}).runbooks.map((entry) => entry.steps[1]?.output);
		expect(outputs).toEqual(['one 1 \n', 'two  1\n']);
		const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
		expect(read('one-pwd')).not.toBe(read('two-pwd'));
	});

	it('runs an `exclusive: true` runbook with no other beside it', () => {
		// Each runbook marks itself running while it runs; the exclusive one lists the marks.
		const plain = (name: string) => `# ${name}\n\n${step(`touch "$MEET/running-${name}"; sleep 0.2`)}${step(`rm "$MEET/running-${name}"; touch "$MEET/done-${name}"`)}`;
		const dir = folder({
			'p1.md': plain('p1'),
			'x.md': `---\nexclusive: true\n---\n# X\n\n${step('ls "$MEET" | grep -E "^(running|done)-" | sort', 'done-p1')}`,
			'p2.md': plain('p2'),
		});
		const ran = runbook(['test', '-j', '3', '--env', `MEET=${dir}`, 'p1.md', 'x.md', 'p2.md'], {cwd: dir});
		expect(ran.stdout).toContain('✓ X › x-1');
		expect(ran.code).toBe(0);
	});

	it('--bail starts no runbook after one failed; those are reported not run, and the exit code is the failure\'s', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '-j', '1', '--bail', '--reporter', 'json', 'docs/failing.md', 'docs/passing.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		const report = JSON.parse(ran.stdout) as {summary: unknown; runbooks: Array<{file: string; reason: string; counts: unknown}>};
		expect(report.runbooks.map(({file, reason, counts}) => ({file, reason, counts}))).toEqual([
			{file: 'docs/failing.md', reason: 'failed', counts: {passed: 1, failed: 1, skipped: 0}},
			{file: 'docs/passing.md', reason: 'not-run', counts: {passed: 0, failed: 0, skipped: 3}},
		]);
		const pretty = runbook(['test', '-j', '1', '--bail', 'docs/failing.md', 'docs/passing.md'], {cwd: dir});
		expect(pretty.stdout).toContain('Greetings (docs/passing.md)\n  ↷ not run: --bail stopped the run after a failed runbook\n');
	});

	it('a signal stops every running runbook, runs their cleanup, and reports the ones not started; exit 130', async () => {
		const long = (name: string) => `---\ntimeout: 60s\n---\n# ${name}\n\n${step(`touch "$MEET/${name}-started"; sleep 600`)}\`\`\`sh {cleanup}\necho cleaned > "$MEET/${name}-cleaned"\n\`\`\`\n`;
		const dir = folder({'l1.md': long('l1'), 'l2.md': long('l2'), 'later.md': `# Later\n\n${step('echo later', 'later')}`});
		const cli = started(['test', '-j', '2', '--reporter', 'json', '--env', `MEET=${dir}`, 'l1.md', 'l2.md', 'later.md'], dir);
		await until(() => existsSync(path.join(dir, 'l1-started')) && existsSync(path.join(dir, 'l2-started')));
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		expect(existsSync(path.join(dir, 'l1-cleaned')) && existsSync(path.join(dir, 'l2-cleaned'))).toBe(true);
		const report = JSON.parse(cli.output.stdout) as {runbooks: Array<{file: string; reason: string; steps: Array<{status: string}>}>};
		expect(report.runbooks.map(({file, reason, steps}) => [file, reason, steps.map((s) => s.status).join(' ')])).toEqual([
			['l1.md', 'interrupted', 'failed passed'],
			['l2.md', 'interrupted', 'failed passed'],
			['later.md', 'interrupted', 'skipped'],
		]);
		// No run's temporary folder is left.
		const pidOf = (name: string) => {
			try {
				return readFileSync(path.join(tmpdir(), name, 'pid'), 'utf8').trim();
			} catch {
				return undefined;
			}
		};
		expect(readdirSync(tmpdir()).filter((name) => name.startsWith('runbook-run-') && pidOf(name) === String(cli.child.pid))).toEqual([]);
	});

	it('refuses a number of jobs that is not a whole number, 1 or more', () => {
		for (const value of ['0', '-1', '1.5', 'many']) {
			const ran = runbook(['test', '-j', value, 'docs/passing.md'], {cwd: treeCopy()});
			expect(ran.code).toBe(2);
			expect(ran.stderr).toContain(`--jobs takes a whole number of runbooks to run at once, 1 or more, not \`${value}\``);
		}
	});
});
