import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {UserError} from '../errors.js';
import {systemReason, writeAll} from '../update/write-file.js';
import {appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync} from 'node:fs';
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

/**
 * A report that goes to a file: what the reporter writes is kept, and written
 * whole by `close`. `open` creates the file's folders at once, so that a path
 * that cannot be written is told before anything runs.
 *
 * The file is written whole or not at all: a temporary file beside it
 * (`.NAME.RANDOM.tmp`), synced, then renamed over it (a rename within a
 * folder is atomic, POSIX rename(2)), as `--update` writes runbooks
 * (`update/write-file.ts`). A run killed before the end leaves the previous
 * report, if any, untouched. Errors: `UserError` `write-failed` naming the
 * reporter and the path.
 */
export class ReportFile implements Output {
	private text = '';

	private constructor(
		readonly file: string,
		private readonly what: string,
	) {}

	/** `file`: absolute; `shown`: as the user gave it; `reporter`: its name, for messages. */
	static open(file: string, shown: string, reporter: string): ReportFile {
		const what = `the ${reporter} report ${shown}`;
		try {
			mkdirSync(path.dirname(file), {recursive: true});
		} catch (error) {
			throw writeFailure(what, error);
		}
		return new ReportFile(file, what);
	}

	write(text: string): void {
		this.text += text;
	}

	close(): void {
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
}
