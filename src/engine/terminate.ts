import {readFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {isAlive, killProcesses} from './process-tree.js';

/**
 * How the engine stops processes: the one home of its signals and delays.
 *
 * - A step that times out or is interrupted gets what a terminal's Ctrl-C
 *   sends, SIGINT; after the grace period SIGTERM; after another, SIGKILL.
 * - Background steps and processes left at the end of a run get SIGTERM,
 *   the grace period, then SIGKILL, as `docker stop` does.
 * - The grace period is `grace:` in the frontmatter or `grace=` on a step,
 *   else {@link defaultGraceMs}. execa's `forceKillAfterDelay` has the same
 *   default, 5 seconds.
 */
export const defaultGraceMs = 5000;

/** A killed run (a second Ctrl-C) has this long to end and report before its front end writes the report from the steps that ended. */
export const killedRunWaitMs = 2000;

export type Rung = {readonly signal: NodeJS.Signals; readonly thenWaitMs: number};

/** Ctrl-C, then SIGTERM, then SIGKILL: for a step in the foreground. */
export const interruptLadder = (graceMs: number): readonly Rung[] => [
	{signal: 'SIGINT', thenWaitMs: graceMs},
	{signal: 'SIGTERM', thenWaitMs: graceMs},
	{signal: 'SIGKILL', thenWaitMs: 0},
];

/** SIGTERM, then SIGKILL: for background steps and leftovers. */
export const stopLadder = (graceMs: number): readonly Rung[] => [
	{signal: 'SIGTERM', thenWaitMs: graceMs},
	{signal: 'SIGKILL', thenWaitMs: 0},
];

/** How often a wait looks again whether the processes it waits for have ended (no event exists for a process that is not our child). */
const lookEveryMs = 50;

/** Send a signal; a process that is gone is no error. */
export function send(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

export type ClimbOptions = {
	/** Aborted when what is being stopped has ended: every wait gives up. */
	readonly done?: AbortSignal;
	/**
	 * The session shell, when a foreground step is stopped: it gets the SIGINT
	 * too (it aborts the step's line), and each rung waits for `done` (the
	 * shell back at its prompt), not for the processes to be gone (a step may
	 * be the shell itself, in a loop).
	 */
	readonly shell?: number;
	/**
	 * Called once a rung has found nothing alive for a while and `done` is
	 * still not aborted: the shell may be back at its prompt with its frame
	 * lost (dash's prompt hook is a fork that a signal can hit), and an empty
	 * line makes it print its prompt again.
	 */
	readonly nudge?: () => void;
};

/** Looks with nothing alive before a rung nudges the shell. */
const quietLooksBeforeNudge = 4;

/**
 * Climb a ladder: at each rung, the processes `find(signal)` returns then get
 * the rung's signal, once; processes started later (by a signal handler
 * cleaning up) are not signalled by that rung, as in a terminal; at the
 * SIGINT rung, those forked while we looked are caught by their pid. The rung
 * then waits until `find` finds nothing alive, `done` is aborted, or its wait
 * is over. SIGKILL stops them all first, so that none can fork while it is
 * sent. Resolves to the processes that were signalled.
 */
export async function climb(ladder: readonly Rung[], find: (signal: NodeJS.Signals) => readonly number[], options: ClimbOptions = {}): Promise<ReadonlySet<number>> {
	const {done, shell} = options;
	const signalled = new Set<number>();
	for (const rung of ladder) {
		if (done?.aborted) break;
		const targets = find(rung.signal);
		for (const pid of targets) signalled.add(pid);
		if (rung.signal === 'SIGKILL') {
			if (targets.length > 0) killProcesses(() => [...find(rung.signal)]);
			break;
		}
		if (shell !== undefined && rung.signal === 'SIGINT') send(shell, 'SIGINT');
		for (const pid of targets) send(pid, rung.signal);
		if (shell !== undefined && rung.signal === 'SIGINT') {
			// A command forked while we looked was missed: a terminal's Ctrl-C reaches the whole group at once.
			const last = lastPid();
			for (const pid of find(rung.signal)) {
				if (signalled.has(pid) || last === undefined || pid > last) continue;
				signalled.add(pid);
				send(pid, rung.signal);
			}
		}
		if (shell === undefined && targets.length === 0) break;
		const deadline = Date.now() + rung.thenWaitMs;
		let quiet = 0;
		while (!done?.aborted && Date.now() < deadline) {
			const alive = find(rung.signal).some((pid) => isAlive(pid));
			if (shell === undefined && !alive) break;
			quiet = alive ? 0 : quiet + 1;
			if (quiet === quietLooksBeforeNudge) options.nudge?.();
			if (!(await pause(Math.min(lookEveryMs, Math.max(1, deadline - Date.now())), done))) break;
		}
	}
	return signalled;
}

/**
 * The last pid the kernel gave out (Linux `/proc/sys/kernel/ns_last_pid`): a
 * process with a pid up to it was forked before now, one started later by a
 * signal handler has a higher one (until pids wrap around).
 */
function lastPid(): number | undefined {
	try {
		const pid = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/** SIGKILL now, to processes stopped first so that none forks meanwhile. */
export function killNow(pids: readonly number[]): void {
	if (pids.length > 0) killProcesses(() => pids.filter((pid) => isAlive(pid)));
}

/** Wait `ms`, or less if `done` is aborted: false then. */
async function pause(ms: number, done: AbortSignal | undefined): Promise<boolean> {
	try {
		await delay(ms, undefined, done ? {signal: done} : {});
		return true;
	} catch {
		return false;
	}
}

/** Wait until `find` returns no live process, `ms` have passed, or `done` is aborted. */
export async function waitUntilEnded(find: () => readonly number[], ms: number, done?: AbortSignal): Promise<void> {
	const deadline = Date.now() + ms;
	while (!done?.aborted && Date.now() < deadline) {
		if (!find().some((pid) => isAlive(pid))) return;
		if (!(await pause(Math.min(lookEveryMs, Math.max(1, deadline - Date.now())), done))) return;
	}
}
