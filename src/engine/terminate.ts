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
const lookEveryMs = 25;

function send(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

/**
 * Climb a ladder against the processes `find` returns (looked up again at
 * every rung, so that new ones are caught): send each rung's signal, then
 * wait until they have all ended, `done` is aborted, or the rung's wait is
 * over. SIGKILL stops them all first, so that none can fork while it is sent.
 * Resolves to the processes that were signalled.
 */
export async function climb(ladder: readonly Rung[], find: () => readonly number[], done?: AbortSignal): Promise<ReadonlySet<number>> {
	const signalled = new Set<number>();
	for (const rung of ladder) {
		if (done?.aborted) break;
		if (rung.signal === 'SIGKILL') {
			const targets = find();
			for (const pid of targets) signalled.add(pid);
			if (targets.length > 0) killProcesses(() => [...find()]);
			break;
		}
		const targets = find();
		if (targets.length === 0) break;
		for (const pid of targets) {
			signalled.add(pid);
			send(pid, rung.signal);
		}
		await waitUntilEnded(find, rung.thenWaitMs, done);
	}
	return signalled;
}

/** Wait until `find` returns no live process, `ms` have passed, or `done` is aborted. */
export async function waitUntilEnded(find: () => readonly number[], ms: number, done?: AbortSignal): Promise<void> {
	const deadline = Date.now() + ms;
	while (!done?.aborted && Date.now() < deadline) {
		if (!find().some((pid) => isAlive(pid))) return;
		try {
			await delay(Math.min(lookEveryMs, Math.max(1, deadline - Date.now())), undefined, done ? {signal: done} : {});
		} catch {
			return;
		}
	}
}
