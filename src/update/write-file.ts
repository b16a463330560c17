import {randomBytes} from 'node:crypto';
import {accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, ftruncateSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';

/**
 * Write `next` over `file`, only if the file still holds `original`, and
 * change nothing else about it:
 *
 * - a symbolic link is followed: the file it points to is written, the link stays;
 * - owner, group and mode stay as they were;
 * - a file with several hard links is written in place, so that every name
 *   sees the new text (otherwise: a temporary file beside it, then a rename,
 *   so that a crash or a full disk never leaves it half written);
 * - a read-only file (no write bit, or not writable by this user) is refused;
 * - the file is read again just before it is replaced: a change made
 *   meanwhile is reported and never overwritten.
 *
 * Messages name the file as `shown` (the path as the user gave it).
 *
 * Errors: `UserError` with the path and the reason, for a changed file
 * (`file-changed`), a read-only one (`read-only`), and any I/O error
 * (`write-failed`: a read-only folder or file system, a full disk, an
 * immutable file).
 */
export function writeIfUnchanged(file: string, original: string, next: string, shown: string = file): void {
	const target = io(shown, 'read', () => realpathSync(file));
	const stats = io(shown, 'read', () => statSync(target));
	refuseReadOnly(shown, target, stats);
	const unchanged = () => {
		if (io(shown, 'read', () => readFileSync(target, 'utf8')) !== original) {
			throw new UserError('file-changed', `${shown} changed since it was read; not updating it (run again to record the output)`);
		}
	};
	unchanged();
	if (stats.nlink > 1 || !replaceAtomically(shown, target, stats, next, unchanged)) writeInPlace(shown, target, original, next);
}

function refuseReadOnly(file: string, target: string, stats: Stats): void {
	const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
	if ((stats.mode & 0o222) === 0) {
		throw new UserError('read-only', `${file} is read-only (mode ${mode}); not updating it: make it writable (chmod u+w) to record the output`);
	}
	try {
		accessSync(target, constants.W_OK);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw toUserError(file, 'write', error);
		throw new UserError('read-only', `${file} is not writable by you (mode ${mode}); not updating it`);
	}
}

/**
 * A temporary file beside the target, with its mode and owner, then a rename
 * over it. False when the owner cannot be kept (a file of another user that
 * this one may write): then it must be written in place.
 */
function replaceAtomically(file: string, target: string, stats: Stats, next: string, unchanged: () => void): boolean {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
	let descriptor: number | undefined;
	try {
		descriptor = io(file, 'write', () => openSync(temporary, 'wx', stats.mode & 0o7777));
		const fd = descriptor;
		try {
			fchownSync(fd, stats.uid, stats.gid);
		} catch {
			return false;
		}
		// The mode given to open is cut by the umask (0664 would become 0644): set it whole.
		io(file, 'write', () => fchmodSync(fd, stats.mode & 0o7777));
		io(file, 'write', () => {
			writeAll(fd, next);
			fsyncSync(fd);
		});
		closeSync(fd);
		descriptor = undefined;
		unchanged();
		io(file, 'write', () => renameSync(temporary, target));
		return true;
	} finally {
		if (descriptor !== undefined) closeSync(descriptor);
		rmSync(temporary, {force: true});
	}
}

/** Over the file's own bytes; on a failed write the original text is put back. */
function writeInPlace(file: string, target: string, original: string, next: string): void {
	const fd = io(file, 'write', () => openSync(target, 'r+'));
	try {
		if (readFileSync(fd, 'utf8') !== original) {
			throw new UserError('file-changed', `${file} changed since it was read; not updating it (run again to record the output)`);
		}
		try {
			writeAll(fd, next);
			ftruncateSync(fd, Buffer.byteLength(next));
			fsyncSync(fd);
		} catch (error) {
			try {
				writeAll(fd, original);
				ftruncateSync(fd, Buffer.byteLength(original));
			} catch {
				// The reason of the first failure is the one to tell.
			}
			throw toUserError(file, 'write', error);
		}
	} finally {
		closeSync(fd);
	}
}

/** All of `text` from the start of the file: a write may take only part of it (a disk filling up), so write until done or failed. */
export function writeAll(fd: number, text: string): void {
	const bytes = Buffer.from(text);
	let written = 0;
	while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
}

function io<T>(file: string, doing: 'read' | 'write', action: () => T): T {
	try {
		return action();
	} catch (error) {
		throw toUserError(file, doing, error);
	}
}

/** An I/O error as the user's to fix: the path and the system's reason (`EACCES` read as "permission denied"). */
function toUserError(file: string, doing: 'read' | 'write', error: unknown): UserError {
	if (error instanceof UserError) return error;
	return new UserError('write-failed', `could not ${doing} ${file}: ${systemReason(error)}; not updated`);
}

/** A system error in words, with its code: `permission denied (is its folder read-only?) (EACCES)`. */
export function systemReason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code ?? '';
	const reason = reasons[code] ?? (error as Error).message;
	return `${reason}${code ? ` (${code})` : ''}`;
}

const reasons: Readonly<Record<string, string>> = {
	EACCES: 'permission denied (is its folder read-only?)',
	EPERM: 'operation not permitted (is the file immutable, chattr +i?)',
	EROFS: 'the file system is read-only',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	ENOENT: 'no such file',
	EISDIR: 'it is a folder',
};
