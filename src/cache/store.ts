/**
 * The parse cache's folder on disk: read an entry, write one, keep the folder
 * small. Every failure (no folder, no permission, a full disk, a file that is
 * not ours) is a miss or a write not made, never an error: the caller parses
 * as it would without a cache.
 */
import {randomBytes} from 'node:crypto';
import {closeSync, constants, fstatSync, futimesSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync, type Stats} from 'node:fs';
import path from 'node:path';

/**
 * How large the folder may grow: entries beyond either limit are deleted, the
 * least recently used first (a hit touches its file's mtime), down to three
 * quarters of both, when an entry is written. An entry larger than
 * `entryBytes` (a runbook of several megabytes) is not written.
 */
export const cacheLimits = {entries: 256, bytes: 128 * 1024 * 1024, entryBytes: 32 * 1024 * 1024} as const;

export type CacheLimits = {readonly entries: number; readonly bytes: number; readonly entryBytes: number};

/**
 * A runbook larger than this (bytes) is neither read from the cache nor
 * written to it: its entry would be about five times its size (a 4 MB
 * document: 20 MB, and 65 MB more peak memory to encode it, past `check`'s
 * own), while parsing it in pieces costs about 1 s per MB whatever came
 * before (`parse/chunks.ts`). The cache is for the parser's cold start, which
 * small runbooks pay most.
 */
export const cachedSourceBytes = 1024 * 1024;

const entryFile = (folder: string, key: string) => path.join(folder, `${key}.json`);
/** Our files: entries, and the temporary files they are written to. */
const ours = /^[0-9a-f]{64}\.(json|\d+-[0-9a-f]+\.tmp)$/;

const uid = process.getuid?.();
const ownedByUs = (stats: Stats) => uid === undefined || stats.uid === uid;

/** A folder of our own: a real folder (not a symbolic link) that this user owns. */
function isOwnFolder(folder: string): boolean {
	const stats = lstatSync(folder, {throwIfNoEntry: false});
	return stats !== undefined && stats.isDirectory() && ownedByUs(stats);
}

/**
 * The bytes of the entry `key`, or undefined: no such file, or not a regular
 * file of this user (a symbolic link is not followed), or larger than an
 * entry may be. A hit sets the file's mtime to now, for pruning.
 */
export function readEntry(folder: string, key: string, limits: CacheLimits = cacheLimits): Buffer | undefined {
	try {
		if (!isOwnFolder(folder)) return undefined;
		const fd = openSync(entryFile(folder, key), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
		try {
			const stats = fstatSync(fd);
			if (!stats.isFile() || !ownedByUs(stats) || stats.size > limits.entryBytes) return undefined;
			const data = readFileSync(fd);
			const now = new Date();
			futimesSync(fd, now, now);
			return data;
		} finally {
			closeSync(fd);
		}
	} catch {
		return undefined;
	}
}

/**
 * Write the entry `key`: into a new temporary file of the same folder (mode
 * 0600, created exclusively, so a planted file or link is never written
 * through), renamed over the entry's name at once, so that a reader (another
 * `-j` job, another process) sees the whole old file or the whole new one.
 * Makes the folder (mode 0700) if need be; writes nothing into a folder that
 * is a link or another user's. Then prunes the folder (`cacheLimits`).
 */
export function writeEntry(folder: string, key: string, data: Uint8Array, limits: CacheLimits = cacheLimits): void {
	if (data.length > limits.entryBytes) return;
	let temporary: string | undefined;
	try {
		mkdirSync(folder, {recursive: true, mode: 0o700});
		if (!isOwnFolder(folder)) return;
		temporary = path.join(folder, `${key}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
		const fd = openSync(temporary, 'wx', 0o600);
		try {
			for (let written = 0; written < data.length; ) written += writeSync(fd, data, written);
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, entryFile(folder, key));
		temporary = undefined;
		pruneFolder(folder, limits);
	} catch {
		if (temporary !== undefined) unlinkQuietly(temporary);
	}
}

/**
 * Delete the least recently used of our files (by mtime) while there are
 * more than `limits.entries` or they hold more than `limits.bytes`, down to
 * three quarters of both (so that the next writes do not prune again).
 * Files that are not ours are left alone and not counted.
 */
export function pruneFolder(folder: string, limits: CacheLimits = cacheLimits): void {
	const files: {name: string; mtimeMs: number; size: number}[] = [];
	for (const name of readdirSync(folder)) {
		if (!ours.test(name)) continue;
		const stats = lstatSync(path.join(folder, name), {throwIfNoEntry: false});
		if (stats?.isFile()) files.push({name, mtimeMs: stats.mtimeMs, size: stats.size});
	}
	let count = files.length;
	let bytes = files.reduce((sum, file) => sum + file.size, 0);
	if (count <= limits.entries && bytes <= limits.bytes) return;
	files.sort((a, b) => a.mtimeMs - b.mtimeMs);
	for (const file of files) {
		if (count <= Math.floor(limits.entries * 0.75) && bytes <= Math.floor(limits.bytes * 0.75)) break;
		unlinkQuietly(path.join(folder, file.name));
		count--;
		bytes -= file.size;
	}
}

function unlinkQuietly(file: string): void {
	try {
		unlinkSync(file);
	} catch {
		// Gone already (another process pruned it), or not ours to delete: either way, not an error.
	}
}
