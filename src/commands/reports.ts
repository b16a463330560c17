import {randomBytes} from 'node:crypto';
import {realpathSync} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import {visibleLine} from '../match/visible.js';
import {fanOut} from '../reporters/fan-out.js';
import {loadReporter} from '../reporters/load.js';
import {appendingFile, ReportFile} from './report-file.js';
import type {Output, Reporter, ReporterContext} from '../reporters/reporter.js';
import {plain, styleFor} from '../reporters/style.js';
import type {ReportTarget} from '../reporters/targets.js';
import {uncommanded} from '../reporters/workflow-commands.js';

export type ReportSetup = {
	readonly targets: readonly ReportTarget[];
	readonly out: Output & {isTTY?: boolean};
	readonly err: Output;
	/** Report files are relative to it, and paths in reports too. */
	readonly cwd: string;
	/** The environment: colour (`styleFor`), and GitHub Actions' variables. */
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly elapsed?: () => number;
	/** The runbooks of the run (absolute paths): a report file may not be one of them. */
	readonly inputs?: readonly string[];
};

/**
 * The one reporter a run talks to (`fanOut`): each target's reporter, on
 * stdout or into its file (`ReportFile`, written whole when the run ends,
 * without colour; a line on stderr names it), and, in GitHub Actions, the
 * annotations and step summary (`createGithubReporter`):
 *
 * - `GITHUB_ACTIONS=true`: `::error` commands on stdout, the documented
 *   channel, unless a report in another format than `pretty` is on stdout;
 *   then on stderr, which the runner reads for commands as well (actions/runner,
 *   `ScriptHandler.cs`: stdout and stderr each go through an `OutputManager`
 *   with the `ActionCommandManager`), so that the report stays parseable;
 * - `GITHUB_STEP_SUMMARY` set: the Markdown summary appended to that file;
 * - `GITHUB_WORKSPACE` set: annotations name files relative to it (the
 *   repository's root, where GitHub looks for them), whatever folder runbook
 *   ran in;
 * - `GITHUB_ACTIONS=true` and `pretty` on stdout: a write of it that holds a
 *   line the runner would act on (a step's output such as `::error::…` or
 *   `::stop-commands::…`) is enclosed in stop-commands (`uncommanded`).
 *
 * Only the reporters used are loaded (`loadReporter`; the GitHub one in
 * GitHub Actions only). Every report reads one wall time (the first read, when the run ends).
 * Colour on stdout follows `styleFor`. Errors, before anything runs:
 * `UserError` when a report file cannot be written (`ReportFile.open`), when
 * two reports would write one file, or when a report would overwrite a
 * runbook of the run (`inputs`).
 */
export async function createReporter(setup: ReportSetup): Promise<Reporter> {
	const {out, err, cwd, env} = setup;
	const json = setup.targets.find((target) => target.reporter === 'json');
	// Read once, when the first report ends: every report gives the same wall time.
	let wall: number | undefined;
	const elapsed = () => (wall ??= setup.elapsed ? setup.elapsed() : performance.now());
	const shared = {cwd, elapsed, ...(json ? {jsonReport: json.file ?? 'stdout'} : {})};
	const inGithub = env.GITHUB_ACTIONS === 'true';
	const parts: Reporter[] = [];
	const written = new Map<string, string>();
	const inputs = new Set((setup.inputs ?? []).map(realPath));
	for (const target of setup.targets) {
		const create = await loadReporter(target.reporter);
		if (target.file === undefined) {
			// In GitHub Actions, a step's output in the log is never read as a command (a fake annotation, `::stop-commands::` silencing ours).
			const log = inGithub && target.reporter === 'pretty' ? guarded(out) : out;
			parts.push(create({...shared, out: log, err, style: styleFor(out, env)} satisfies ReporterContext));
			continue;
		}
		const shown = target.file;
		const file = ReportFile.open(path.resolve(cwd, shown), shown, target.reporter);
		if (file.replaces) {
			const other = written.get(file.file);
			if (other !== undefined) throw new UserError('bad-option', `--output-file.${other} and --output-file.${target.reporter} both write ${visibleLine(shown)}: give each report its own file`);
			if (inputs.has(file.file)) throw new UserError('bad-option', `--output-file.${target.reporter}=${visibleLine(shown)} is a runbook of this run: the report would overwrite it; give the report another path`);
			written.set(file.file, target.reporter);
		}
		const reporter = create({...shared, out: file, err: file, style: plain});
		parts.push({
			onEvent: (event) => reporter.onEvent(event),
			finish() {
				reporter.finish();
				file.close();
				err.write(`runbook: ${target.reporter} report written to ${visibleLine(shown)}\n`);
			},
		});
	}
	const onStdout = setup.targets.find((target) => target.file === undefined);
	const annotations = inGithub ? (onStdout === undefined || onStdout.reporter === 'pretty' ? out : err) : undefined;
	const summaryFile = env.GITHUB_STEP_SUMMARY ? env.GITHUB_STEP_SUMMARY : undefined;
	const workspace = env.GITHUB_WORKSPACE ? env.GITHUB_WORKSPACE : undefined;
	const summary = summaryFile ? appendingFile(summaryFile, `the step summary ($GITHUB_STEP_SUMMARY, ${summaryFile})`) : undefined;
	if (annotations || summary) {
		const {createGithubReporter} = await import('../reporters/github.js');
		parts.push(createGithubReporter({...shared, out, err, style: plain}, {...(annotations ? {annotations} : {}), ...(summary ? {summary} : {}), ...(workspace ? {workspace} : {})}));
	}
	return parts.length === 1 ? parts[0]! : fanOut(parts);
}

/** `file` with its symbolic links followed, as `ReportFile` names an existing file; as given when it cannot be read. */
function realPath(file: string): string {
	try {
		return realpathSync(file);
	} catch {
		return file;
	}
}

/** `out` with each write made inert for the GitHub runner (`uncommanded`), under one random token per run. */
function guarded(out: Output & {isTTY?: boolean}): Output & {isTTY?: boolean} {
	const token = randomBytes(16).toString('hex');
	return {write: (text: string) => out.write(uncommanded(text, token)), ...(out.isTTY === undefined ? {} : {isTTY: out.isTTY})};
}
