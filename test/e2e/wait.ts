import {existsSync, readFileSync} from 'node:fs';

/**
 * Wait until `condition` holds, looking again every few milliseconds. No
 * deadline of its own: vitest's test timeout ends a wait that never ends,
 * so a busy machine only makes the test slower, never wrong.
 */
export async function waitFor(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Whether a process runs (a zombie does not): the engine's own test. */
export {isAlive as alive} from '../../src/engine/process-tree.js';

/** The pid a step wrote into a file, once it is there. */
export async function pidIn(file: string): Promise<number> {
	await waitFor(() => existsSync(file) && /^\d+\n?$/.test(readFileSync(file, 'utf8')));
	return Number(readFileSync(file, 'utf8'));
}
