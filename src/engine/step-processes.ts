import {processesMarked} from './accounting.js';
import {descendantsSparing, isAlive} from './process-tree.js';
import {stepCookie} from './shells.js';
import {climb, interruptLadder, waitUntilEnded} from './terminate.js';

/**
 * What a step started: the session shell's descendants but for those that
 * were there before it (older jobs, background steps: `spared`), and
 * whatever carries the step's cookie, wherever it went (`accounting.ts`).
 */
export function stepProcesses(shell: number | undefined, spared: Iterable<number>, cookie: string): number[] {
	if (shell === undefined) return [];
	const tree = descendantsSparing(shell, new Set([...spared].filter((pid) => isAlive(pid))));
	const marked = processesMarked(stepCookie, (value) => value === cookie).map((found) => found.pid);
	return [...new Set([...tree, ...marked])].filter((pid) => pid !== shell && isAlive(pid));
}

/**
 * Stop a step in the foreground as Ctrl-C does, then up the ladder
 * (`terminate.ts`) until the shell is back at its prompt (`ended` is
 * aborted). A shell that is still not back after the ladder and one more
 * grace period holds the step itself (a builtin loop under a trap): it is
 * killed, and the session with it.
 */
export async function interruptStep(shell: number, find: () => readonly number[], graceMs: number, ended: AbortSignal): Promise<void> {
	// Not the shell's whole process group: background steps are in it too.
	await climb(interruptLadder(graceMs), find, {done: ended, shell});
	await waitUntilEnded(() => [shell], graceMs, ended);
	if (ended.aborted) return;
	try {
		process.kill(shell, 'SIGKILL');
	} catch {
		// Gone.
	}
}
