import {randomBytes} from 'node:crypto';
import {appendFileSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import {systemReason, writeAll} from '../update/write-file.js';
import type {Output} from '../reporters/reporter.js';

/** An error writing a report, as the user's to fix: what, and the system's reason. */
export function writeFailure(what: string, error: unknown): UserError {
	if (error instanceof UserError) return error;
	return new UserError('write-failed', `could not write ${what}: ${systemReason(error)}`);
}

/**
 * What is written to it appended to a file at once (GitHub's
 * `$GITHUB_STEP_SUMMARY`, which other steps of the job write to as well);
 * `what` names it in the error (`UserError` `write-failed`).
 */
export function appendingFile(file: string, what: string): Output {
	return {
		write(text: string) {
			try {
				appendFileSync(file, text);
			} catch (error) {
				throw writeFailure(what, error);
			}
		},
	};
}

/** How a report reaches its path: replaced whole (a regular file, or none yet), or written through (a device, a pipe, a socket). */
type Way = 'replace' | 'through';

/**
 * A report that goes to a file: what the reporter writes is kept, and written
 * whole by `close`. `open` looks at the path at once (and creates its
 * folders), so that a path that cannot be written is told before anything
 * runs: a folder, or a path under a file.
 *
 * A regular file (or a new one) is written whole or not at all: a temporary
 * file beside it (`.NAME.RANDOM.tmp`), synced, then renamed over it (a
 * rename within a folder is atomic, POSIX rename(2)), as `--update` writes
 * runbooks (`update/write-file.ts`); a symbolic link is followed, so that the
 * file it points to gets the report and the link stays. A run killed before
 * the end leaves the previous report, if any, untouched. Anything else that
 * exists at the path (`/dev/null`, `/dev/stdout`, a named pipe) is opened and
 * written through, never replaced. Errors: `UserError` `write-failed` naming
 * the reporter and the path.
 */
export class ReportFile implements Output {
	private text = '';

	private constructor(
		/** Where the report goes: the path given, its symbolic links followed to a regular file. */
		readonly file: string,
		private readonly way: Way,
		private readonly what: string,
	) {}

	/** `file`: absolute; `shown`: as the user gave it; `reporter`: its name, for messages. */
	static open(file: string, shown: string, reporter: string): ReportFile {
		const what = `the ${reporter} report ${shown}`;
		try {
			const stats = statSync(file, {throwIfNoEntry: false});
			if (stats?.isDirectory()) throw new UserError('write-failed', `could not write ${what}: it is a folder; give a file's path, such as ${path.join(shown, 'report')}`);
			// A pipe's /dev/stdout leads to no path (`pipe:[…]`): write through the path as given.
			if (stats) return stats.isFile() ? new ReportFile(realpathSync(file), 'replace', what) : new ReportFile(file, 'through', what);
			// A symbolic link to nowhere: writing through it creates the file it names.
			if (lstatSync(file, {throwIfNoEntry: false})?.isSymbolicLink()) return new ReportFile(file, 'through', what);
			makeFolders(path.dirname(file));
		} catch (error) {
			throw writeFailure(what, error);
		}
		return new ReportFile(file, 'replace', what);
	}

	/** Whether the report replaces a regular file (or makes one) at `file`, rather than writing through a device or pipe. */
	get replaces(): boolean {
		return this.way === 'replace';
	}

	write(text: string): void {
		this.text += text;
	}

	close(): void {
		if (this.way === 'through') return this.writeThrough();
		const temporary = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
		let descriptor: number | undefined;
		try {
			descriptor = openSync(temporary, 'wx', 0o666);
			writeAll(descriptor, this.text);
			fsyncSync(descriptor);
			closeSync(descriptor);
			descriptor = undefined;
			renameSync(temporary, this.file);
		} catch (error) {
			throw writeFailure(this.what, error);
		} finally {
			if (descriptor !== undefined) closeSync(descriptor);
			rmSync(temporary, {force: true});
		}
	}

	private writeThrough(): void {
		let descriptor: number | undefined;
		try {
			descriptor = openSync(this.file, 'w');
			// At the current position: a device or a pipe has no offsets to write at.
			const bytes = Buffer.from(this.text);
			for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written, bytes.length - written);
		} catch (error) {
			throw writeFailure(this.what, error);
		} finally {
			if (descriptor !== undefined) closeSync(descriptor);
		}
	}
}

/**
 * `folder` and the folders above it that do not exist yet, made one by one
 * from the top (`mkdir -p`). Node's own recursive `mkdirSync` never returns
 * under `/proc`, where `mkdir` fails with ENOENT for a folder whose parent
 * exists; here that ENOENT is thrown.
 */
function makeFolders(folder: string): void {
	const missing: string[] = [];
	for (let dir = folder; !statSync(dir, {throwIfNoEntry: false}); dir = path.dirname(dir)) missing.unshift(dir);
	for (const dir of missing) mkdirSync(dir);
}
