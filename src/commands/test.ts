import {killedRunWaitMs} from '../engine/terminate.js';
import {startRun, type RunHandle} from '../engine/run.js';
import type {EndReason, StepRecord} from '../engine/events.js';
import {exitCodeFor} from '../engine/outcome.js';
import {createReporter} from '../reporters/setup.js';
import type {ReportTarget} from '../reporters/targets.js';
import type {Output} from '../reporters/reporter.js';
import {applyEdits, planUpdate, refusalOf, writeIfUnchanged, type Edit} from '../update/index.js';
import {checkFiles, heldBack} from './check-first.js';
import type {Loaded} from './load.js';
import {isUserError, UserError} from '../errors.js';
import {skipReason, tagsOf} from '../engine/selection.js';
import type {Runbook} from '../model.js';
import {notRun, runFile} from './run-file.js';
import {visibleLine} from '../match/visible.js';

export type UpdateMode = 'off' | 'changed' | 'new';

export type TestOptions = {
	readonly files: readonly string[];
	/** The reports to write (`planReports`): each reporter, to stdout or its file. */
	readonly reports: readonly ReportTarget[];
	readonly env: Readonly<Record<string, string>>;
	/** `--secret NAME`: variables whose values are masked (`engine/secrets.ts`). */
	readonly secrets?: readonly string[];
	readonly bail: boolean;
	readonly update: UpdateMode;
	readonly timeoutMs?: number;
	/** `--tag`: run only the steps with one of these tags (Runme's `tag=` / `category=`). */
	readonly tags?: readonly string[];
	readonly out: Output & {isTTY?: boolean};
	readonly err: Output;
	readonly cwd: string;
};

/**
 * `runbook test`: check every file first, then run them one after another.
 * When a file fails its check or cannot be read, nothing runs, and the report
 * still lists every file as `could-not-run`: the broken ones with their
 * diagnostics or load error, the others `not run` (`heldBack`). The exit code is `exitCodeFor` over the
 * runbooks' end reasons: 0 all passed, 1 a step failed, 2 could not run (or an
 * `--update` write failed), 130/143 when stopped by SIGINT/SIGTERM. The
 * reporter always finishes: after an engine error, a file that could not run,
 * or a signal (the first stops the run and cleanup runs; a second kills it).
 * Files after an interrupted one are not run and are reported with their
 * steps skipped, `reason: interrupted`.
 */
export async function runTests(options: TestOptions): Promise<number> {
	const checked = checkFiles(options.files, options.cwd, options.err);
	checkTags(checked.flatMap((item) => (item.ok ? [item.loaded.runbook] : [])), options.tags);
	const reporter = createReporter({targets: options.reports, out: options.out, err: options.err, cwd: options.cwd, env: process.env});
	const loaded = checked.flatMap((item) => (item.ok ? [item.loaded] : []));
	if (loaded.length < checked.length) {
		options.err.write('runbook: nothing was run: fix the errors above (`runbook check` lists them)\n');
		// Nothing runs, and the report still lists every file: why each one did not run.
		const reasons = checked.map((item) => (item.ok ? notRun(item.loaded.runbook, item.loaded.file, reporter, heldBack) : notRun(item.runbook, item.file, reporter, item.error)).reason);
		reporter.finish();
		return exitCodeFor(reasons);
	}
	let current: RunHandle | undefined;
	let signal: NodeJS.Signals | undefined;
	let killed = false;
	let abandon = () => {};
	const abandoned = new Promise<void>((resolve) => (abandon = resolve));
	const onSignal = (name: NodeJS.Signals) => {
		if (killed) return;
		if (signal) {
			killed = true;
			options.err.write(`runbook: ${name} again: killing the run without waiting for cleanup\n`);
			current?.kill();
			setTimeout(abandon, killedRunWaitMs).unref();
			return;
		}
		signal = name;
		options.err.write(`runbook: ${name}: stopping; running cleanup steps (${name} again to quit at once)\n`);
		current?.stop();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const reasons: EndReason[] = [];
	try {
		for (const item of loaded) {
			if (signal) {
				reasons.push(notRun(item.runbook, item.file, reporter).reason);
				continue;
			}
			const run = {file: item.file, env: options.env, secrets: options.secrets ?? [], bail: options.bail, ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}), ...(options.tags ? {tags: options.tags} : {})};
			const report = await runFile({runbook: item.runbook, run, reporter, start: startRun, abandoned, started: (handle) => {
				current = handle;
				// A signal that came while the run was starting.
				if (signal) handle.stop();
			}});
			current = undefined;
			reasons.push(report.reason);
			if (options.update !== 'off' && !killed && report.reason !== 'could-not-run') {
				try {
					updateFile(item, report.steps, options.update, options.err);
				} catch (error) {
					if (!isUserError(error)) throw error;
					options.err.write(`runbook: ${visibleLine(error.message)}\n`);
					// The file could not be written: as bad as a runbook that could not run.
					reasons.push('could-not-run');
				}
			}
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		reporter.finish();
	}
	const code = exitCodeFor(signal ? [...reasons, 'interrupted'] : reasons, signal);
	// A killed run may keep its pipes open for a while: the report is written, do not wait for them.
	if (killed) process.exit(code);
	return code;
}

/**
 * `--tag` that no step of any runbook carries (but `skip` ones) would run nothing and pass: a
 * usage error (exit 2) that lists the tags there are. A runbook with none of
 * them runs with every step skipped, so that `runbook test --tag smoke *.md` serves.
 */
function checkTags(runbooks: readonly Runbook[], tags: readonly string[] | undefined): void {
	if (!tags || tags.length === 0) return;
	if (runbooks.some((runbook) => runbook.steps.some((step) => skipReason(step, runbook, tags) === undefined))) return;
	const there = [...new Set(runbooks.flatMap(tagsOf))];
	throw new UserError('bad-option', `--tag ${tags.join(',')}: no step that runs carries ${tags.length === 1 ? 'it' : 'any of them'} (${there.length > 0 ? `tags: ${there.join(', ')}` : 'no step has a tag'})`);
}

function updateFile(item: Loaded, records: readonly StepRecord[], mode: UpdateMode, err: Output): void {
	// A step run twice (the player's re-run) counts by its last result.
	const results = new Map(records.map((record) => [record.step.index, record.result]));
	const captured = new Map<string, string>();
	const edits: Edit[] = [];
	for (const step of item.runbook.steps) {
		const result = results.get(step.index);
		if (!result) continue;
		const edit = planUpdate(item.source, step, result, captured, {addNew: mode === 'new'});
		if (edit) edits.push(edit);
		const refusal = edit ? undefined : refusalOf(step, result);
		if (refusal) err.write(`runbook: ${visibleLine(`${item.shown}:${step.span.start.line}: ${step.name}: ${refusal}`)}\n`);
		for (const [name, value] of Object.entries(result.captures)) captured.set(name, value);
	}
	if (edits.length === 0) return;
	writeIfUnchanged(item.file, item.bom + item.source, item.bom + applyEdits(item.source, edits), item.shown);
	err.write(`runbook: updated ${visibleLine(item.shown)}: ${edits.length} expected output${edits.length === 1 ? '' : 's'} written\n`);
}
