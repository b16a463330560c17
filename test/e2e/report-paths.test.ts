import {spawn, spawnSync} from 'node:child_process';
import {existsSync, lstatSync, readFileSync, readlinkSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runbook} from './cli.js';
import {removeTreeCopies, treeCopy} from './tree.js';

afterEach(removeTreeCopies);

/** A tree with `marks.md`, whose one step leaves `ran` behind: it shows whether anything ran. */
function treeWithMark(): string {
	const dir = treeCopy();
	writeFileSync(path.join(dir, 'marks.md'), '# Marks\n\n```sh\ntouch ran\n```\n');
	return dir;
}

describe('report files at odd paths', () => {
	it('a named pipe is written through and stays a pipe; a symbolic link stays a link and its file gets the report', async () => {
		const dir = treeWithMark();
		const pipe = path.join(dir, 'junit.pipe');
		expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
		// The reader, as `--output-file.junit=/dev/stdout | tool` or a log collector's pipe would be.
		const reader = spawn('cat', [pipe]);
		let read = '';
		reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
		const readerDone = new Promise((resolve) => reader.on('close', resolve));
		symlinkSync('reports-of-today.json', path.join(dir, 'latest.json'));
		try {
			const ran = runbook(['test', 'marks.md', '--reporter', 'junit', '--output-file.junit=junit.pipe', '--reporter', 'json', '--output-file.json=latest.json'], {cwd: dir});
			expect(ran.stderr).toBe('runbook: junit report written to junit.pipe\nrunbook: json report written to latest.json\n');
			expect(ran.code).toBe(0);
			expect(lstatSync(pipe).isFIFO()).toBe(true);
			expect(readlinkSync(path.join(dir, 'latest.json'))).toBe('reports-of-today.json');
			expect(JSON.parse(readFileSync(path.join(dir, 'reports-of-today.json'), 'utf8')).summary).toEqual({passed: 1, failed: 0, skipped: 0});
			await readerDone;
			expect(read).toContain('<testcase classname="marks.md › Marks" name="marks-1"');
		} finally {
			reader.kill();
		}
	});

	it('a folder, two reports in one file, a report over a runbook of the run: exit 2 before anything runs, the runbook untouched', () => {
		const dir = treeWithMark();
		const cases: Array<[string[], string]> = [
			[['--reporter', 'junit', '--output-file.junit=docs'], 'runbook: could not write the junit report docs: it is a folder; give a file\'s path, such as docs/report\n'],
			[['--reporter', 'junit', '--output-file.junit=out/r.xml', '--reporter', 'json', '--output-file.json=./out/../out/r.xml'], 'runbook: --output-file.junit and --output-file.json both write ./out/../out/r.xml: give each report its own file\n'],
			[['--reporter', 'pretty', '--reporter', 'junit', '--output-file.junit', 'docs/passing.md'], 'runbook: --output-file.junit=docs/passing.md is a runbook of this run: the report would overwrite it; give the report another path\n'],
		];
		const passing = readFileSync(path.join(dir, 'docs', 'passing.md'), 'utf8');
		for (const [args, stderr] of cases) {
			const ran = runbook(['test', 'marks.md', 'docs/passing.md', ...args], {cwd: dir});
			expect({code: ran.code, stdout: ran.stdout, stderr: ran.stderr}).toEqual({code: 2, stdout: '', stderr});
			expect(existsSync(path.join(dir, 'ran'))).toBe(false);
		}
		expect(readFileSync(path.join(dir, 'docs', 'passing.md'), 'utf8')).toBe(passing);
	});

	it('a report under /proc, where no folder can be made, is refused before anything runs (no endless mkdir)', () => {
		const dir = treeWithMark();
		const ran = runbook(['test', 'marks.md', '--reporter', 'junit', '--output-file.junit=/proc/runbook-none/junit.xml'], {cwd: dir});
		expect({code: ran.code, stdout: ran.stdout, stderr: ran.stderr}).toEqual({code: 2, stdout: '', stderr: 'runbook: could not write the junit report /proc/runbook-none/junit.xml: no such file (ENOENT)\n'});
		expect(existsSync(path.join(dir, 'ran'))).toBe(false);
	});
});
