import {maxDurationMs} from '../parse/duration.js';
import {StepFraming} from './framing.js';
import {Markers} from './markers.js';
import {children} from './process-tree.js';
import type {ShellProfile} from './shells.js';
import type {StepIo, StepRun} from './spawn-shell.js';
import {localLineFiles, type LineFiles} from './line-files.js';
import {climbFor, localStopper, newLine, stopLine, type Line, type ShellHost, type Stream} from './step-line.js';

export type {ShellHost, StepStopper} from './step-line.js';
export type {LineFiles} from './line-files.js';

/** A step to write into the shell ahead of its turn: its command and how it runs, without the reader of its output. */
export type AheadStep = Omit<StepIo, 'onOutput'> & {readonly command: string};


/**
 * The step lines a session shell was given and has not finished, in the
 * order it runs them. A line is written when `run` asks for it, or ahead of
 * its turn (`test`'s pipelining: the steps that follow, when nothing has to
 * happen between them); `run` then claims the line written for it. Each line
 * has its own step file (written once) and a random marker; its frames
 * (`framing.ts`) say when the shell began it and when it ended. A step's
 * timeout runs from its start (for a line written ahead, its start frame).
 * Ctrl-C stops the step that runs, and creates the stop files of the lines
 * written after it, so that none of them begins after the Ctrl-C.
 *
 * A SIGINT to the shell may come as it has already left the step and reads
 * a later line (a stopped one; bash may act on it lines later): bash then
 * drops the line it reads, whose frames never come, and its prompt hook says
 * the marker before it again. So when a marker is said again while lines are
 * in the shell, a sync line follows them (a line of its own marker that does
 * not begin, written once the shell is back at its prompt); the frames of a
 * later line end those before it that said nothing (`framing.ts`), as lines
 * that did not begin (their stop files were there, so none ran its step).
 * What a line printed before it began is held, and dropped if it never
 * begins: a dropped line's remains are no step's output.
 */
export class InFlight {
	private readonly lines: Line[] = [];
	private readonly framing = new StepFraming();
	private readonly markers = new Markers();
	private counter = 0;
	/** Where the step files and stop files go, and how they get there. */
	private readonly files: LineFiles;

	constructor(
		private readonly host: ShellHost,
		private readonly profile: ShellProfile,
		/** The session's own folder on this machine (step files and stop files), or the files of a session elsewhere. */
		dir: string | LineFiles,
	) {
		this.files = typeof dir === 'string' ? localLineFiles(dir) : dir;
	}

	/** Whether no line is in the shell. */
	get idle(): boolean {
		return this.lines.every((line) => line.done || line.abandoned);
	}

	/**
	 * Run a step's command: the line written ahead for it (same command and
	 * cookie), else a new one; then write `ahead`, the steps that follow it,
	 * those not written yet. Lines written ahead that this step is not are
	 * abandoned (their stop file is created first).
	 */
	run(command: string, io: StepIo, ahead: readonly AheadStep[] = []): Promise<StepRun> {
		let line = this.lines.find((candidate) => !candidate.claim && !candidate.abandoned && !(candidate.done && !candidate.started));
		if (line && (line.command !== command || line.io.cookie !== io.cookie)) {
			this.abandonAhead();
			line = undefined;
		}
		line ??= this.write(command, io, false);
		const claimed = line;
		const result = new Promise<StepRun>((resolve) => {
			claimed.claim = {onOutput: io.onOutput, resolve};
		});
		for (const [stream, text] of claimed.early.splice(0)) io.onOutput(stream, text);
		if (claimed.outcome) {
			// It ended before its claim: nothing more comes for it, and it no longer is the shell's.
			this.remove(claimed);
			claimed.claim?.resolve(claimed.outcome);
		}
		if (ahead.length === 0) return result;
		const written = new Set(this.lines.filter((other) => !other.claim && !other.abandoned).map((other) => other.io.cookie));
		// The lines written ahead go to the shell in one write.
		const text: string[] = [];
		for (const step of ahead) if (!written.has(step.cookie)) this.write(step.command, step, true, text);
		if (text.length > 0) this.host.write(text.join('\n'));
		return result;
	}

	/** Whether the shell began the line written ahead for the step with this cookie (false when there is none). */
	began(cookie: string): Promise<boolean> {
		const line = this.lines.find((candidate) => !candidate.claim && !candidate.abandoned && candidate.io.cookie === cookie);
		return line ? line.began : Promise.resolve(false);
	}

	/**
	 * Ctrl-C: the step that runs is stopped (its ladder, `terminate.ts`); no
	 * line written ahead begins after this, and one that began before it (it
	 * was already under way in the shell) is stopped too. False when no
	 * step of the runbook runs.
	 */
	interrupt(): boolean {
		const open = this.lines.filter((line) => !line.done && !line.abandoned);
		const [current] = open;
		if (!current || current.io.internal) return false;
		// The step under way: begun, or given to the shell as the step's own turn (its ladder waits for its start).
		const under = current.started || current.claim ? current : undefined;
		const rest = under ? open.slice(1) : open;
		this.createStopFiles(rest);
		if (under) this.stopStep(under, 'interrupt');
		// One the shell began before its stop file was there is stopped as soon as its start frame is read.
		for (const line of rest) {
			line.interrupted = true;
			line.stopAsked = true;
		}
		return true;
	}

	/** Whether lines written ahead wait to be claimed. */
	get holdsAhead(): boolean {
		return this.lines.some((line) => !line.claim && !line.abandoned && !(line.done && !line.started));
	}

	/** Whether a line for the step with this cookie is there to claim (also once the shell ended). */
	holds(cookie: string): boolean {
		return this.lines.some((line) => !line.claim && !line.abandoned && line.io.cookie === cookie && !(line.done && !line.started));
	}

	/** Text the shell printed on one of its streams. */
	onData(stream: Stream, text: string): void {
		for (const piece of this.framing.pushAll(stream, text)) {
			if (piece.restated && stream === 'stdout') this.sync();
			const line = piece.marker === undefined ? undefined : this.lines.find((candidate) => candidate.marker === piece.marker);
			if (!line) continue;
			const visible = stream === 'stdout' || line.io.stderr === 'separate';
			if (piece.text && visible) this.output(line, stream, piece.text);
			if (piece.started) this.onStart(line);
			// No status: the shell dropped the line (a SIGINT as it read it), so its step did not begin, unless its start frame came.
			if (piece.ended) void this.finish(line, {exitCode: piece.ended.status ?? null, timedOut: line.timedOut, interrupted: line.interrupted});
		}
	}

	/** The shell ended: what its streams held back goes to the steps they were in; the step under way ends with the shell's status, the lines after it never began. */
	onExit(code: number | null): void {
		const held = this.framing.flush();
		for (const stream of ['stdout', 'stderr'] as const) {
			const line = this.lines.find((candidate) => candidate.marker === this.framing.current(stream));
			if (line && held[stream] && (stream === 'stdout' || line.io.stderr === 'separate')) this.output(line, stream, held[stream]);
		}
		for (const line of this.lines.filter((candidate) => !candidate.done)) {
			if (line.started || line.claim) void this.finish(line, {exitCode: null, shellExit: code, timedOut: line.timedOut, interrupted: line.interrupted});
			else this.drop(line);
		}
	}

	/** The session is closing: every wait ends. */
	close(): void {
		for (const line of this.lines) {
			line.ended?.abort();
			clearTimeout(line.timer);
			clearTimeout(line.startWait);
			line.settle(line.started);
		}
	}

	/** Write a step line into the shell, or add its text to `batch` for the caller to write. */
	private write(command: string, io: Omit<StepIo, 'onOutput'>, ahead: boolean, batch?: string[]): Line {
		const marker = this.markers.next();
		const {files, path: file, stopPath: stopFile} = this.files.step(++this.counter, this.profile.stepFile(command));
		const line = newLine({marker, command, stopFile, io, ahead, before: ahead ? new Set() : new Set(children(this.host.pid() ?? 0))});
		this.lines.push(line);
		this.framing.add(marker, this.profile.rewrites(file));
		if (!ahead) this.startClock(line);
		const text = this.profile.stepLine(marker, files, io.cookie, io.stderr, io.detach ?? false);
		if (batch) batch.push(text);
		else this.host.write(text);
		return line;
	}

	private startClock(line: Line): void {
		const {timeoutMs} = line.io;
		if (timeoutMs > 0 && timeoutMs <= maxDurationMs) line.timer = setTimeout(() => this.stopStep(line, 'timeout'), timeoutMs);
	}

	private onStart(line: Line): void {
		line.started = true;
		line.settle(true);
		this.release(line);
		if (line.ahead) {
			// Its processes are those started since it began, not since the batch was written (while the steps before it ran).
			line.sinceMs = Date.now();
			line.before = new Set(children(this.host.pid() ?? 0));
			this.startClock(line);
		}
		if (line.stopAsked) climbFor(line, this.host);
	}

	/** Text of a line: held until the shell begins it (a line that does not begin prints nothing of the step's: what came is a dropped line's). */
	private output(line: Line, stream: Stream, text: string): void {
		if (line.started) this.deliver(line, stream, text);
		else line.unbegun.push([stream, text]);
	}

	/** The text held until the line began (or the shell ended under it) goes to its step. */
	private release(line: Line): void {
		for (const [stream, text] of line.unbegun.splice(0)) this.deliver(line, stream, text);
	}

	private deliver(line: Line, stream: Stream, text: string): void {
		if (line.claim) line.claim.onOutput(stream, text);
		else if (!line.abandoned) line.early.push([stream, text]);
	}

	/** Lines written ahead no `run` will claim: they do not begin (unless they already did). */
	private abandonAhead(): void {
		const unclaimed = this.lines.filter((line) => !line.claim && !line.abandoned);
		this.createStopFiles(unclaimed);
		for (const line of unclaimed) {
			line.abandoned = true;
			line.early.length = 0;
			if (line.done) this.remove(line);
		}
	}

	/** These lines do not begin, if the shell has not begun them yet. */
	private createStopFiles(lines: readonly Line[]): void {
		this.files.stop(lines.filter((line) => !line.started && !line.done).map((line) => line.stopFile));
	}

	/** Ctrl-C, then the rest of the ladder (`step-line.ts`); the lines written after it do not begin meanwhile, and are written again when their turn comes. */
	private stopStep(line: Line, reason: 'timeout' | 'interrupt'): void {
		stopLine(line, reason, this.host, () => this.createStopFiles(this.lines.filter((other) => other !== line && !other.done && !other.abandoned)));
	}

	/**
	 * The shell said a marker again (it was back at its prompt after a SIGINT,
	 * or an empty line): while lines wait for their frames, a sync line
	 * follows them, so that one it dropped is known to be over when the sync
	 * line's frames come. It never begins: its stop file is there.
	 */
	private sync(): void {
		if (this.lines.every((line) => line.done)) return;
		const marker = this.markers.next();
		this.framing.add(marker);
		this.host.write(this.profile.stepLine(marker, this.files.sync(++this.counter), 'sync', 'ignore', false));
	}

	private async finish(line: Line, run: StepRun): Promise<void> {
		if (line.done) return;
		line.done = true;
		clearTimeout(line.timer);
		clearTimeout(line.startWait);
		line.ended?.abort();
		if (!line.started && run.shellExit === undefined) {
			// It ended without beginning: its stop file was there, or the shell dropped it. A claimed step is written again (the interrupt was not its own).
			line.unbegun.length = 0;
			this.drop(line);
			if (line.claim && !line.abandoned) this.rewrite(line);
			return;
		}
		line.settle(true);
		this.release(line);
		// A timed-out or interrupted step leaves nothing running, not even what it put in the background or detached.
		if (line.timedOut || line.interrupted) await (this.host.stopper ?? localStopper).sweep(line, this.host);
		line.outcome = run;
		if (line.claim) {
			this.remove(line);
			line.claim.resolve(run);
		} else if (line.abandoned) this.remove(line);
	}

	/** A line that never began: gone, its waiters told. */
	private drop(line: Line): void {
		line.done = true;
		line.settle(false);
		if (!line.claim || line.abandoned) this.remove(line);
	}

	/** A claimed line that did not begin is written again, as its own turn. */
	private rewrite(line: Line): void {
		this.remove(line);
		const claim = line.claim;
		if (!claim) return;
		const again = this.write(line.command, line.io, false);
		again.claim = claim;
	}

	private remove(line: Line): void {
		const at = this.lines.indexOf(line);
		if (at !== -1) this.lines.splice(at, 1);
	}
}
