/**
 * The parse cache, through the built CLI: where it lives (XDG_CACHE_HOME),
 * that every verb prints and exits the same with it (empty or full) as
 * without it, that `--no-cache` and RUNBOOK_NO_CACHE neither read nor write
 * it, that what goes wrong with it is silent, that processes running at once
 * share it safely, and that a run whose file is cached never loads the
 * Markdown parser.
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {decodeEntry, encodeEntry} from '../../src/cache/entry.js';
import {bin, root, runbook, type Ran} from './cli.js';

const homes: string[] = [];
afterAll(() => {
	for (const home of homes.splice(0)) rmSync(home, {recursive: true, force: true});
});

/** A fresh, empty cache home; its cache folder is `runbook/` under it. */
function cacheHome(): string {
	const home = mkdtempSync(path.join(tmpdir(), 'runbook-cache-e2e-'));
	homes.push(home);
	return home;
}

const folderOf = (home: string) => path.join(home, 'runbook');
const entriesOf = (home: string) => (existsSync(folderOf(home)) ? readdirSync(folderOf(home)).sort() : []);

/** The CLI with `home` as its cache home (and RUNBOOK_NO_CACHE unset, whatever the tests' environment says). */
const cli = (args: readonly string[], home: string, env: Record<string, string> = {}): Ran => runbook(args, {env: {XDG_CACHE_HOME: home, RUNBOOK_NO_CACHE: '', ...env}});

/** Output with the durations a run reports (pretty's `(12ms)`, TAP's `durationMs: 12`) made fixed: they are the only part of it that varies from run to run. */
const fixedTimes = (text: string) => text.replace(/\(\d+(?:\.\d+)?m?s\)/g, '(T)').replace(/^(\s*durationMs:) \d+$/gm, '$1 T');
const steady = (ran: Ran) => ({code: ran.code, stdout: fixedTimes(ran.stdout), stderr: fixedTimes(ran.stderr)});

/** The chunks of the build that hold micromark (esbuild names each bundled package's files in a comment). */
const parserChunks = readdirSync(path.join(root, 'dist', 'chunks'))
	.filter((name) => readFileSync(path.join(root, 'dist', 'chunks', name), 'utf8').includes('// node_modules/micromark'))
	.map((name) => path.join(root, 'dist', 'chunks', name));

/** The files of dist/chunks a run of the CLI loaded (test/e2e/loaded-hook.mjs logs every module). */
function chunksLoaded(args: readonly string[], home: string, env: Record<string, string> = {}): {ran: Ran; chunks: string[]} {
	const log = path.join(home, 'loaded.log');
	rmSync(log, {force: true});
	const ran = runbook(args, {env: {XDG_CACHE_HOME: home, RUNBOOK_NO_CACHE: '', RUNBOOK_TEST_LOADED_LOG: log, ...env}, nodeArgs: ['--import', path.join(root, 'test', 'e2e', 'loaded-hook.mjs')]});
	const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
	return {ran, chunks: urls.filter((url) => url.startsWith('file:')).map((url) => new URL(url).pathname).filter((file) => file.startsWith(path.join(root, 'dist', 'chunks')))};
}

/** Change the title of the one entry in `home`'s cache: a run that reads the entry shows it, one that parses does not. */
function forgeTitle(home: string, title: string): void {
	const [name] = entriesOf(home);
	const file = path.join(folderOf(home), name!);
	const key = name!.replace(/\.json$/, '');
	const result = decodeEntry(key, readFileSync(file))!;
	writeFileSync(file, encodeEntry(key, {...result, runbook: {...result.runbook, title}})!);
}

describe('the parse cache', () => {
	it('lives in $XDG_CACHE_HOME/runbook: a 0700 folder of 0600 files, one for each runbook', () => {
		const home = cacheHome();
		const ran = cli(['check', 'runbooks/tour.md', 'runbooks/docker-network.md'], home);
		expect(ran.code).toBe(0);
		expect(statSync(folderOf(home)).mode & 0o777).toBe(0o700);
		const entries = entriesOf(home);
		expect(entries).toHaveLength(2);
		for (const name of entries) {
			expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
			expect(statSync(path.join(folderOf(home), name)).mode & 0o777).toBe(0o600);
		}
	});

	it('ignores a relative XDG_CACHE_HOME, as the XDG spec says: it is in ~/.cache/runbook', () => {
		const home = cacheHome();
		const cwd = path.join(home, 'work');
		mkdirSync(cwd);
		const ran = runbook(['check', path.join(root, 'runbooks', 'tour.md')], {cwd, env: {XDG_CACHE_HOME: 'relative-cache', HOME: home, RUNBOOK_NO_CACHE: ''}});
		expect(ran.code).toBe(0);
		expect(existsSync(path.join(cwd, 'relative-cache'))).toBe(false);
		expect(readdirSync(path.join(home, '.cache', 'runbook'))).toHaveLength(1);
	});

	// Each: without the cache, with an empty one (it is filled), with the full one (read).
	const commands: readonly (readonly string[])[] = [
		['check', 'runbooks'],
		['check', 'test/fixtures/corpus'],
		['check', 'test/parse/fixtures'],
		['check', 'test/e2e/fixtures/broken.md', 'runbooks/tour.md'],
		['list', 'runbooks'],
		['list', '--json', 'runbooks'],
		['list', '--json', 'test/parse/fixtures'],
		['list', 'test/fixtures/corpus'],
		['test', 'runbooks/tour.md'],
		['test', 'test/e2e/fixtures/passing.md', 'test/e2e/fixtures/failing.md', '-j', '2'],
		['test', 'test/e2e/fixtures/broken.md'],
		['test', '--reporter', 'tap', 'test/e2e/fixtures/failing.md'],
		['play', 'runbooks/tour.md'],
	];

	it.each(commands)('prints and exits the same with it, empty or full, as with --no-cache: %s %s', (...args) => {
		const home = cacheHome();
		const without = cli([...args, '--no-cache'], home);
		expect(entriesOf(home)).toEqual([]);
		const first = cli(args, home);
		const written = entriesOf(home);
		expect(written.length).toBeGreaterThan(0);
		const second = cli(args, home);
		expect(entriesOf(home)).toEqual(written);
		expect(steady(first)).toEqual(steady(without));
		expect(steady(second)).toEqual(steady(without));
	});

	it('is read on the second run, which loads no Markdown parser; --no-cache parses', () => {
		expect(parserChunks.length).toBeGreaterThan(0);
		const home = cacheHome();
		const args = ['test', path.join(root, 'runbooks', 'tour.md')];
		const first = chunksLoaded(args, home);
		expect(first.ran.code).toBe(0);
		expect(first.chunks.filter((chunk) => parserChunks.includes(chunk)).length).toBeGreaterThan(0);
		const second = chunksLoaded(args, home);
		expect(second.ran.code).toBe(0);
		expect(second.chunks.length).toBeGreaterThan(0);
		expect(second.chunks.filter((chunk) => parserChunks.includes(chunk))).toEqual([]);
		const uncached = chunksLoaded([...args, '--no-cache'], home);
		expect(uncached.chunks.filter((chunk) => parserChunks.includes(chunk)).length).toBeGreaterThan(0);
	});

	it('is neither read nor written with --no-cache or RUNBOOK_NO_CACHE=1', () => {
		const home = cacheHome();
		const args = ['list', '--json', 'runbooks/tour.md'];
		const parsed = JSON.parse(cli(args, home).stdout) as {title: string};
		forgeTitle(home, 'Read from the cache');
		// The forged entry is what a run with the cache shows: the runs below would show it if they read it.
		expect((JSON.parse(cli(args, home).stdout) as {title: string}).title).toBe('Read from the cache');
		const folder = folderOf(home);
		const before = entriesOf(home).map((name) => [name, statSync(path.join(folder, name)).mtimeMs, readFileSync(path.join(folder, name)).toString('base64')]);
		for (const ran of [cli([...args, '--no-cache'], home), cli(args, home, {RUNBOOK_NO_CACHE: '1'}), cli(['check', '--no-cache', 'runbooks/docker-network.md'], home), cli(['check', 'runbooks/docker-network.md'], home, {RUNBOOK_NO_CACHE: '1'})]) {
			expect(ran.code).toBe(0);
			if (ran.stdout.startsWith('{')) expect((JSON.parse(ran.stdout) as {title: string}).title).toBe(parsed.title);
		}
		expect(entriesOf(home).map((name) => [name, statSync(path.join(folder, name)).mtimeMs, readFileSync(path.join(folder, name)).toString('base64')])).toEqual(before);
		const empty = cacheHome();
		cli(['test', '--no-cache', 'runbooks/tour.md'], empty);
		cli(['play', 'runbooks/tour.md'], empty, {RUNBOOK_NO_CACHE: '1'});
		expect(readdirSync(empty)).toEqual([]);
	});

	it('is offered as --no-cache by every verb that reads runbooks', () => {
		for (const verb of ['check', 'list', 'test', 'play']) expect(runbook([verb, '--help']).stdout).toMatch(/--no-cache\s+parse every runbook/);
	});

	it('says nothing when it cannot be used: the cache home is a file, an entry is corrupt or truncated', () => {
		const args = ['check', 'test/parse/fixtures/diag-all/input.md', 'runbooks/tour.md'];
		const home = cacheHome();
		const expected = steady(cli([...args, '--no-cache'], home));
		expect(expected.code).toBe(2);
		const file = path.join(home, 'a-file');
		writeFileSync(file, '');
		expect(steady(cli(args, file))).toEqual(expected);
		expect(steady(cli(args, home))).toEqual(expected);
		for (const name of entriesOf(home)) {
			const entry = path.join(folderOf(home), name);
			writeFileSync(entry, readFileSync(entry).subarray(0, 100));
		}
		expect(steady(cli(args, home))).toEqual(expected);
		// Each was parsed again and written whole: the next run reads them.
		expect(steady(cli(args, home))).toEqual(expected);
		for (const name of entriesOf(home)) expect(decodeEntry(name.replace(/\.json$/, ''), readFileSync(path.join(folderOf(home), name)))).toBeDefined();
	});

	it('is shared safely by processes that write the same entries at once', async () => {
		const home = cacheHome();
		const args = ['list', '--json', 'runbooks/tour.md', 'runbooks/docker-network.md', 'runbooks/linux-network-drivers.md'];
		const expected = cli([...args, '--no-cache'], home);
		const runs = await Promise.all(
			Array.from({length: 6}, () =>
				new Promise<Ran>((resolve) => {
					const child = spawn(process.execPath, [bin, ...args], {cwd: root, env: {...process.env, XDG_CACHE_HOME: home, RUNBOOK_NO_CACHE: '', NO_COLOR: '1'}});
					let stdout = '';
					let stderr = '';
					child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
					child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
					child.on('close', (code) => resolve({code, stdout, stderr}));
				}),
			),
		);
		for (const ran of runs) expect(ran).toEqual(expected);
		const entries = entriesOf(home);
		expect(entries).toHaveLength(3);
		for (const name of entries) expect(decodeEntry(name.replace(/\.json$/, ''), readFileSync(path.join(folderOf(home), name)))).toBeDefined();
		expect(cli(args, home)).toEqual(expected);
	});
});
