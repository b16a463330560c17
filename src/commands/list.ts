import {jsonText} from '../match/visible.js';
import {runbookToJson} from '../parse/to-json.js';
import {formatOutline} from '../reporters/outline.js';
import type {Output} from '../reporters/reporter.js';
import {styleFor} from '../reporters/style.js';
import {formatDiagnostic, hasErrors} from '../parse/diagnostics.js';
import {loadRunbook} from './load.js';

/** `runbook list FILE [--json]`: the outline, or the model as JSON. */
export function runList(given: string, json: boolean, out: Output & {isTTY?: boolean}, err: Output, cwd: string): number {
	const loaded = loadRunbook(given, cwd);
	for (const diagnostic of loaded.diagnostics) err.write(`${formatDiagnostic(loaded.shown, diagnostic)}\n`);
	if (json) out.write(`${jsonText(runbookToJson(loaded.runbook, loaded.shown))}\n`);
	else out.write(formatOutline(loaded.runbook, loaded.shown, styleFor(out, process.env)));
	return hasErrors(loaded.diagnostics) ? 2 : 0;
}
