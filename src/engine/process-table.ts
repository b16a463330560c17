import {readdirSync, readFileSync} from 'node:fs';

/**
 * One look at every process on the machine (Linux `/proc/<pid>/stat`): who
 * its parent is, its process group and session, when it started. The engine
 * takes one look per decision instead of walking `/proc` once per question.
 * Elsewhere than Linux the table is empty.
 */

export type ProcessInfo = {
	readonly pid: number;
	readonly ppid: number;
	/** Process group: a terminal's Ctrl-C reaches the foreground group. */
	readonly pgid: number;
	/** Session: a session shell's descendants stay in its session unless they call `setsid`. */
	readonly sid: number;
	/** When it started, in the clock of `Date.now()` (to about 10 ms). */
	readonly startedAtMs: number;
};

export type ProcessTable = ReadonlyMap<number, ProcessInfo>;

/** Linux counts a process's start in clock ticks of 1/100 s (USER_HZ, 100 on every Linux port). */
const ticksPerSecond = 100;

/**
 * How far a start time in the table may be from `Date.now()` at the same
 * moment: a tick, and the rounding of `/proc/uptime`.
 */
export const startTimeSlackMs = 20;

/** The processes running now; zombies (ended, not yet reaped) are left out. */
export function processTable(): ProcessTable {
	const table = new Map<number, ProcessInfo>();
	let bootMs: number;
	let entries: string[];
	try {
		bootMs = Date.now() - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
		entries = readdirSync('/proc');
	} catch {
		return table;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			// Ended while we looked.
			continue;
		}
		// The command name may hold spaces and parentheses: fields start after the last `)`.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields[0] === 'Z' || fields[0] === 'X') continue;
		const pid = Number(entry);
		table.set(pid, {
			pid,
			ppid: Number(fields[1]),
			pgid: Number(fields[2]),
			sid: Number(fields[3]),
			startedAtMs: bootMs + (Number(fields[19]) * 1000) / ticksPerSecond,
		});
	}
	return table;
}

/** `roots` and everything below them in the table. */
export function subtrees(table: ProcessTable, roots: Iterable<number>): Set<number> {
	const children = new Map<number, number[]>();
	for (const info of table.values()) {
		const list = children.get(info.ppid) ?? [];
		list.push(info.pid);
		children.set(info.ppid, list);
	}
	const found = new Set<number>();
	const queue = [...roots];
	while (queue.length > 0) {
		const pid = queue.pop() ?? 0;
		if (found.has(pid)) continue;
		found.add(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return found;
}
