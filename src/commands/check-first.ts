import path from 'node:path';
import type {RunReport} from '../engine/events.js';
import {isUserError} from '../errors.js';
import type {Runbook} from '../model.js';
import {formatDiagnostic, hasErrors} from '../parse/diagnostics.js';
import type {Output} from '../reporters/reporter.js';
import {notRunCode} from '../reporters/results.js';
import {emptyRunbook, loadRunbook, type Loaded} from './load.js';
import {visibleLine} from '../match/visible.js';

export type RunError = NonNullable<RunReport['error']>;

/** A file given to `test`, after its check: ready to run, or the reason it cannot. */
export type Checked =
	| {readonly ok: true; readonly loaded: Loaded}
	| {readonly ok: false; readonly file: string; readonly runbook: Runbook; readonly error: RunError};

/** The error of a valid runbook that did not run because another one failed its check. */
export const heldBack: RunError = {code: notRunCode, message: 'not run: another runbook has errors (`runbook check` lists them)'};

/**
 * Load and check every file before anything runs. Each diagnostic is written
 * on `err` as `FILE:LINE:COL: message [rule]` and each load error as one line,
 * as `runbook check` words them; a file with errors becomes `check-failed`
 * (its error diagnostics, one a line), one that cannot be read keeps the load
 * error's code (`not-found`, `not-a-file`, `unreadable`) and message.
 */
export function checkFiles(files: readonly string[], cwd: string, err: Output): Checked[] {
	return files.map((given): Checked => {
		let loaded: Loaded;
		try {
			loaded = loadRunbook(given, cwd);
		} catch (error) {
			if (!isUserError(error)) throw error;
			err.write(`runbook: ${visibleLine(error.message)}\n`);
			const file = path.resolve(cwd, given);
			return {ok: false, file, runbook: emptyRunbook(file), error: {code: error.code, message: error.message}};
		}
		for (const diagnostic of loaded.diagnostics) err.write(`${formatDiagnostic(loaded.shown, diagnostic)}\n`);
		if (!hasErrors(loaded.diagnostics)) return {ok: true, loaded};
		const message = loaded.diagnostics
			.filter((diagnostic) => diagnostic.severity === 'error')
			.map((diagnostic) => formatDiagnostic(loaded.shown, diagnostic))
			.join('\n');
		return {ok: false, file: loaded.file, runbook: loaded.runbook, error: {code: 'check-failed', message}};
	});
}
