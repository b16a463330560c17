import {environmentValue} from './accounting.js';
import {stepCookie} from './shells.js';
import type {StepIo, StepRun} from './spawn-shell.js';
import {interruptStep, pressCtrlC, stepProcesses} from './step-processes.js';
import {climb, stopLadder} from './terminate.js';

/** What a session's step lines need of it. */
export type ShellHost = {
	/** The shell's pid, once it started. */
	pid(): number | undefined;
	/** Write one line to the shell's input. */
	write(line: string): void;
	/** Background steps' pids: never a foreground step's processes. */
	readonly backgroundPids: ReadonlySet<number>;
	/** How its steps are stopped: {@link localStopper} when absent (a remote host has its own). */
	readonly stopper?: StepStopper;
};

/**
 * How a session's step is stopped (a timeout, Ctrl-C): one strategy per kind
 * of host. Local: signals to the shell and the step's processes on this
 * machine ({@link localStopper}); a remote host: through a second channel of
 * its connection (`remote/`).
 */
export type StepStopper = {
	/** The stop ladder of a step the shell began (or that a stuck shell never says it began), until `ended` is aborted (the step's end frames came). */
	climb(line: Line, host: ShellHost, ended: AbortSignal): Promise<void>;
	/** Ctrl-C pressed again while the ladder climbs. */
	pressAgain(line: Line, host: ShellHost): void;
	/** A timed-out or interrupted step has ended: what it left running (put in the background, detached) gets the stop ladder. */
	sweep(line: Line, host: ShellHost): Promise<void>;
};

/** The local strategy: the ladder of `terminate.ts` on the processes of `step-processes.ts`. */
export const localStopper: StepStopper = {
	async climb(line, host, ended) {
		const pid = host.pid();
		if (pid !== undefined) await interruptStep(pid, (signal) => lineProcesses(line, host, signal), line.io.graceMs, ended, () => host.write(''));
	},
	pressAgain(line, host) {
		const pid = host.pid();
		if (pid !== undefined) pressCtrlC(pid, lineProcesses(line, host, 'SIGINT'));
	},
	async sweep(line, host) {
		await climb(stopLadder(line.io.graceMs), () => lineProcesses(line, host));
	},
};

export type Stream = 'stdout' | 'stderr';

/** One step line written into the shell, from its writing to its result. */
export type Line = {
	readonly marker: string;
	readonly command: string;
	/** Its presence when the shell reads the line: the step does not begin. */
	readonly stopFile: string;
	readonly io: Omit<StepIo, 'onOutput'>;
	/** Written before the line before it ended: its timeout starts at its start frame. */
	readonly ahead: boolean;
	/** When its step began (`Date.now()`): when it was written, or for a line written ahead when its start frame was read; what starts in the session since may be the step's. */
	sinceMs: number;
	/** The shell's children when the step began (older jobs); for a line written ahead, also the step's own, which `ownProcesses` takes out. */
	before: ReadonlySet<number>;
	/** `run` took it: where its output and its result go. */
	claim?: {readonly onOutput: StepIo['onOutput']; readonly resolve: (run: StepRun) => void};
	/** Its output before it was claimed. */
	readonly early: Array<readonly [Stream, string]>;
	/** Its output before the shell began it: its step's once it begins, else a dropped line's (`in-flight.ts`). */
	readonly unbegun: Array<readonly [Stream, string]>;
	/** A line no `run` will claim (the caller went another way): its result is dropped. */
	abandoned: boolean;
	started: boolean;
	/** Both frames came, or the shell ended. */
	done: boolean;
	/** Its result, once the stop ladder (if any) is over; kept until claimed. */
	outcome?: StepRun;
	/** Resolves true when the shell began it, false when it ended without beginning (stopped, or the shell ended). */
	readonly began: Promise<boolean>;
	readonly settle: (began: boolean) => void;
	stopAsked: boolean;
	climbing: boolean;
	/** The wait for a start frame that may never come. */
	startWait?: NodeJS.Timeout;
	/** Aborted when the step ends: every wait of its stop ladder gives up (made with the ladder: most steps never need one). */
	ended?: AbortController;
	timedOut: boolean;
	interrupted: boolean;
	timer?: NodeJS.Timeout;
};

/**
 * A line just written: not begun, not claimed. Its `io` is a copy without
 * the reader of its output. Made field by field: an object spread followed
 * by more fields costs V8 about 4 µs a line, ten times this.
 */
export function newLine(fields: {marker: string; command: string; stopFile: string; io: Omit<StepIo, 'onOutput'>; ahead: boolean; before: ReadonlySet<number>}): Line {
	let settle: (began: boolean) => void = () => {};
	const began = new Promise<boolean>((resolve) => (settle = resolve));
	const {marker, command, stopFile, ahead, before} = fields;
	const {stderr, timeoutMs, graceMs, cookie, detach, internal} = fields.io;
	const io: {-readonly [Key in keyof Line['io']]: Line['io'][Key]} = {stderr, timeoutMs, graceMs, cookie};
	if (detach !== undefined) io.detach = detach;
	if (internal !== undefined) io.internal = internal;
	return {
		marker,
		command,
		stopFile,
		io,
		ahead,
		before,
		sinceMs: Date.now(),
		early: [],
		unbegun: [],
		abandoned: false,
		started: false,
		done: false,
		began,
		settle,
		stopAsked: false,
		climbing: false,
		timedOut: false,
		interrupted: false,
	};
}

/**
 * Ctrl-C, then the rest of the ladder (`terminate.ts`), once per step; before
 * the shell began the step's line, once it does. `first` runs when the stop
 * is the step's first, before any signal.
 */
export function stopLine(line: Line, reason: 'timeout' | 'interrupt', host: ShellHost, first: () => void): void {
	if (line.done) return;
	// One ladder per step; a second Ctrl-C while it climbs is a second press, as in a terminal.
	if (line.timedOut || line.interrupted) {
		if (reason === 'interrupt' && line.climbing) (host.stopper ?? localStopper).pressAgain(line, host);
		return;
	}
	if (reason === 'timeout') line.timedOut = true;
	else line.interrupted = true;
	first();
	if (line.started) climbFor(line, host);
	else {
		line.stopAsked = true;
		// A shell that never says it began (stuck) gets the ladder all the same.
		line.startWait = setTimeout(() => climbFor(line, host), line.io.graceMs);
	}
}

/**
 * The ladder of a step the shell began (or that a stuck shell never says it
 * began). What the shell printed until now is read first: a step whose end
 * frames are already in the pipe is over, and the shell may be in a line
 * written after it, which the SIGINT would stop (lines written ahead that
 * begin after the stop files were created cannot be there).
 */
export function climbFor(line: Line, host: ShellHost): void {
	if (line.climbing || line.done || host.pid() === undefined) return;
	line.climbing = true;
	clearTimeout(line.startWait);
	const ended = (line.ended ??= new AbortController()).signal;
	setImmediate(() => {
		if (line.done || ended.aborted || host.pid() === undefined) return;
		void (host.stopper ?? localStopper).climb(line, host, ended);
	});
}

/**
 * The step's processes (`step-processes.ts`); for SIGINT, those in the
 * shell's process group only, as a terminal's Ctrl-C. A line written ahead
 * took the shell's children when its start frame was read: those carrying its
 * own cookie are its own, not older jobs.
 */
export function lineProcesses(line: Line, host: ShellHost, signal?: NodeJS.Signals): number[] {
	const before = line.ahead ? [...line.before].filter((pid) => environmentValue(pid, stepCookie) !== line.io.cookie) : line.before;
	const found = stepProcesses({shell: host.pid(), cookie: line.io.cookie, sinceMs: line.sinceMs, before: new Set(before), spared: host.backgroundPids});
	return found.filter((info) => signal !== 'SIGINT' || info.pgid === host.pid()).map((info) => info.pid);
}
