import type {ChildProcess} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {RemoteControl, sshExec} from './control.js';
import {closeMaster, connect, type SshTarget} from './ssh.js';
import {startRemoteWatchdog, type RemoteWatchdog} from './watchdog.js';

/**
 * One remote host of a run, beside its sessions: the connection check
 * before any step (which opens its control master), the host's
 * {@link RemoteControl} (a step's stop ladder, background steps, the run's
 * leftovers there: `control.ts`), its remote watchdog (opened with its
 * first session: `watchdog.ts`), the session shells' pids there, and the
 * end of the run on it (`finish`, then `release`).
 */
export class RemoteHost {
	readonly control: RemoteControl;
	/** The local ssh processes copying background steps' logs from the host (`remote-session.ts`). */
	readonly copies = new Set<ChildProcess>();
	private readonly shellPids: number[] = [];
	private watchdog: RemoteWatchdog | undefined;

	constructor(
		readonly target: SshTarget,
		private readonly runId: string,
	) {
		this.control = new RemoteControl(target.name, sshExec(target), runId);
	}

	/** The control folder: made once, mode 0700 (it holds the masters' sockets). */
	static controlFolder(dir: string): string {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		return dir;
	}

	/**
	 * Connect (the master opens). Undefined, or the run's error:
	 * `could not connect to NAME (DEST): <ssh's last stderr line>`.
	 */
	async check(): Promise<string | undefined> {
		const reason = await connect(this.target);
		return reason === undefined ? undefined : `could not connect to ${this.target.name} (${this.target.destination}): ${reason}`;
	}

	/**
	 * A session started on the host: its shell's pid (its process group and
	 * session there) and its folder. The host's watchdog opens with the first
	 * one, and watches them all.
	 */
	sessionStarted(shell: number, dir: string): void {
		this.shellPids.push(shell);
		this.watchdog ??= startRemoteWatchdog(sshExec(this.target), this.runId);
		this.watchdog.watchShell(shell);
		this.watchdog.watchFolder(dir);
	}

	/** The pids of every session shell the run started on the host (those that ended too: their sessions' members are the run's). */
	shells(): readonly number[] {
		return [...this.shellPids];
	}

	/**
	 * The run's end on this host, once its sessions closed and its leftovers
	 * were stopped (`end-of-run.ts`): background logs are no longer copied,
	 * and the watchdog looks once more, removes the sessions' folders and
	 * ends. The master stays for `release`.
	 */
	async finish(): Promise<void> {
		for (const copy of this.copies) copy.kill('SIGTERM');
		await this.watchdog?.release();
	}

	/** The master ends (`ssh -O exit`). */
	release(): Promise<void> {
		return closeMaster(this.target);
	}
}
