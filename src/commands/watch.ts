import path from 'node:path';
import {exitCodes} from '../engine/exit-codes.js';
import {signalExitStatus} from '../engine/outcome.js';
import {isUserError} from '../errors.js';
import {visibleLine} from '../match/visible.js';
import type {Output} from '../reporters/reporter.js';
import {styleFor} from '../reporters/style.js';
import {clearScreen, deletedNote, helpText, roundHeader, separator, waitingLines, type Trigger} from '../reporters/watch-text.js';
import {watchFiles, type FileChange, type FileWatch} from './watch-files.js';

/** A terminal's stdin, read key by key in raw mode. */
export type KeyInput = Pick<NodeJS.ReadStream, 'setRawMode' | 'on' | 'off' | 'resume' | 'pause'>;

export type WatchOptions = {
	/** The selected runbooks as the user named them (relative to `cwd`, or absolute), in order; how they were selected is not this module's concern. */
	readonly files: readonly string[];
	/**
	 * Runs runbooks as `runbook test` does (one report on `out`, `-j` as given;
	 * one that does not parse is reported and the others run), and resolves to
	 * each one's exit code, by the names given. A `UserError` it throws is shown
	 * and counts as 2 for each of them.
	 */
	readonly run: (files: readonly string[]) => Promise<ReadonlyMap<string, number>>;
	readonly out: Output & {isTTY?: boolean};
	readonly err: Output;
	readonly cwd: string;
	/** Where keys come from (q, h, a, Enter, Ctrl-C): stdin when it is a terminal; none otherwise. */
	readonly keys?: KeyInput;
};

/**
 * The exit code of a watch that quits while waiting: over the last run of
 * each runbook still watched, 2 if one could not run, else 1 if one failed,
 * else 0 (`exitCodeFor`'s order).
 */
export function standingCode(codes: Iterable<number>): number {
	const all = [...codes];
	if (all.some((code) => code !== exitCodes.passed && code !== exitCodes.failed)) return exitCodes.couldNotRun;
	return all.includes(exitCodes.failed) ? exitCodes.failed : exitCodes.passed;
}

/**
 * `runbook test --watch`: run every runbook once, then run a runbook again
 * each time it is saved, and only that one, until `q`, Ctrl-C or SIGTERM.
 *
 * Rules (vitest's watch mode where it has one):
 * - A save while runbooks run is not lost and does not stop the run: the
 *   saved runbooks run once more, together, when the current round ends
 *   (vitest's `scheduleRerun` waits for the running promise, then re-runs the
 *   changed files).
 * - On a terminal the screen is cleared before each round; otherwise a
 *   separator line parts the rounds. Each round ends with a line that says
 *   how every watched runbook stands.
 * - A runbook that no longer parses is reported by `run` (its diagnostics)
 *   and watched still; a deleted one is dropped from the watch with a note.
 * - `q` or a signal while waiting quits with `standingCode` over the last
 *   runs. During a round, Ctrl-C/SIGINT or SIGTERM (and `q`, which sends
 *   SIGINT) stop the running runbook as `runbook test` does (cleanup steps
 *   run; a second signal kills it), and the watch quits with 130 or 143.
 */
export async function watchTests(options: WatchOptions): Promise<number> {
	const style = styleFor(options.out, process.env);
	const terminal = options.out.isTTY === true;
	const watched = new Map<string, string>();
	for (const file of options.files) {
		const absolute = path.resolve(options.cwd, file);
		if (!watched.has(absolute)) watched.set(absolute, file);
	}
	const latest = new Map<string, number>();
	const pending = new Set<string>(watched.keys());
	let trigger: Trigger = 'start';
	let running = false;
	let rounds = 0;
	let stopping: NodeJS.Signals | undefined;
	let quitCode: number | undefined;
	const notes: string[] = [];
	let wake = () => {};

	const standing = () => [...watched].flatMap(([file, shown]) => (latest.has(file) ? [{shown, code: latest.get(file) ?? 0}] : []));
	const waiting = () => options.out.write(waitingLines(style, standing(), options.keys !== undefined));
	const quit = () => {
		quitCode ??= standingCode(standing().map((entry) => entry.code));
		wake();
	};
	const onSignal = (name: NodeJS.Signals) => {
		// During a round `runTests` has its own handlers, which stop the run.
		if (running) stopping ??= name;
		else quit();
	};
	let fileWatch: FileWatch | undefined;
	const onChange = (file: string, change: FileChange) => {
		if (!watched.has(file)) return;
		if (change === 'saved') {
			pending.add(file);
			wake();
			return;
		}
		const note = deletedNote(watched.get(file) ?? file);
		watched.delete(file);
		latest.delete(file);
		pending.delete(file);
		fileWatch?.unwatch(file);
		if (running) {
			notes.push(note);
		} else {
			options.err.write(note);
			waiting();
		}
	};
	const onKey = (key: string) => {
		if (key === '\u0003') process.kill(process.pid, 'SIGINT');
		else if (key === 'q') {
			if (running) process.kill(process.pid, 'SIGINT');
			else quit();
		} else if (key === 'h' && !running) options.out.write(helpText(style));
		else if (key === 'a' || key === '\r' || key === '\n') {
			for (const file of watched.keys()) pending.add(file);
			trigger = 'key';
			wake();
		}
	};
	const onData = (chunk: Buffer | string) => {
		for (const key of chunk.toString()) onKey(key);
	};

	const runBatch = async (shown: readonly string[]): Promise<ReadonlyMap<string, number>> => {
		try {
			return await options.run(shown);
		} catch (error) {
			if (!isUserError(error)) throw error;
			options.err.write(`runbook: ${visibleLine(error.message)}\n`);
			return new Map(shown.map((file) => [file, exitCodes.usage]));
		}
	};
	const round = async (batch: readonly string[]) => {
		options.out.write(terminal ? clearScreen : rounds > 0 ? separator : '');
		rounds++;
		options.out.write(roundHeader(style, trigger, batch.map((file) => watched.get(file) ?? file)));
		trigger = 'saved';
		// One report for the round, as one `runbook test` of those runbooks.
		const codes = await runBatch(batch.map((file) => watched.get(file) ?? file));
		if (stopping) return;
		for (const file of batch) {
			const code = codes.get(watched.get(file) ?? file);
			// Deleted while the round ran: its note says so, and it stands no more.
			if (watched.has(file) && code !== undefined) latest.set(file, code);
		}
	};

	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	options.keys?.setRawMode(true);
	options.keys?.on('data', onData);
	options.keys?.resume();
	try {
		fileWatch = await watchFiles([...watched.keys()], {onChange, onError: (error) => options.err.write(`runbook: watching files: ${visibleLine(error.message)}\n`)});
		for (;;) {
			if (quitCode !== undefined) return quitCode;
			if (pending.size > 0) {
				const batch = [...watched.keys()].filter((file) => pending.has(file));
				pending.clear();
				running = true;
				await round(batch);
				running = false;
				if (stopping) return signalExitStatus(stopping);
				for (const note of notes.splice(0)) options.err.write(note);
				waiting();
				continue;
			}
			await new Promise<void>((resolve) => (wake = resolve));
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		options.keys?.off('data', onData);
		options.keys?.setRawMode(false);
		options.keys?.pause();
		await fileWatch?.close();
	}
}
