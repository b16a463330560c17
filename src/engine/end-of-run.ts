import {hostOf, localHost, type Step} from '../model.js';
import {commandLine, environmentValue, processesMarked} from './accounting.js';
import type {Leftover} from './events.js';
import {processTable, startTimeSlackMs, subtrees, type ProcessInfo} from './process-table.js';
import {isAlive} from './process-tree.js';
import {runCookie, stepCookie} from './shells.js';
import type {RemoteControl} from './remote/control.js';
import type {Background} from './steps/background.js';
import {climb, stopLadder} from './terminate.js';

/**
 * The end of a run, in order: background steps get the stop ladder; the
 * shells are closed; then what the run started and is still alive is named
 * and stopped (leftovers).
 */

/** When a step of the run ran (`Date.now()`): what started meanwhile in a session shell is that step's. */
export type StepWindow = {readonly step: Step; readonly fromMs: number; readonly toMs: number};

/** What the engine knows of a run at its end. */
export type RunScope = {
	readonly runId: string;
	readonly steps: readonly Step[];
	readonly windows: readonly StepWindow[];
	/** The pids of the run's session shells, which are also their sessions' ids. */
	readonly shells: ReadonlySet<number>;
	cookieOf(step: Step): string;
	graceOf(step: Step): number;
	/** The run's remote hosts, by name: where their steps' processes are stopped. Absent: every step ran here. */
	readonly remote?: ReadonlyMap<string, RemoteHost>;
};

/** A remote host of the run, as its end needs it. */
export type RemoteHost = {
	readonly control: RemoteControl;
	/** Its session shells' pids, on the host. */
	shells(): readonly number[];
};

/** Background steps, but for `detach` ones, get the stop ladder (SIGTERM, their grace period, SIGKILL), with whatever carries their cookie. */
export async function stopBackgrounds(backgrounds: readonly Background[], scope: RunScope, killed: boolean, stopped: (step: Step) => void): Promise<void> {
	for (const background of backgrounds) {
		if (background.step.attributes.detach) continue;
		if (background.stop) {
			// Not on this machine: its host's own way.
			await background.stop(killed ? 0 : scope.graceOf(background.step));
			stopped(background.step);
			continue;
		}
		const cookie = scope.cookieOf(background.step);
		const find = () => {
			const table = processTable();
			const marked = processesMarked(stepCookie, (value) => value === cookie).map(({pid}) => pid);
			return [...subtrees(table, [background.pid, ...marked].filter((pid) => table.has(pid)))];
		};
		await climb(stopLadder(killed ? 0 : scope.graceOf(background.step)), find);
		stopped(background.step);
	}
}

/**
 * What the run started and is still alive, its shells closed: processes
 * with the run's cookie, and processes still in a session shell's session (a
 * subshell that never ran a program has the shell's own environment). The
 * programs of `detach` steps (known by their cookie) are spared. Each is named (pid, command line, the step
 * that started it: by its cookie, else by when it started), then they all
 * get the stop ladder: SIGTERM, the grace period, SIGKILL.
 */
export async function stopLeftovers(scope: RunScope, graceMs: number, found: (leftover: Leftover) => void): Promise<Leftover[]> {
	const find = () => leftoverProcesses(scope);
	const leftovers = find()
		.map(({info, step}) => ({pid: info.pid, command: commandLine(info.pid), ...(step ? {step: step.name} : {})}))
		// Gone while we looked.
		.filter((leftover) => leftover.command !== '' && isAlive(leftover.pid));
	for (const leftover of leftovers) found(leftover);
	if (leftovers.length > 0) await climb(stopLadder(graceMs), () => find().map(({info}) => info.pid));
	for (const [host, remote] of scope.remote ?? []) leftovers.push(...(await remoteLeftovers(scope, host, remote, graceMs, found)));
	return leftovers;
}

/** What the run left on a remote host, named (with the host) and stopped there (`remote/control.ts`). */
function remoteLeftovers(scope: RunScope, host: string, remote: RemoteHost, graceMs: number, found: (leftover: Leftover) => void): Promise<Leftover[]> {
	const steps = scope.steps.filter((step) => hostOf(step) === host);
	return remote.control.stopLeftovers(
		{
			shells: remote.shells(),
			steps: steps.map((step) => step.index),
			detached: steps.filter((step) => step.attributes.detach).map((step) => step.index),
			stepName: (cookie) => steps.find((step) => scope.cookieOf(step) === cookie)?.name,
		},
		graceMs,
		found,
	);
}

/** SIGKILL now to all the run started, but for `detach` steps' processes: `kill()`. */
export function allOfRun(scope: RunScope): number[] {
	return leftoverProcesses(scope).map(({info}) => info.pid);
}

function leftoverProcesses(scope: RunScope): Array<{info: ProcessInfo; step: Step | undefined}> {
	const table = processTable();
	const candidates = new Set(processesMarked(runCookie, (value) => value === scope.runId).map(({pid}) => pid));
	for (const info of table.values()) if (scope.shells.has(info.sid)) candidates.add(info.pid);
	const result: Array<{info: ProcessInfo; step: Step | undefined}> = [];
	for (const pid of candidates) {
		const info = table.get(pid);
		if (!info || scope.shells.has(pid) || pid === process.pid) continue;
		const cookie = environmentValue(pid, stepCookie);
		const byCookie = scope.steps.find((step) => cookie === scope.cookieOf(step));
		// A remote step's: its host names it (a lab host may share this machine's process table).
		if (byCookie && hostOf(byCookie) !== localHost) continue;
		// A detach step's programs are spared; a subshell of it that ran no program is the run's (the watchdog would end it anyway).
		if (byCookie?.attributes.detach) continue;
		result.push({info, step: byCookie ?? stepByTime(info, scope)});
	}
	return result;
}

/** The step that ran when a process started: the window it started in, or the nearest within the clocks' slack. */
function stepByTime(info: ProcessInfo, scope: RunScope): Step | undefined {
	const distance = (window: StepWindow) => Math.max(0, window.fromMs - info.startedAtMs, info.startedAtMs - window.toMs);
	const near = scope.windows.filter((window) => distance(window) <= startTimeSlackMs).sort((a, b) => distance(a) - distance(b));
	return near[0]?.step;
}
