import {mkdirSync} from 'node:fs';
import type {Leftover} from '../events.js';
import {runCookie} from '../shells.js';
import {listMarked, stopProcesses} from './processes.js';
import type {RemoteTracking} from './remote-session.js';
import {closeMaster, connect, exec, type SshTarget} from './ssh.js';

/**
 * One remote host of a run, beside its sessions: the connection check
 * before any step (which opens its control master), and the end of the run
 * on it: the copies of background logs stopped, what the run left running
 * there named and stopped (by the run's cookie), the sessions' folders
 * removed; then the master closed (`release`: once every host is done, as
 * two names may share a connection).
 */
export class RemoteHost {
	readonly tracking: RemoteTracking = {dirs: new Set(), copies: new Set()};

	constructor(readonly target: SshTarget) {}

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

	/** The master ends (`ssh -O exit`). */
	release(): Promise<void> {
		return closeMaster(this.target);
	}

	/**
	 * The run's end on this host, its sessions closed: background logs are no
	 * longer copied; processes with the run's cookie are named (`stepOf`: the
	 * step name for a `RUNBOOK_STEP` cookie; `mine`: whether a cookie is one
	 * of this host's steps or none) and get SIGTERM, `graceMs`, SIGKILL; the
	 * sessions' folders go. The master stays for `release`.
	 */
	async finish(runId: string, graceMs: number, stepOf: (cookie: string) => {name: string; host: string} | undefined): Promise<Leftover[]> {
		for (const copy of this.tracking.copies) copy.kill('SIGTERM');
		const found = (await listMarked(this.target, runCookie, runId)).filter((process) => {
			const step = stepOf(process.cookie);
			return step === undefined || step.host === this.target.name;
		});
		await stopProcesses(this.target, found.map((process) => process.pid), graceMs);
		const dirs = [...this.tracking.dirs];
		if (dirs.length > 0) await exec(this.target, 'rm -rf -- "$@"', dirs);
		return found.map((process) => {
			const step = stepOf(process.cookie);
			return {pid: process.pid, command: process.command, ...(step ? {step: step.name} : {}), host: this.target.name};
		});
	}
}
