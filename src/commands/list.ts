import type {ParseCache} from '../cache/index.js';
import {exitCodes} from '../engine/exit-codes.js';
import {jsonText, visibleLine} from '../match/visible.js';
import {runbookToJson} from '../parse/to-json.js';
import {formatOutline} from '../reporters/outline.js';
import type {Output} from '../reporters/reporter.js';
import {styleFor} from '../reporters/style.js';
import {formatDiagnostic, hasErrors} from '../parse/diagnostics.js';
import type {Grep} from '../select/grep.js';
import type {Shard} from '../select/shard.js';
import {selectFiles} from './select-files.js';

export type ListOptions = {
	/** `--json`: the model instead of the outline. */
	readonly json: boolean;
	readonly grep?: Grep;
	readonly shard?: Shard;
	readonly verbose?: boolean;
	/** The parse cache to read and fill (`parseCacheFor`); none with `--no-cache`. */
	readonly cache?: ParseCache | undefined;
	/** `--host NAME=…` and `RUNBOOK_HOSTS`: names known besides each runbook's `hosts:`. */
	readonly runHosts?: readonly string[];
	readonly out: Output & {isTTY?: boolean};
	readonly err: Output;
	readonly cwd: string;
};

/**
 * `runbook list PATH... [--json]`: the outline of each runbook the paths
 * select (`selectFiles`: files, folders, globs, `-t`, `--shard`), a blank
 * line between two; or the model as JSON: one object when the only path is
 * a file, else an array with one object per runbook (so that the shape
 * follows the command line, not what a folder holds). Diagnostics and files
 * that cannot be read go to `err`. Exit 0, or 2 when a runbook has errors or
 * a file could not be read.
 */
export async function runList(paths: readonly string[], options: ListOptions): Promise<number> {
	const {out, err} = options;
	const {selected, onlyFiles} = await selectFiles(paths, {cwd: options.cwd, grep: options.grep, shard: options.shard, err, verbose: options.verbose ?? false, cache: options.cache, runHosts: options.runHosts});
	const style = styleFor(out, process.env);
	const models: unknown[] = [];
	let shown = 0;
	let code = 0;
	for (const one of selected) {
		if (!one.ok) {
			err.write(`runbook: ${visibleLine(one.error.message)}\n`);
			code = exitCodes.couldNotRun;
			continue;
		}
		const {loaded} = one;
		for (const diagnostic of loaded.diagnostics) err.write(`${formatDiagnostic(loaded.shown, diagnostic)}\n`);
		if (hasErrors(loaded.diagnostics)) code = exitCodes.couldNotRun;
		if (options.json) models.push(runbookToJson(loaded.runbook, loaded.shown));
		else out.write(`${shown++ > 0 ? '\n' : ''}${formatOutline(loaded.runbook, loaded.shown, style)}`);
	}
	if (options.json) {
		const single = onlyFiles && paths.length === 1;
		// One file that could not be read prints nothing, as before.
		if (!single || models.length > 0) out.write(`${jsonText(single ? models[0] : models)}\n`);
	}
	return code;
}
