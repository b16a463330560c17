import {mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {cacheLimits, pruneFolder, readEntry, writeEntry} from '../../src/cache/store.js';

let dir: string;
let folder: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'runbook-cache-store-'));
	folder = path.join(dir, 'runbook');
});
afterEach(() => {
	vi.restoreAllMocks();
	rmSync(dir, {recursive: true, force: true});
});

const key = (n: number) => n.toString(16).padStart(64, '0');
/** Entry `n`, last used `n` seconds after the epoch's first day: the lower, the older. */
function entryAt(n: number, size = 10): void {
	const file = path.join(folder, `${key(n)}.json`);
	writeFileSync(file, 'x'.repeat(size));
	utimesSync(file, 86_400 + n, 86_400 + n);
}

describe('the folder of the parse cache', () => {
	it('keeps at most its number of entries: past it, the least recently used go, down to three quarters', () => {
		mkdirSync(folder);
		const limits = {entries: 8, bytes: 1e9, entryBytes: 1e6};
		for (let n = 1; n <= 8; n++) entryAt(n);
		pruneFolder(folder, limits);
		expect(readdirSync(folder)).toHaveLength(8);
		// A hit makes an old entry recent: entry 1 is read, so entry 2 is now the oldest.
		expect(readEntry(folder, key(1), limits)?.toString()).toBe('x'.repeat(10));
		writeEntry(folder, key(9), Buffer.from('new'), limits);
		expect(readdirSync(folder).sort()).toEqual([1, 5, 6, 7, 8, 9].map((n) => `${key(n)}.json`));
	});

	it('keeps at most its number of bytes, and writes no entry larger than one may be', () => {
		mkdirSync(folder);
		const limits = {entries: 100, bytes: 100, entryBytes: 40};
		for (let n = 1; n <= 3; n++) entryAt(n, 30);
		writeEntry(folder, key(4), Buffer.from('y'.repeat(41)), limits);
		expect(readdirSync(folder)).toHaveLength(3);
		writeEntry(folder, key(4), Buffer.from('y'.repeat(40)), limits);
		// 130 bytes: down to 75 or fewer, the oldest first.
		expect(readdirSync(folder).sort()).toEqual([`${key(3)}.json`, `${key(4)}.json`]);
	});

	it('leaves files that are not its own alone, and removes its own temporary files left over', () => {
		mkdirSync(folder);
		const limits = {entries: 2, bytes: 1e9, entryBytes: 1e6};
		writeFileSync(path.join(folder, 'notes.txt'), 'mine');
		writeFileSync(path.join(folder, `${key(1)}.123-abcdef.tmp`), 'half');
		utimesSync(path.join(folder, `${key(1)}.123-abcdef.tmp`), 86_400, 86_400);
		entryAt(2);
		entryAt(3);
		pruneFolder(folder, limits);
		expect(readdirSync(folder).sort()).toEqual([`${key(3)}.json`, 'notes.txt']);
	});

	it('reads no entry larger than one may be', () => {
		mkdirSync(folder);
		entryAt(1, 50);
		expect(readEntry(folder, key(1), {...cacheLimits, entryBytes: 49})).toBeUndefined();
		expect(readEntry(folder, key(1), {...cacheLimits, entryBytes: 50})).toHaveLength(50);
	});
});
