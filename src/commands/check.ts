import {formatDiagnostic} from '../parse/diagnostics.js';
import type {Output} from '../reporters/reporter.js';
import {isUserError} from '../errors.js';
import {loadRunbook} from './load.js';
import {visibleLine} from '../match/visible.js';

/** `runbook check FILE...`: every authoring mistake at once. Exit 0 clean (warnings allowed), 2 errors. */
export function runCheck(files: readonly string[], out: Output, err: Output, cwd: string): number {
	let errors = 0;
	let warnings = 0;
	let diagnostics = 0;
	for (const given of files) {
		try {
			const loaded = loadRunbook(given, cwd);
			for (const diagnostic of loaded.diagnostics) {
				out.write(`${formatDiagnostic(loaded.shown, diagnostic)}\n`);
				diagnostics++;
				if (diagnostic.severity === 'error') errors++;
				else warnings++;
			}
		} catch (error) {
			if (!isUserError(error)) throw error;
			err.write(`runbook: ${visibleLine(error.message)}\n`);
			errors++;
		}
	}
	// A missing file is its own one-line error; the count sums up diagnostics.
	if (diagnostics > 0) {
		const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
		err.write(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
	}
	return errors > 0 ? 2 : 0;
}
