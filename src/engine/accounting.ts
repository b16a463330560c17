import {readdirSync, readFileSync} from 'node:fs';

/**
 * Finding the processes of a run, wherever they went.
 *
 * Every process a run starts inherits two environment variables (cookies):
 * `RUNBOOK_RUN=<run id>` and `RUNBOOK_STEP=<run id>/<step index>`. A process
 * that leaves the process tree (`setsid`, a double fork, a daemon) keeps its
 * environment, so a scan of `/proc/<pid>/environ` still finds it: the way
 * Jenkins' ProcessTreeKiller finds a build's processes by an inherited
 * `BUILD_ID`. A process that clears its environment (`env -i`, `sudo`'s
 * env_reset) and leaves the tree is not found. Linux only: elsewhere the scan
 * finds nothing and the process tree is all there is.
 */

export type Marked = {
	readonly pid: number;
	/** The cookie variable's value. */
	readonly value: string;
};

/** Processes whose environment sets `name` to a value that `accept` takes, this process excluded. */
export function processesMarked(name: string, accept: (value: string) => boolean): Marked[] {
	const found: Marked[] = [];
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return found;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		const value = environmentValue(Number(entry), name);
		if (value !== undefined && accept(value)) found.push({pid: Number(entry), value});
	}
	return found;
}

/** The value of `name` in a process's environment as it started, if set there and readable. */
export function environmentValue(pid: number, name: string): string | undefined {
	const prefix = `${name}=`;
	let environ: string;
	try {
		environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
	} catch {
		// Ended while we looked, or not ours to read.
		return undefined;
	}
	const at = environ.startsWith(prefix) ? 0 : environ.indexOf(`\0${prefix}`) + 1;
	if (at === 0 && !environ.startsWith(prefix)) return undefined;
	const end = environ.indexOf('\0', at);
	return environ.slice(at + prefix.length, end === -1 ? undefined : end);
}

/** A process's command line, arguments joined by spaces (empty when it ended). */
export function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').split('\0').join(' ');
	} catch {
		return '';
	}
}
