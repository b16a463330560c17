import {processesMarked} from './accounting.js';
import {processTable, startTimeSlackMs, subtrees, type ProcessInfo} from './process-table.js';
import {stepCookie} from './shells.js';
import {climb, interruptLadder, killNow, send, waitUntilEnded} from './terminate.js';

/** Where to look for a step's processes. */
export type StepScope = {
	/** The session shell's pid (also its process group and session). */
	readonly shell: number | undefined;
	/** `RUNBOOK_STEP`'s value for the step. */
	readonly cookie: string;
	/** When the step began (`Date.now()`): when its line was given to the shell, or when the shell was seen to begin a line written ahead. */
	readonly sinceMs: number;
	/** The shell's children when the step began (older jobs). */
	readonly before: ReadonlySet<number>;
	/** Background steps: they and what they start are not the step's. */
	readonly spared: Iterable<number>;
};

/**
 * What a step started: processes in the shell's session that started since
 * the step began (a subshell, a double fork, a loop put in the background:
 * they keep the session unless they call `setsid`), not below a background
 * step (start times are known to {@link startTimeSlackMs}; the shell's
 * children from before the step never count), and not carrying another
 * step's cookie (a program an earlier step left running that started within
 * the slack, or one of a line the shell ran after this step); and whatever
 * carries the step's cookie, wherever it went (`setsid`, daemons:
 * `accounting.ts`). Cookies are `<run id>/<step>`; `<run id>/session` is the
 * shell's own, which a subshell that ran no program still shows.
 */
export function stepProcesses(scope: StepScope, table = processTable()): ProcessInfo[] {
	const {shell} = scope;
	if (shell === undefined) return [];
	const spared = subtrees(table, [...scope.spared].filter((pid) => table.has(pid)));
	for (const pid of subtrees(table, [...scope.before].filter((pid) => table.has(pid)))) spared.add(pid);
	spared.add(shell);
	const run = scope.cookie.slice(0, scope.cookie.lastIndexOf('/') + 1);
	const own = new Set<number>();
	for (const {pid, value} of processesMarked(stepCookie, (value) => value.startsWith(run))) {
		if (value === scope.cookie) own.add(pid);
		else if (value !== `${run}session`) spared.add(pid);
	}
	const found: ProcessInfo[] = [];
	for (const info of table.values()) {
		const inWindow = info.sid === shell && info.startedAtMs >= scope.sinceMs - startTimeSlackMs;
		if ((own.has(info.pid) || inWindow) && !spared.has(info.pid)) found.push(info);
	}
	return found;
}

/**
 * Stop a step in the foreground as Ctrl-C does, then up the ladder
 * (`terminate.ts`) until the shell is back at its prompt (`ended` is
 * aborted). A shell that is still not back after the ladder and one more
 * grace period holds the step itself (a builtin loop under a trap): it is
 * killed, and the session with it.
 */
export async function interruptStep(shell: number, find: (signal: NodeJS.Signals) => readonly number[], graceMs: number, ended: AbortSignal, nudge: () => void): Promise<void> {
	await climb(interruptLadder(graceMs), find, {done: ended, shell, nudge});
	await waitUntilEnded(() => [shell], graceMs, ended);
	if (!ended.aborted) killNow([shell]);
}

/** Ctrl-C again: SIGINT to the shell and to the step's processes in its foreground group. */
export function pressCtrlC(shell: number, foreground: readonly number[]): void {
	send(shell, 'SIGINT');
	for (const pid of foreground) send(pid, 'SIGINT');
}
