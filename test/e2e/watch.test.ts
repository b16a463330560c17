import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {killStarted, runbook, started, until} from './cli.js';
import {runsOf, shellsGone, watchedRunbook} from './watched.js';

afterEach(killStarted);

const count = (text: string, part: string) => text.split(part).length - 1;
const waiting = 'Waiting for file changes…';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function folder(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-watch-'));
	dirs.push(dir);
	return dir;
}

/** `runbook test --watch FILES` in `dir`, no terminal, with a TMPDIR of its own (`tmp`) to see that no temp folder is left. */
function watch(dir: string, files: readonly string[], options: readonly string[] = []) {
	const tmp = folder();
	return {...started(['test', '--watch', ...options, ...files], dir, {TMPDIR: tmp}), tmp};
}

describe('runbook test --watch, no terminal', () => {
	it('runs every runbook, then only the saved one (a plain write, then an atomic rename); SIGINT quits with the code of the last runs', async () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
		writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b'));
		const cli = watch(dir, ['a.md', 'b.md']);
		await until(() => count(cli.output.stdout, waiting) === 1);
		expect(cli.output.stdout).toContain('All 2 runbooks passed.');
		expect([runsOf(dir, 'a'), runsOf(dir, 'b')]).toEqual([1, 1]);

		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a', 'bye'));
		await until(() => count(cli.output.stdout, waiting) === 2);
		const second = cli.output.stdout.split('─'.repeat(60))[1] ?? '';
		expect(second).toContain(' RERUN  a.md (saved)');
		expect(second).toContain('-bye\n    +hello');
		expect(second).not.toContain('b.md\n');
		expect(second).toContain(' FAIL  1 of 2 runbooks did not pass: a.md.');
		expect([runsOf(dir, 'a'), runsOf(dir, 'b')]).toEqual([2, 1]);

		// An atomic save: a temporary file renamed over the runbook.
		writeFileSync(path.join(dir, 'a.md.tmp'), watchedRunbook('a'));
		renameSync(path.join(dir, 'a.md.tmp'), path.join(dir, 'a.md'));
		await until(() => count(cli.output.stdout, waiting) === 3);
		expect(cli.output.stdout.split('─'.repeat(60))[2]).toContain(' RERUN  a.md (saved)');
		expect(cli.output.stdout).toMatch(/ PASS {2}All 2 runbooks passed\. Waiting for file changes…\n {7}Ctrl-C to quit\n$/);
		expect([runsOf(dir, 'a'), runsOf(dir, 'b')]).toEqual([3, 1]);

		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
		expect(shellsGone(dir, ['a', 'b'])).toBe(true);
		expect(readdirSync(cli.tmp)).toEqual([]);
	});

	it('a round is one report (-j as given, one counts line), and a report file holds the round\'s runbooks', async () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
		writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b'));
		const cli = watch(dir, ['a.md', 'b.md'], ['-j', '2', '--reporter', 'pretty', '--reporter', 'junit', '--output-file.junit=w.xml']);
		await until(() => count(cli.output.stdout, waiting) === 1);
		expect(cli.output.stdout.match(/^\d+ passed, \d+ failed.*$/gm)).toEqual([expect.stringMatching(/^2 passed, 0 failed \(/)]);
		expect(readFileSync(path.join(dir, 'w.xml'), 'utf8').match(/<testsuite /g)).toHaveLength(2);
		expect(count(cli.output.stderr, 'junit report written to w.xml')).toBe(1);
		writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b', 'bye'));
		await until(() => count(cli.output.stdout, waiting) === 2);
		const junit = readFileSync(path.join(dir, 'w.xml'), 'utf8');
		expect(junit.match(/<testsuite name="[^"]*"/g)).toEqual(['<testsuite name="b.md"']);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(1);
	});

	it('watches the runbooks a folder selects, and runs again only the saved one', async () => {
		const dir = folder();
		const docs = path.join(dir, 'docs', 'ops');
		mkdirSync(docs, {recursive: true});
		writeFileSync(path.join(dir, 'docs', 'a.md'), watchedRunbook('a'));
		writeFileSync(path.join(docs, 'b.md'), watchedRunbook('b'));
		writeFileSync(path.join(docs, 'notes.md'), '# Notes\n\nNo step here.\n');
		const cli = watch(dir, ['docs']);
		await until(() => count(cli.output.stdout, waiting) === 1);
		expect(cli.output.stdout).toContain(' WATCH  2 runbooks: docs/a.md, docs/ops/b.md');
		writeFileSync(path.join(docs, 'b.md'), watchedRunbook('b', 'bye'));
		await until(() => count(cli.output.stdout, waiting) === 2);
		expect(cli.output.stdout.split('─'.repeat(60))[1]).toContain(' RERUN  docs/ops/b.md (saved)');
		expect([runsOf(path.join(dir, 'docs'), 'a'), runsOf(docs, 'b')]).toEqual([1, 2]);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(1);
	});

	it('quits on SIGINT while waiting with 1 when the last run of a runbook failed', async () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
		writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b', 'bye'));
		const cli = watch(dir, ['a.md', 'b.md']);
		await until(() => cli.output.stdout.includes(waiting));
		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a').replace('# a', '# a, saved'));
		await until(() => count(cli.output.stdout, waiting) === 2);
		expect(cli.output.stdout).toContain(' FAIL  1 of 2 runbooks did not pass: b.md.');
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(1);
		expect(readdirSync(cli.tmp)).toEqual([]);
	});

	it('a save while the runbook runs is kept: the run ends, then the runbook runs once more', async () => {
		const dir = folder();
		// The step waits until the test lets it go.
		const slow = (heading: string) => watchedRunbook('slow', 'hello', `touch started\nuntil [ -e go ]; do sleep 0.05; done\n`).replace('# slow', `# ${heading}`);
		writeFileSync(path.join(dir, 'slow.md'), slow('slow'));
		writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b'));
		const cli = watch(dir, ['slow.md', 'b.md']);
		await until(() => existsSync(path.join(dir, 'started')));
		writeFileSync(path.join(dir, 'slow.md'), slow('slow, saved once'));
		writeFileSync(path.join(dir, 'slow.md'), slow('slow, saved twice'));
		writeFileSync(path.join(dir, 'go'), '');
		await until(() => count(cli.output.stdout, waiting) === 2);
		expect(count(cli.output.stdout, ' RERUN ')).toBe(1);
		expect(cli.output.stdout).toContain(' RERUN  slow.md (saved)');
		expect(cli.output.stdout).toContain('slow, saved twice (slow.md)');
		expect([runsOf(dir, 'slow'), runsOf(dir, 'b')]).toEqual([2, 1]);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
	});

	it('SIGINT during a run stops it as runbook test does and quits with 130, leaving no process', async () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'slow.md'), watchedRunbook('slow', 'hello', 'touch started\nsleep 600\n'));
		const cli = watch(dir, ['slow.md']);
		await until(() => existsSync(path.join(dir, 'started')));
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(130);
		expect(cli.output.stderr).toContain('runbook: SIGINT: stopping');
		expect(cli.output.stdout).not.toContain(waiting);
		expect(shellsGone(dir, ['slow'])).toBe(true);
		expect(readdirSync(cli.tmp)).toEqual([]);
	});

	it('a runbook that no longer parses shows its diagnostics and is watched still; a deleted one is dropped with a note', async () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
		writeFileSync(path.join(dir, 'b.md'), watchedRunbook('b'));
		const cli = watch(dir, ['a.md', 'b.md']);
		await until(() => cli.output.stdout.includes(waiting));

		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a').replace('```sh', '```sh {tiemout=5s}'));
		await until(() => count(cli.output.stdout, waiting) === 2);
		expect(cli.output.stderr).toMatch(/^a\.md:3:\d+: .*tiemout/m);
		expect(cli.output.stdout).toContain(' FAIL  1 of 2 runbooks did not pass: a.md.');
		expect(runsOf(dir, 'a')).toBe(1);

		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
		await until(() => count(cli.output.stdout, waiting) === 3);
		expect(cli.output.stdout).toContain(' PASS  All 2 runbooks passed.');

		unlinkSync(path.join(dir, 'b.md'));
		await until(() => cli.output.stderr.includes('runbook: b.md was deleted: no longer watched\n'));
		await until(() => count(cli.output.stdout, waiting) === 4);
		expect(cli.output.stdout).toMatch(/ PASS {2}The runbook passed\. Waiting for file changes…\n {7}Ctrl-C to quit\n$/);
		expect([runsOf(dir, 'a'), runsOf(dir, 'b')]).toEqual([2, 1]);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
	});

	it('refuses --update: its writes would start the runbook again', () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'a.md'), watchedRunbook('a'));
		const ran = runbook(['test', '--watch', '--update', 'a.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('--watch cannot be used with --update');
		expect(runsOf(dir, 'a')).toBe(0);
	});
});
