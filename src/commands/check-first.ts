import type {RunReport} from '../engine/events.js';
import type {Runbook} from '../model.js';
import {formatDiagnostic, hasErrors} from '../parse/diagnostics.js';
import type {Output} from '../reporters/reporter.js';
import {heldBackCode} from '../reporters/results.js';
import type {Selected} from '../select/index.js';
import {emptyRunbook, type Loaded} from '../select/load.js';
import {visibleLine} from '../match/visible.js';

export type RunError = NonNullable<RunReport['error']>;

/** A file given to `test`, after its check: ready to run, or the reason it cannot. */
export type Checked =
	| {readonly ok: true; readonly loaded: Loaded}
	| {readonly ok: false; readonly file: string; readonly runbook: Runbook; readonly error: RunError};

/** The error of a valid runbook that did not run because another one failed its check. */
export const heldBack: RunError = {code: heldBackCode, message: 'not run: another runbook has errors (`runbook check` lists them)'};

/**
 * Check every selected file before anything runs. Each diagnostic is written
 * on `err` as `FILE:LINE:COL: message [rule]` and each load error as one line,
 * as `runbook check` words them; a file with errors becomes `check-failed`
 * (its error diagnostics, one a line), one that could not be loaded keeps the
 * load error's code (`not-found`, `not-a-file`, `unreadable`) and message.
 */
export function checkFiles(selected: readonly Selected[], err: Output): Checked[] {
	return selected.map((one): Checked => {
		if (!one.ok) {
			err.write(`runbook: ${visibleLine(one.error.message)}\n`);
			return {ok: false, file: one.file, runbook: emptyRunbook(one.file), error: {code: one.error.code, message: one.error.message}};
		}
		const {loaded} = one;
		for (const diagnostic of loaded.diagnostics) err.write(`${formatDiagnostic(loaded.shown, diagnostic)}\n`);
		if (!hasErrors(loaded.diagnostics)) return {ok: true, loaded};
		const message = loaded.diagnostics
			.filter((diagnostic) => diagnostic.severity === 'error')
			.map((diagnostic) => formatDiagnostic(loaded.shown, diagnostic))
			.join('\n');
		return {ok: false, file: loaded.file, runbook: loaded.runbook, error: {code: 'check-failed', message}};
	});
}
