import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {isAlive} from './process-tree.js';
import {runCookie} from './shells.js';

/**
 * When `runbook` itself dies, even by SIGKILL, what its run started must not
 * live on. Each run starts a small watchdog (`/bin/sh`, in a session of its
 * own so that a terminal's signals miss it) that waits on a pipe from
 * `runbook`: the pipe ends when `runbook` ends, however it ends. The watchdog
 * then finds the run's processes by their cookie, sends them SIGTERM, and
 * SIGKILL {@link orphanGraceSeconds} later, and removes the run's temporary
 * folder. After a normal end there is nothing left for it to find.
 *
 * The run's folder also holds `runbook`'s pid, so that the next run removes
 * the folders of runs whose `runbook` is gone, should a watchdog have died too.
 */

/** When runbook has died nobody waits to see its processes clean up: one second between SIGTERM and SIGKILL. */
export const orphanGraceSeconds = 1;

const prefix = 'runbook-run-';

const script = `
trap '' INT HUP
read _ignored
grace=$1; id=$2; dir=$3
find_run() { grep -lzx "${runCookie}=$id" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; }
pids=$(find_run)
if [ -n "$pids" ]; then
  kill -TERM $pids 2>/dev/null
  sleep "$grace"
  pids=$(find_run)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
fi
rm -rf "$dir"
`;

export type Watchdog = {
	/** The run's temporary folder. */
	readonly dir: string;
	/** The run ended and cleaned up: the watchdog looks once more and goes. */
	release(): void;
};

/** Make the run's temporary folder and start its watchdog. */
export function startWatchdog(runId: string): Watchdog {
	removeAbandoned();
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	// Written whole, then renamed: another run starting meanwhile never reads a pid file half written.
	writeFileSync(path.join(dir, 'pid.new'), String(process.pid));
	renameSync(path.join(dir, 'pid.new'), path.join(dir, 'pid'));
	let child: ChildProcess | undefined;
	try {
		child = spawn('/bin/sh', ['-c', script, 'runbook-watchdog', String(orphanGraceSeconds), runId, dir], {
			stdio: ['pipe', 'ignore', 'ignore'],
			detached: true,
			env: {PATH: process.env.PATH ?? '/usr/bin:/bin'},
		});
		child.on('error', () => {});
		child.stdin?.on('error', () => {});
		child.unref();
		// The pipe must not keep runbook alive; it closes when runbook's process ends.
		(child.stdin as unknown as {unref?: () => void} | null)?.unref?.();
	} catch {
		// No /bin/sh: the next run removes the folder.
	}
	return {
		dir,
		release() {
			rmSync(dir, {recursive: true, force: true});
			child?.stdin?.end();
		},
	};
}

/** Remove the temporary folders of runs whose `runbook` process is gone. */
function removeAbandoned(): void {
	let entries: string[];
	try {
		entries = readdirSync(tmpdir()).filter((entry) => entry.startsWith(prefix));
	} catch {
		return;
	}
	for (const entry of entries) {
		const dir = path.join(tmpdir(), entry);
		try {
			const text = readFileSync(path.join(dir, 'pid'), 'utf8').trim();
			const pid = Number(text);
			// Not a pid (yet): the folder is not known to be abandoned; leave it.
			if (!/^\d+$/.test(text) || pid === process.pid || isAlive(pid)) continue;
		} catch {
			// No pid file: a folder of an older version, or one being made; leave it.
			continue;
		}
		rmSync(dir, {recursive: true, force: true});
	}
}
