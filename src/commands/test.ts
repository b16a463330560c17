import {startRun, type RunHandle} from '../engine/run.js';
import type {StepResult} from '../engine/events.js';
import {formatDiagnostic, hasErrors} from '../parse/diagnostics.js';
import {reporters, type ReporterName} from '../reporters/index.js';
import type {Output} from '../reporters/reporter.js';
import {styleFor} from '../reporters/style.js';
import {applyEdits, planUpdate, writeIfUnchanged, type Edit} from '../update/index.js';
import {loadRunbook, type Loaded} from './load.js';
import {isUserError} from '../errors.js';

export type UpdateMode = 'off' | 'changed' | 'new';

export type TestOptions = {
	readonly files: readonly string[];
	readonly reporter: ReporterName;
	readonly env: Readonly<Record<string, string>>;
	readonly bail: boolean;
	readonly update: UpdateMode;
	readonly timeoutMs?: number;
	readonly out: Output & {isTTY?: boolean};
	readonly err: Output;
	readonly cwd: string;
};

/**
 * `runbook test`: check every file first (nothing runs if one has errors), then
 * run them one after another. Exit 0 all passed, 1 any failed, 2 could not run,
 * 130/143 when stopped by SIGINT/SIGTERM (after cleanup).
 */
export async function runTests(options: TestOptions): Promise<number> {
	const loaded: Loaded[] = options.files.map((file) => loadRunbook(file, options.cwd));
	let broken = false;
	for (const item of loaded) {
		for (const diagnostic of item.diagnostics) options.err.write(`${formatDiagnostic(item.shown, diagnostic)}\n`);
		if (hasErrors(item.diagnostics)) broken = true;
	}
	if (broken) {
		options.err.write('runbook: nothing was run: fix the errors above (`runbook check` lists them)\n');
		return 2;
	}
	const style = styleFor(options.out, process.env);
	const reporter = reporters[options.reporter]({out: options.out, err: options.err, style, cwd: options.cwd});
	let current: RunHandle | undefined;
	let signal: NodeJS.Signals | undefined;
	const onSignal = (name: NodeJS.Signals) => {
		if (signal) {
			options.err.write(`runbook: ${name} again: quitting without waiting for cleanup\n`);
			current?.kill();
			process.exit(name === 'SIGINT' ? 130 : 143);
		}
		signal = name;
		options.err.write(`runbook: ${name}: stopping; running cleanup steps (${name} again to quit at once)\n`);
		current?.stop();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	let couldNotRun = false;
	let failed = false;
	try {
		for (const item of loaded) {
			if (signal) break;
			const results = new Map<number, StepResult>();
			current = startRun(item.runbook, {file: item.file, env: options.env, bail: options.bail, ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs})});
			for await (const event of current.events) {
				reporter.onEvent(event);
				if (event.kind === 'step-end') results.set(event.step.index, event.result);
				if (event.kind === 'run-error') couldNotRun = true;
			}
			const report = await current.done;
			if (report.counts.failed > 0) failed = true;
			if (options.update !== 'off') {
				try {
					updateFile(item, results, options.update, options.err);
				} catch (error) {
					if (!isUserError(error)) throw error;
					options.err.write(`runbook: ${error.message}\n`);
					couldNotRun = true;
				}
			}
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
	reporter.finish();
	if (signal) return signal === 'SIGINT' ? 130 : 143;
	if (couldNotRun) return 2;
	return failed ? 1 : 0;
}

function updateFile(item: Loaded, results: ReadonlyMap<number, StepResult>, mode: UpdateMode, err: Output): void {
	const captured = new Map<string, string>();
	const edits: Edit[] = [];
	for (const step of item.runbook.steps) {
		const result = results.get(step.index);
		if (!result) continue;
		const edit = planUpdate(item.source, step, result, captured, {addNew: mode === 'new'});
		if (edit) edits.push(edit);
		for (const [name, value] of Object.entries(result.captures)) captured.set(name, value);
	}
	if (edits.length === 0) return;
	writeIfUnchanged(item.file, item.source, applyEdits(item.source, edits));
	err.write(`runbook: updated ${item.shown}: ${edits.length} expected output${edits.length === 1 ? '' : 's'} written\n`);
}
