import type {Step} from '../model.js';
import type {Background} from './steps/background.js';
import {commandLine, environmentValue, processesMarked} from './accounting.js';
import type {Leftover} from './events.js';
import {descendants, isAlive} from './process-tree.js';
import {runCookie, stepCookie} from './shells.js';
import {climb, stopLadder} from './terminate.js';

/**
 * The end of a run, in order: background steps, then leftovers; the run then
 * closes its shells.
 */

/** Background steps get the stop ladder (SIGTERM, their grace period, SIGKILL), with whatever carries their cookie. */
export async function stopBackgrounds(backgrounds: readonly Background[], of: {graceOf(step: Step): number; cookieOf(step: Step): string}, stopped: (step: Step) => void): Promise<void> {
	for (const background of backgrounds) {
		const cookie = of.cookieOf(background.step);
		const find = () => [background.pid, ...descendants(background.pid), ...processesMarked(stepCookie, (value) => value === cookie).map(({pid}) => pid)];
		await climb(stopLadder(of.graceOf(background.step)), find);
		stopped(background.step);
	}
}

/**
 * Then: what the run started and is still alive, but for its
 * session shells (`spared`), found by the run's cookie (`accounting.ts`).
 * Each is named (pid, command line, the step that started it), then the lot
 * get the stop ladder: SIGTERM, the grace period, SIGKILL.
 */
export async function stopLeftovers(runId: string, steps: readonly Step[], spared: ReadonlySet<number>, graceMs: number, found: (leftover: Leftover) => void): Promise<Leftover[]> {
	const find = () => processesMarked(runCookie, (value) => value === runId).filter(({pid}) => !spared.has(pid) && isAlive(pid));
	const leftovers = find().map(({pid}) => describe(pid, runId, steps));
	for (const leftover of leftovers) found(leftover);
	if (leftovers.length > 0) await climb(stopLadder(graceMs), () => find().map(({pid}) => pid));
	return leftovers;
}

function describe(pid: number, runId: string, steps: readonly Step[]): Leftover {
	const cookie = environmentValue(pid, stepCookie) ?? '';
	const index = cookie.startsWith(`${runId}/`) ? Number(cookie.slice(runId.length + 1)) : Number.NaN;
	const step = steps.find((candidate) => candidate.index === index);
	return {pid, command: commandLine(pid), ...(step ? {step: step.name} : {})};
}
