import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {isAlive} from './process-tree.js';
import {runCookie} from './shells.js';

/**
 * When `runbook` itself dies, even by SIGKILL, what its run started must not
 * live on. Each run starts a small watchdog (`/bin/sh`, in a session of its
 * own so that a terminal's signals miss it) that waits on a pipe from
 * `runbook`: the pipe ends when `runbook` ends, however it ends. The watchdog
 * then removes the run's temporary folders (first: what the run left needs
 * none of its files once they are open, and the grace may be cut short),
 * finds the run's processes by their cookie, sends them SIGTERM, and
 * SIGKILL {@link orphanGraceSeconds} later. After a normal end there is
 * nothing left for it to find.
 *
 * It also ends the run's ssh control masters (`remote/ssh.ts`: their
 * sockets are in the run's folder, `ssh/`) with `ssh -O exit`, first, so
 * that no connection to a remote host outlives runbook; so does the next run
 * that removes the folder of a run whose `runbook` is gone; their
 * `ControlPersist` is a backstop should both miss them.
 *
 * The run's folder also holds `runbook`'s pid, so that the next run removes
 * the folders of runs whose `runbook` is gone, should a watchdog have died too.
 *
 * The session shells' small files (a step's text, written once per step) go
 * to a folder of their own in a memory-backed file system where there is one
 * (`/dev/shm`): on ext4, creating a file costs about 0.8 ms, 0.4 s for 500
 * steps, against 10 µs in tmpfs (and rewriting one file in place makes ext4
 * flush it). It holds a pid file too, and goes with the run's folder.
 */

/** When runbook has died nobody waits to see its processes clean up: one second between SIGTERM and SIGKILL. */
export const orphanGraceSeconds = 1;

const prefix = 'runbook-run-';
const stepsPrefix = 'runbook-steps-';

/** Where the step files go when it is there: a memory-backed file system (Linux). */
const memoryFolder = '/dev/shm';

/** `ssh -O exit` to every control master whose socket is in the folder of `$1` (`remote/ssh.ts`: `ssh/%C`). */
const closeMasters = `for socket in "$1"/ssh/*; do [ -S "$socket" ] && ssh -F /dev/null -o ControlPath="$socket" -O exit -- runbook >/dev/null 2>&1; done`;

/*
 * The masters are closed first, while their sockets are surely there: the
 * run's folder may go at any time once runbook has died (`removeAbandoned`
 * in a run that starts meanwhile), and a master whose socket is gone can no
 * longer be told to exit. Their remote sessions then end, and each host's
 * remote watchdog (`remote/watchdog.ts`) stops the run's processes there.
 */
const script = `
trap '' INT HUP
read _ignored
grace=$1; id=$2; dir=$3
(set -- "$dir"; ${closeMasters})
rm -rf "$dir" "$4"
find_run() { grep -lzx "${runCookie}=$id" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; }
pids=$(find_run)
if [ -n "$pids" ]; then
  kill -TERM $pids 2>/dev/null
  sleep "$grace"
  pids=$(find_run)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
fi
`;

export type Watchdog = {
	/** The run's temporary folder. */
	readonly dir: string;
	/** The folder for the session shells' step files: in memory where possible, else `dir`. */
	readonly stepsDir: string;
	/** The run ended and cleaned up: the watchdog looks once more and goes. */
	release(): void;
};

/** Make the run's temporary folder and start its watchdog. */
export function startWatchdog(runId: string): Watchdog {
	removeAbandoned(tmpdir(), prefix);
	if (isFolder(memoryFolder)) removeAbandoned(memoryFolder, stepsPrefix);
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	writePid(dir);
	const stepsDir = memoryStepsDir() ?? dir;
	let child: ChildProcess | undefined;
	try {
		child = spawn('/bin/sh', ['-c', script, 'runbook-watchdog', String(orphanGraceSeconds), runId, dir, stepsDir], {
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
		stepsDir,
		release() {
			rmSync(dir, {recursive: true, force: true});
			rmSync(stepsDir, {recursive: true, force: true});
			child?.stdin?.end();
		},
	};
}

/** `runbook`'s pid in a folder of the run: written whole, then renamed, so that another run starting meanwhile never reads a pid file half written. */
function writePid(dir: string): void {
	writeFileSync(path.join(dir, 'pid.new'), String(process.pid));
	renameSync(path.join(dir, 'pid.new'), path.join(dir, 'pid'));
}

/** A folder of the run's own in the memory-backed file system, if there is one to write to. */
function memoryStepsDir(): string | undefined {
	if (!isFolder(memoryFolder)) return undefined;
	try {
		const dir = mkdtempSync(path.join(memoryFolder, stepsPrefix));
		writePid(dir);
		return dir;
	} catch {
		return undefined;
	}
}

function isFolder(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

/** Remove the folders (in `base`, named `prefix`…) of runs whose `runbook` process is gone. */
function removeAbandoned(base: string, prefix: string): void {
	let entries: string[];
	try {
		entries = readdirSync(base).filter((entry) => entry.startsWith(prefix));
	} catch {
		return;
	}
	for (const entry of entries) {
		const dir = path.join(base, entry);
		try {
			const text = readFileSync(path.join(dir, 'pid'), 'utf8').trim();
			const pid = Number(text);
			// Not a pid (yet): the folder is not known to be abandoned; leave it.
			if (!/^\d+$/.test(text) || pid === process.pid || isAlive(pid)) continue;
		} catch {
			// No pid file: a folder of an older version, or one being made; leave it.
			continue;
		}
		// Its masters first: once their sockets are gone nothing can end them (its watchdog may be under way, or dead).
		if (isFolder(path.join(dir, 'ssh'))) spawnSync('/bin/sh', ['-c', closeMasters, 'runbook-abandoned', dir], {stdio: 'ignore', env: {PATH: process.env.PATH ?? '/usr/bin:/bin'}});
		rmSync(dir, {recursive: true, force: true});
	}
}
