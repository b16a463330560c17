import type {Step} from '../model.js';
import {commandLine, environmentValue, processesMarked} from './accounting.js';
import type {Leftover} from './events.js';
import {isAlive} from './process-tree.js';
import {runCookie, stepCookie} from './shells.js';
import {climb, stopLadder} from './terminate.js';

/**
 * At the end of a run: what the run started and is still alive, but for its
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
