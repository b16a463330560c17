import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

/** Parent of every process, read from /proc (Linux) or `ps` elsewhere. */
function parents(): Map<number, number> {
	const map = new Map<number, number>();
	try {
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
				// The command name may hold spaces and parentheses: fields start after the last `)`.
				const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				map.set(Number(entry), Number(fields[1]));
			} catch {
				// The process ended while we looked.
			}
		}
		if (map.size > 0) return map;
	} catch {
		// No /proc: fall back to ps.
	}
	const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], {encoding: 'utf8'});
	for (const line of text.split('\n')) {
		const [pid, ppid] = line.trim().split(/\s+/).map(Number);
		if (pid && ppid !== undefined) map.set(pid, ppid);
	}
	return map;
}

/**
 * The direct children of a process: one small read on Linux (the shell's
 * children before a step, so that a step's interrupt spares older jobs).
 */
export function children(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		const all = parents();
		return [...all].filter(([, ppid]) => ppid === pid).map(([child]) => child);
	}
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone.
	}
}

/**
 * Kill processes so that none escapes: stop them all first (a stopped process
 * cannot fork), look again until no new one appears, then kill them.
 */
export function killProcesses(find: () => number[]): number {
	const seen = new Set<number>();
	for (let round = 0; round < 5; round++) {
		const fresh = find().filter((pid) => !seen.has(pid));
		if (fresh.length === 0) break;
		for (const pid of fresh) {
			seen.add(pid);
			signal(pid, 'SIGSTOP');
		}
	}
	for (const pid of seen) signal(pid, 'SIGKILL');
	for (const pid of seen) signal(pid, 'SIGCONT');
	return seen.size;
}

/** Whether a process runs; a zombie (ended, not yet reaped) does not. */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true;
	}
}
