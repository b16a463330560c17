/**
 * `loadRunbook` with a parse cache: a hit gives what a parse gives; whatever
 * is wrong with the cache (a corrupt, truncated or foreign file, a planted
 * link, a folder that cannot be made) is silent, and the result is a parse's.
 */
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {decodeEntry, encodeEntry, entryKey} from '../../src/cache/entry.js';
import type {ParseCache} from '../../src/cache/folder.js';
import {parseRunbook} from '../../src/parse/index.js';
import {emptyRunbook, loadRunbook} from '../../src/select/load.js';

const text = '---\ntimeout: 5s\n---\n# Notes\n\nSome prose.\n\n```sh\necho hi\n```\n\n```output\nhi\n```\n\n```sh {bad=}\nls\n```\n';

let dir: string;
let cache: ParseCache;
let file: string;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'runbook-cache-load-'));
	cache = {folder: path.join(dir, 'cache', 'runbook'), build: 'test-build'};
	file = path.join(dir, 'notes.md');
	writeFileSync(file, text);
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const entries = () => readdirSync(cache.folder).sort();
const keyOf = (content: string | Buffer = text, build = cache.build, at = file) => entryKey(build, at, Buffer.from(content));
const entryPath = (key: string) => path.join(cache.folder, `${key}.json`);

/** The entry `key` with its title changed: a hit on it shows that title, a parse does not. */
function forge(key: string, title: string): void {
	const result = decodeEntry(key, readFileSync(entryPath(key)))!;
	writeFileSync(entryPath(key), encodeEntry(key, {...result, runbook: {...result.runbook, title}})!);
}

describe('the parse cache of loadRunbook', () => {
	it('writes an entry on a miss and reads it on the next load: the same result, strictly equal', async () => {
		const parsed = await loadRunbook(file, dir);
		expect(parsed.diagnostics.length).toBeGreaterThan(0);
		const first = await loadRunbook(file, dir, cache);
		expect(entries()).toEqual([`${keyOf()}.json`]);
		const second = await loadRunbook(file, dir, cache);
		expect(first).toStrictEqual(parsed);
		expect(second).toStrictEqual(parsed);
		// The second load did read the entry: a changed entry is what it gives.
		forge(keyOf(), 'From the cache');
		expect((await loadRunbook(file, dir, cache)).runbook.title).toBe('From the cache');
	});

	it('makes its folder 0700 and its files 0600, whatever the umask', async () => {
		const umask = process.umask(0);
		try {
			await loadRunbook(file, dir, cache);
		} finally {
			process.umask(umask);
		}
		expect(statSync(cache.folder).mode & 0o777).toBe(0o700);
		expect(statSync(path.dirname(cache.folder)).mode & 0o777).toBe(0o700);
		expect(statSync(entryPath(keyOf())).mode & 0o777).toBe(0o600);
	});

	it('misses when the file, its path or the build changed', async () => {
		await loadRunbook(file, dir, cache);
		forge(keyOf(), 'Stale');
		const changed = text.replace('echo hi', 'echo ho');
		writeFileSync(file, changed);
		const edited = await loadRunbook(file, dir, cache);
		expect(edited.runbook.title).toBe('Notes');
		expect(edited.runbook.steps[0]?.command).toBe('echo ho');
		writeFileSync(file, text);
		expect((await loadRunbook(file, dir, {...cache, build: 'next-build'})).runbook.title).toBe('Notes');
		const moved = path.join(dir, 'moved.md');
		writeFileSync(moved, text);
		expect((await loadRunbook(moved, dir, cache)).runbook.title).toBe('Notes');
		expect(entries()).toEqual([keyOf(), keyOf(changed), keyOf(text, 'next-build'), keyOf(text, cache.build, moved)].map((key) => `${key}.json`).sort());
		// And the first entry is still there for the file as it was.
		expect((await loadRunbook(file, dir, cache)).runbook.title).toBe('Stale');
	});

	it('keys on the path: a file without a heading is titled by its name', async () => {
		const untitled = 'Just notes.\n\n```sh\necho hi\n```\n';
		const a = path.join(dir, 'alpha.md');
		const b = path.join(dir, 'beta.md');
		writeFileSync(a, untitled);
		writeFileSync(b, untitled);
		expect((await loadRunbook(a, dir, cache)).runbook.title).toBe('alpha');
		expect((await loadRunbook(b, dir, cache)).runbook.title).toBe('beta');
	});

	it('parses, silently, over a corrupt, truncated, empty or foreign entry, and writes a good one in its place', async () => {
		const parsed = await loadRunbook(file, dir);
		await loadRunbook(file, dir, cache);
		const good = readFileSync(entryPath(keyOf()));
		const otherKey = keyOf(text, 'another-version');
		const bad = [
			good.subarray(0, good.length - 3),
			Buffer.concat([good.subarray(0, good.length - 10), Buffer.from('xxxxxxxxxx')]),
			Buffer.alloc(0),
			Buffer.from('{"runbook": {}, "diagnostics": []}'),
			// The whole, intact entry of the same file under another build (another version of runbook).
			encodeEntry(otherKey, decodeEntry(keyOf(), good)!)!,
		];
		for (const data of bad) {
			writeFileSync(entryPath(keyOf()), data);
			expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
			expect(readFileSync(entryPath(keyOf()))).toEqual(good);
		}
	});

	it('does not follow a link planted in its folder, nor write through it', async () => {
		const parsed = await loadRunbook(file, dir);
		await loadRunbook(file, dir, cache);
		const planted = path.join(dir, 'elsewhere.json');
		// A whole entry of this key, elsewhere: read through the link, it would be a hit with another title.
		const good = readFileSync(entryPath(keyOf()));
		const result = decodeEntry(keyOf(), good)!;
		writeFileSync(planted, encodeEntry(keyOf(), {...result, runbook: {...result.runbook, title: 'Planted'}})!);
		const before = readFileSync(planted);
		rmSync(entryPath(keyOf()));
		symlinkSync(planted, entryPath(keyOf()));
		expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
		// The link was replaced by an entry of our own; its target is as it was.
		expect(statSync(entryPath(keyOf()), {throwIfNoEntry: false})?.isFile()).toBe(true);
		expect(readFileSync(planted)).toEqual(before);
	});

	it('uses no folder that is a link or another user\'s', async () => {
		const parsed = await loadRunbook(file, dir);
		const real = path.join(dir, 'real');
		mkdirSync(real, {mode: 0o700});
		mkdirSync(path.dirname(cache.folder), {mode: 0o700});
		symlinkSync(real, cache.folder);
		expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
		expect(readdirSync(real)).toEqual([]);
		if (process.getuid?.() === 0) {
			rmSync(cache.folder);
			mkdirSync(cache.folder, {mode: 0o700});
			const {chownSync} = await import('node:fs');
			chownSync(cache.folder, 12345, 12345);
			expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
			expect(readdirSync(cache.folder)).toEqual([]);
		}
	});

	it('parses, silently, when the folder cannot be made or written', async () => {
		const parsed = await loadRunbook(file, dir);
		// The cache home is a file: no folder can be made under it (root included).
		writeFileSync(path.dirname(cache.folder), 'not a folder');
		expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
		expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
		rmSync(path.dirname(cache.folder));
		if (process.getuid?.() !== 0) {
			mkdirSync(cache.folder, {recursive: true, mode: 0o700});
			chmodSync(cache.folder, 0o500);
			expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
			expect(readdirSync(cache.folder)).toEqual([]);
		}
	});

	it('keeps a byte-order mark out of the source, as without a cache', async () => {
		writeFileSync(file, `\uFEFF${text}`);
		const parsed = await loadRunbook(file, dir);
		expect(parsed.bom).toBe('\uFEFF');
		await loadRunbook(file, dir, cache);
		expect(await loadRunbook(file, dir, cache)).toStrictEqual(parsed);
	});
});

describe('the runbook of a file that could not be read', () => {
	it('is what the parser makes of an empty file of that name, without loading the parser', () => {
		for (const name of ['/notes/deploy.md', 'deploy', '/a.b/c.d.md', '']) expect(emptyRunbook(name)).toStrictEqual(parseRunbook('', {path: name}).runbook);
	});
});

describe('the parse cache and a large runbook', () => {
	it('neither writes nor reads an entry for a file larger than the bound (cachedSourceBytes)', async () => {
		const {parseThroughCache} = await import('../../src/cache/index.js');
		const bytes = Buffer.from(text);
		const limit = bytes.length - 1;
		let parsed = 0;
		const parse = async () => (parsed++, parseRunbook(text, {path: file}));
		const first = await parseThroughCache(cache, file, bytes, parse, limit);
		expect(readdirSync(dir)).not.toContain('cache');
		// An entry planted for it is not read either.
		await parseThroughCache(cache, file, bytes, parse);
		expect(entries()).toHaveLength(1);
		const again = await parseThroughCache(cache, file, bytes, parse, limit);
		expect(parsed).toBe(3);
		expect(again).toEqual(first);
		// At the bound it is cached.
		await parseThroughCache(cache, file, bytes, parse, bytes.length);
		expect(parsed).toBe(3);
	});
});
