import type {ParseCache} from '../cache/index.js';
import {exitCodes} from '../engine/exit-codes.js';
import {formatDiagnostic} from '../parse/diagnostics.js';
import type {Output} from '../reporters/reporter.js';
import {selectFiles} from './select-files.js';
import {visibleLine} from '../match/visible.js';
import {plural} from '../plural.js';

export type CheckOptions = {
	readonly out: Output;
	readonly err: Output;
	readonly cwd: string;
	/** `--verbose`: name the files passed over for having no step. */
	readonly verbose?: boolean;
	/** The parse cache to read and fill (`parseCacheFor`); none with `--no-cache`. */
	readonly cache?: ParseCache | undefined;
	/** `--host NAME=…` and `RUNBOOK_HOSTS`: names known besides each runbook's `hosts:`. */
	readonly runHosts?: readonly string[];
};

/**
 * `runbook check PATH...`: every authoring mistake at once, in the files the
 * paths select (`selectFiles`: files, folders, globs). Exit 0 clean (warnings
 * allowed), 2 errors.
 */
export async function runCheck(paths: readonly string[], options: CheckOptions): Promise<number> {
	const {out, err} = options;
	let errors = 0;
	let warnings = 0;
	let diagnostics = 0;
	for (const one of (await selectFiles(paths, {cwd: options.cwd, err, verbose: options.verbose ?? false, cache: options.cache, runHosts: options.runHosts})).selected) {
		if (!one.ok) {
			err.write(`runbook: ${visibleLine(one.error.message)}\n`);
			errors++;
			continue;
		}
		for (const diagnostic of one.loaded.diagnostics) {
			out.write(`${formatDiagnostic(one.loaded.shown, diagnostic)}\n`);
			diagnostics++;
			if (diagnostic.severity === 'error') errors++;
			else warnings++;
		}
	}
	// A missing file is its own one-line error; the count sums up diagnostics.
	if (diagnostics > 0) {
		err.write(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
	}
	return errors > 0 ? exitCodes.couldNotRun : exitCodes.passed;
}
