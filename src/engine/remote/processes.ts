import {exec, type SshTarget} from './ssh.js';

/**
 * Processes on a remote host, found by the run's cookies (`accounting.ts`:
 * `RUNBOOK_RUN`, `RUNBOOK_STEP` in `/proc/PID/environ`, as the local watchdog
 * finds them) and stopped through a second channel: SIGTERM, the grace
 * period, SIGKILL (`terminate.ts`'s stop ladder, run on the host).
 */

/** One process found on the host: its pid, its `RUNBOOK_STEP` (empty when unset) and command line. */
export type RemoteProcess = {readonly pid: number; readonly cookie: string; readonly command: string};

const listScript = `
name=$1; value=$2; shift 2
{ grep -lzx "$name=$value" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; for p in "$@"; do echo "$p"; done; } | sort -u | while read -r p; do
  cmd=$(tr '\\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) || continue
  [ -n "$cmd" ] || continue
  step=$(tr '\\0' '\\n' < "/proc/$p/environ" 2>/dev/null | sed -n 's/^RUNBOOK_STEP=//p')
  printf '%s\\t%s\\t%s\\n' "$p" "$step" "$cmd"
done
`;

const stopScript = `
grace=$1; shift
kill -TERM "$@" 2>/dev/null
i=0
while [ "$i" -lt "$grace" ]; do
  alive=; for p in "$@"; do [ -d "/proc/$p" ] && alive=1; done
  [ -n "$alive" ] || exit 0
  sleep 0.1; i=$((i + 1))
done
kill -KILL "$@" 2>/dev/null
exit 0
`;

/** The processes on the host whose environment has `name=value`, and those of `pids` still there. */
export async function listMarked(target: SshTarget, name: string, value: string, pids: readonly number[] = []): Promise<RemoteProcess[]> {
	const {stdout} = await exec(target, listScript, [name, value, ...pids.map(String)]);
	return stdout
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [pid = '', cookie = '', ...command] = line.split('\t');
			return {pid: Number(pid), cookie, command: command.join('\t').trim()};
		})
		.filter((found) => Number.isInteger(found.pid) && found.pid > 0);
}

/** SIGTERM to these processes on the host, then SIGKILL to those still there after `graceMs` (looked at every 100 ms). */
export async function stopProcesses(target: SshTarget, pids: readonly number[], graceMs: number): Promise<void> {
	if (pids.length === 0) return;
	await exec(target, stopScript, [String(Math.ceil(graceMs / 100)), ...pids.map(String)]);
}

/** Send `signal` to the process group `group` on the host (`kill -SIG -- -PGID`): a terminal's Ctrl-C when `SIGINT`. */
export async function signalGroup(target: SshTarget, group: number, signal: 'INT' | 'TERM' | 'KILL'): Promise<void> {
	await exec(target, 'kill -"$1" -- -"$2" 2>/dev/null; exit 0', [signal, String(group)]);
}
