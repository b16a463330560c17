import {orphanGraceSeconds} from '../watchdog.js';
import {openChannel, type RemoteExec} from './control.js';

/**
 * The remote twin of `watchdog.ts`: a channel opened when a remote session
 * starts, whose input is a pipe from `runbook`. When `runbook` ends, however
 * it ends (SIGKILL too), the pipe ends, ssh ends the channel's input, and
 * the script on the host (`control-script.ts`, kind `watchdog`) removes the
 * session's remote folders, then sends the run's processes there SIGTERM,
 * and SIGKILL {@link orphanGraceSeconds} later. After a normal end
 * (`release`) there is nothing left for it to stop; it removes the folders.
 */
export type RemoteWatchdog = {
	/** A remote session shell of the run (its session's members are the run's). */
	watchShell(pid: number): void;
	/** A folder on the host that goes with the run. */
	watchFolder(dir: string): void;
	/** The run ended and cleaned up on the host: the watchdog looks once more, removes the folders, and ends; resolves then. */
	release(): Promise<void>;
};

/** Open the remote watchdog's channel on a host (see {@link RemoteWatchdog}). */
export function startRemoteWatchdog(exec: RemoteExec, runId: string): RemoteWatchdog {
	const channel = openChannel(exec, {kind: 'watchdog', runId, rungs: orphanGraceSeconds}, true);
	const {child} = channel;
	// Neither the process nor its pipes keep runbook alive; the pipe closes when runbook's process ends.
	child.unref();
	for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as {unref?: () => void} | null)?.unref?.();
	return {
		watchShell: (pid) => channel.write(`shell ${pid}`),
		watchFolder: (dir) => channel.write(`dir ${dir}`),
		async release() {
			child.ref();
			for (const stream of [child.stdout, child.stderr]) (stream as unknown as {ref?: () => void} | null)?.ref?.();
			channel.end();
			await channel.done;
		},
	};
}
