import {killedRunWaitMs} from '../engine/terminate.js';
import {startRun, type RunHandle} from '../engine/run.js';
import type {EndReason, EngineEvent, RunReport, StepRecord} from '../engine/events.js';
import {exitCodeFor} from '../engine/outcome.js';
import {createReporter} from './reports.js';
import type {ReportTarget} from '../reporters/targets.js';
import type {Output} from '../reporters/reporter.js';
import type {Edit} from '../update/index.js';
import type * as updateModule from '../update/index.js';
import {checkFiles, heldBack, type Checked} from './check-first.js';
import {shownPath} from '../reporters/results.js';
import {selectFiles} from './select-files.js';
import {applySection} from './test-section.js';
import type {Grep} from '../select/grep.js';
import type {Shard} from '../select/shard.js';
import type {ParseCache} from '../cache/index.js';
import type {Loaded} from '../select/load.js';
import {isUserError, UserError} from '../errors.js';
import {skipReason, tagsOf} from '../engine/selection.js';
import type {Runbook} from '../model.js';
import {bailedOut, notRun, runFile} from './run-file.js';
import {InOrder, schedule} from './schedule.js';
import {LiveArea} from '../reporters/live-area.js';
import {styleFor} from '../reporters/style.js';
import {availableParallelism} from 'node:os';
import {visibleLine} from '../match/visible.js';

/** The signals that stop a run (the first: cleanup runs and the report is written; a second kills it): Ctrl-C, SIGTERM, and SIGHUP (the terminal closed). */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type UpdateMode = 'off' | 'changed' | 'new';

/** `src/update`, loaded when a run updates its files. */
type Updater = typeof updateModule;

export type TestOptions = {
	/** Files, folders and globs (`selectRunbooks`). */
	readonly files: readonly string[];
	/** `-t PATTERN`: only the runbooks whose path or title matches. */
	readonly grep?: Grep;
	/** `--shard i/n`: only that part of the selected runbooks. */
	readonly shard?: Shard;
	/** `--section HEADING`: only the steps of that section run; the others are skipped. */
	readonly section?: string;
	/** `--verbose`: name the files passed over for having no step. */
	readonly verbose?: boolean;
	/** The reports to write (`planReports`): each reporter, to stdout or its file. */
	readonly reports: readonly ReportTarget[];
	readonly env: Readonly<Record<string, string>>;
	/** `--secret NAME`: variables whose values are masked (`engine/secrets.ts`). */
	readonly secrets?: readonly string[];
	/** `--host NAME=DEST` over `RUNBOOK_HOSTS` (`RunOptions.hosts`): over each runbook's `hosts:`, and known to `unknown-host`. */
	readonly hosts?: Readonly<Record<string, string>>;
	/** `--ssh-config FILE` or `RUNBOOK_SSH_CONFIG`, absolute (`RunOptions.sshConfig`). */
	readonly sshConfig?: string;
	/** `--bail`: a runbook stops at its first failed step, and no runbook starts after one failed. */
	readonly bail: boolean;
	/** Write the steps that follow a step into the shell while it runs, where nothing has to happen between them (`engine/pipeline.ts`); off with `--no-pipeline`, and when not given. */
	readonly pipeline?: boolean;
	readonly update: UpdateMode;
	readonly timeoutMs?: number;
	/** `--tag`: run only the steps with one of these tags (Runme's `tag=` / `category=`). */
	readonly tags?: readonly string[];
	/** `--watch`: run the runbooks that pass their check even when another does not (that one is reported `could-not-run`, in its place). */
	readonly runValid?: boolean;
	/** Told each runbook's end as the report gives it (its absolute path, in list order): `--watch` keeps each runbook's standing. */
	readonly onRunbook?: (file: string, reason: EndReason) => void;
	/** `-j N`: at most this many runbooks at once (default: `defaultJobs()`). */
	readonly jobs?: number;
	/** The parse cache to read and fill (`parseCacheFor`); none with `--no-cache`. */
	readonly cache?: ParseCache | undefined;
	readonly out: Output & {isTTY?: boolean; columns?: number};
	readonly err: Output;
	readonly cwd: string;
};

/** `-j`'s default: as many runbooks at once as the machine has CPUs (`os.availableParallelism`, as vitest and Jest count them). */
export function defaultJobs(): number {
	return availableParallelism();
}

/** A runbook's events, held from its run-start to its run-end so that reports stay whole. */
type Held = {readonly events: readonly EngineEvent[]; readonly report: RunReport};

/**
 * `runbook test`: select the files (`selectFiles`: folders, globs, `-t`,
 * `--shard`), check every one first, then run them, up to `jobs` at
 * once (`schedule`: an `exclusive: true` runbook runs alone), each in its
 * own session, temporary folder and environment. Each runbook's events are
 * held until it ends and given to the reporter in the order of `files`
 * (`InOrder`): the reporter sees one runbook after another, as with `-j 1`.
 * On a terminal, a live area shows the running steps.
 *
 * When a file fails its check or cannot be read, nothing runs, and the report
 * still lists every file as `could-not-run`: the broken ones with their
 * diagnostics or load error, the others `not run` (`heldBack`). The exit code is `exitCodeFor` over the
 * runbooks' end reasons: 0 all passed, 1 a step failed, 2 could not run (or an
 * `--update` write failed), 130/143/129 when stopped by SIGINT/SIGTERM/SIGHUP. The
 * reporter always finishes: after an engine error, a file that could not run,
 * or a signal (the first stops every running runbook and their cleanup runs; a
 * second kills them). Runbooks not started when a signal came are reported
 * with their steps skipped, `reason: interrupted`; with `--bail`, those not
 * started after a runbook failed, `reason: not-run` (runbooks already running
 * finish).
 */
export async function runTests(options: TestOptions): Promise<number> {
	// The reports' wall time counts from here: each round of --watch has its own.
	const startedAt = performance.now();
	const {selected} = await selectFiles(options.files, {cwd: options.cwd, grep: options.grep, shard: options.shard, err: options.err, verbose: options.verbose ?? false, cache: options.cache, runHosts: Object.keys(options.hosts ?? {})});
	const checked = options.section === undefined ? checkFiles(selected, options.err) : applySection(checkFiles(selected, options.err), options.section);
	checkTags(checked.flatMap((item) => (item.ok ? [item.loaded.runbook] : [])), options.tags);
	const loaded = checked.flatMap((item) => (item.ok ? [item.loaded] : []));
	const live = options.out.isTTY && loaded.length > 0 ? new LiveArea(options.out, styleFor(options.out, process.env), checked.length) : undefined;
	const out = live ? {write: (text: string) => live.write(text), isTTY: true} : options.out;
	// What goes to stderr while the area is drawn is written above it too, or the next redraw would erase it.
	const err = live && (options.err as {isTTY?: boolean}).isTTY ? {write: (text: string) => live.writeBeside(options.err, text)} : options.err;
	// The updater loads only for --update: a plain run does not pay for it.
	const updater = options.update === 'off' ? undefined : await import('../update/index.js');
	const reporter = await createReporter({targets: options.reports, out, err, cwd: options.cwd, env: process.env, elapsed: () => performance.now() - startedAt, inputs: checked.map((item) => (item.ok ? item.loaded.file : item.file))});
	if (!options.runValid && loaded.length < checked.length) {
		options.err.write('runbook: nothing was run: fix the errors above (`runbook check` lists them)\n');
		// Nothing runs, and the report still lists every file: why each one did not run.
		const reports = checked.map((item) => (item.ok ? notRun(item.loaded.runbook, item.loaded.file, reporter, heldBack) : notRun(item.runbook, item.file, reporter, item.error)));
		for (const report of reports) options.onRunbook?.(report.file, report.reason);
		reporter.finish();
		return exitCodeFor(reports.map((report) => report.reason));
	}
	const running = new Set<RunHandle>();
	let signal: NodeJS.Signals | undefined;
	let killed = false;
	let bailed = false;
	let abandon = () => {};
	const abandoned = new Promise<void>((resolve) => (abandon = resolve));
	const onSignal = (name: NodeJS.Signals) => {
		if (killed) return;
		if (signal) {
			killed = true;
			err.write(`runbook: ${name} again: killing the run without waiting for cleanup\n`);
			for (const handle of running) handle.kill();
			setTimeout(abandon, killedRunWaitMs).unref();
			return;
		}
		signal = name;
		err.write(`runbook: ${name}: stopping; running cleanup steps (${name} again to quit at once)\n`);
		for (const handle of running) handle.stop();
	};
	// SIGHUP (the terminal closed) stops the run as SIGTERM does: cleanup runs, the report is written.
	for (const name of stopSignals) process.on(name, onSignal);
	const reasons: EndReason[] = [];
	// Given to the reporter in list order, each runbook whole, once it and all before it have ended.
	const inOrder = new InOrder<Held>((index, held) => {
		for (const event of held.events) reporter.onEvent(event);
		reasons.push(held.report.reason);
		options.onRunbook?.(held.report.file, held.report.reason);
		const item = checked[index] as Checked;
		if (item.ok && updater && options.update !== 'off' && !killed && held.report.reason !== 'could-not-run' && held.report.reason !== 'not-run' && held.report.steps.length > 0) {
			try {
				updateFile(updater, item.loaded, held.report.steps, options.update, err);
			} catch (error) {
				if (!isUserError(error)) throw error;
				err.write(`runbook: ${visibleLine(error.message)}\n`);
				// The file could not be written: as bad as a runbook that could not run.
				reasons.push('could-not-run');
			}
		}
	});
	const runOne = async (checkedItem: Checked, index: number): Promise<Held> => {
		const events: EngineEvent[] = [];
		const hold = {
			onEvent(event: EngineEvent) {
				live?.onEvent(index, checkedItem.ok ? checkedItem.loaded.shown : shownPath(options.cwd, checkedItem.file), event);
				// The step's result carries its output: the chunks as they came are for live front ends.
				if (event.kind !== 'output') events.push(event);
			},
			finish() {},
		};
		// With runValid, a runbook that failed its check is reported in its place, and the others run.
		if (!checkedItem.ok) return {events, report: notRun(checkedItem.runbook, checkedItem.file, hold, checkedItem.error)};
		const item = checkedItem.loaded;
		const run = {file: item.file, env: options.env, secrets: options.secrets ?? [], bail: options.bail, pipeline: options.pipeline ?? false, ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}), ...(options.tags ? {tags: options.tags} : {}), ...(options.hosts ? {hosts: options.hosts} : {}), ...(options.sshConfig === undefined ? {} : {sshConfig: options.sshConfig})};
		let handle: RunHandle | undefined;
		const report = await runFile({runbook: item.runbook, run, reporter: hold, start: startRun, abandoned, started: (started) => {
			handle = started;
			running.add(started);
			// A signal that came while the run was starting.
			if (signal) started.stop();
		}});
		if (handle) running.delete(handle);
		return {events, report};
	};
	live?.start();
	try {
		const results = await schedule(checked.map((item) => ({item, exclusive: item.ok && item.loaded.runbook.options.exclusive === true})), {
			jobs: options.jobs ?? defaultJobs(),
			run: ({item}, index) => runOne(item, index),
			mayStart: () => !signal && !bailed,
			ended: (index, held) => {
				if (options.bail && held.report.reason !== 'passed') bailed = true;
				inOrder.done(index, held);
			},
		});
		// Those never started: a signal came, or --bail after a failed runbook.
		for (const [index, result] of results.entries()) {
			if (result !== undefined) continue;
			const item = checked[index] as Checked;
			const events: EngineEvent[] = [];
			const report = notRun(item.ok ? item.loaded.runbook : item.runbook, item.ok ? item.loaded.file : item.file, {onEvent: (event) => events.push(event), finish() {}}, signal ? undefined : bailedOut);
			inOrder.done(index, {events, report});
		}
	} finally {
		for (const name of stopSignals) process.off(name, onSignal);
		live?.stop();
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

function updateFile(updater: Updater, item: Loaded, records: readonly StepRecord[], mode: UpdateMode, err: Output): void {
	const {applyEdits, planUpdate, refusalOf, writeIfUnchanged} = updater;
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
