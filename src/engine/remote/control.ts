import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import type {Leftover} from '../events.js';
import {interruptLadder, stopLadder} from '../terminate.js';
import {controlCommand, controlParameters, type ControlParameters} from './control-script.js';
import {sshArgs, sshEnvironment, type SshTarget} from './ssh.js';

/**
 * Stopping things on a remote host through a second channel of the
 * session's connection (`control-script.ts` does the work there): a step's
 * stop ladder, background steps, the run's leftovers, the remote watchdog.
 * The same ladders and delays as locally (`terminate.ts`).
 */

/**
 * The session's seam: start `command` on the host (given to the remote login
 * shell, as `ssh … -- DEST COMMAND` does) over the session's connection
 * (its control master), with pipes for its three streams, in a process group
 * of its own (a terminal's Ctrl-C must not cut it), without the run's
 * cookies. Its stdin must be writable.
 */
export type RemoteExec = (command: string) => ChannelProcess;

/** The local ssh of a channel, as Node's `ChildProcess` gives it (only what is used here). */
export type ChannelProcess = {
	readonly stdin: NodeJS.WritableStream | null;
	readonly stdout: NodeJS.ReadableStream | null;
	readonly stderr: NodeJS.ReadableStream | null;
	once(event: 'close' | 'error', listener: () => void): unknown;
	ref(): void;
	unref(): void;
};

/** {@link RemoteExec} over the host's ssh connection (`ssh.ts`): `ssh OPTIONS -- DEST COMMAND`, in a process group of its own. */
export function sshExec(target: SshTarget): RemoteExec {
	return (command) => spawn('ssh', [...sshArgs(target), command], {stdio: 'pipe', env: sshEnvironment(), detached: true});
}

/** Where to look for a remote step's processes (the remote twin of `StepScope`). */
export type RemoteStepScope = {
	/** The remote session shell's pid (its process group and session). */
	readonly shell: number;
	/** `RUNBOOK_STEP`'s value for the step. */
	readonly cookie: string;
	/** When the step began, on this machine's clock (`Date.now()`). */
	readonly sinceMs: number;
	/** Background steps' pids on the host: they and what they start are not the step's. */
	readonly spared: Iterable<number>;
};

/** What the end of a run needs to name a host's leftovers. */
export type RemoteRunScope = {
	/** The remote session shells' pids (a session that ended and a new one: both). */
	readonly shells: readonly number[];
	/** Indexes of the run's steps on this host. */
	readonly steps: readonly number[];
	/** Indexes of its `detach` steps (their programs may outlive the run). */
	readonly detached: readonly number[];
	/** A step's name from its `RUNBOOK_STEP` value, when it is one of the run's. */
	stepName(cookie: string): string | undefined;
};

/** A step's stop ladder under way on the host. */
export type RemoteLadder = {
	/** Ctrl-C again: SIGINT to the shell and the step's processes in its foreground group. */
	press(): void;
	/** Resolves when the channel ended (the step ended, or the ladder is over). */
	readonly done: Promise<void>;
};

export class RemoteControl {
	constructor(
		/** The host's name (`hosts:`), given to leftovers. */
		readonly host: string,
		private readonly exec: RemoteExec,
		private readonly runId: string,
	) {}

	/**
	 * A foreground step's timeout or interrupt, on the host: SIGINT to the
	 * remote shell and the step's processes, grace, SIGTERM, grace, SIGKILL
	 * (`interruptLadder`), until `ended` is aborted (the step's end frame came:
	 * the shell is back at its prompt), which ends the channel. `nudge` is
	 * called when the host found nothing alive while the shell said nothing.
	 */
	interruptStep(scope: RemoteStepScope, graceMs: number, ended: AbortSignal, nudge: () => void): RemoteLadder {
		const channel = this.open({...this.stepParameters('interrupt', scope), rungs: interruptLadder(graceMs)}, (line) => {
			if (line === 'quiet') nudge();
		});
		const end = () => channel.child.stdin?.end();
		if (ended.aborted) end();
		else ended.addEventListener('abort', end, {once: true});
		return {press: () => channel.write('int'), done: channel.done};
	}

	/** What a timed-out or interrupted step left after it ended: SIGTERM, grace, SIGKILL (`stopLadder`), until none is alive. */
	async stopStep(scope: RemoteStepScope, graceMs: number): Promise<void> {
		await this.open({...this.stepParameters('step', scope), rungs: stopLadder(graceMs)}).done;
	}

	/** A background step (its remote pid) and what it started (by tree and by cookie): SIGTERM, grace, SIGKILL. */
	async stopBackground(pid: number, cookie: string, graceMs: number): Promise<void> {
		await this.open({kind: 'background', runId: this.runId, cookie, shells: [pid], rungs: stopLadder(graceMs)}).done;
	}

	/**
	 * What the run left on the host: each is named (pid, command line, its
	 * step by cookie, the host), then they all get SIGTERM, grace, SIGKILL.
	 * Resolves to them once stopped.
	 */
	async stopLeftovers(scope: RemoteRunScope, graceMs: number, found: (leftover: Leftover) => void): Promise<Leftover[]> {
		const leftovers: Leftover[] = [];
		const parameters: ControlParameters = {kind: 'leftovers', runId: this.runId, shells: scope.shells, spared: scope.detached, mine: scope.steps, rungs: stopLadder(graceMs)};
		await this.open(parameters, (line) => {
			const match = /^leftover (\d+) \d+ (\S+) ?(.*)$/.exec(line);
			if (!match) return;
			const [, pid = '', cookie = '', command = ''] = match;
			const step = scope.stepName(cookie);
			const leftover: Leftover = {pid: Number(pid), command: command.trimEnd(), ...(step ? {step} : {}), host: this.host};
			// Gone while it looked: no command line.
			if (leftover.command === '') return;
			leftovers.push(leftover);
			found(leftover);
		}).done;
		return leftovers;
	}

	private stepParameters(kind: 'interrupt' | 'step', scope: RemoteStepScope): ControlParameters {
		return {kind, runId: this.runId, cookie: scope.cookie, shells: [scope.shell], spared: [...scope.spared], agoMs: Date.now() - scope.sinceMs};
	}

	/** Start the script on the host with its parameters; `onLine` hears what it prints. */
	private open(parameters: ControlParameters, onLine?: (line: string) => void): {child: ChannelProcess; write(line: string): void; done: Promise<void>} {
		return openChannel(this.exec, parameters, parameters.kind === 'interrupt', onLine);
	}
}

/**
 * A channel running the control script: its parameters written first; its
 * input ended at once unless `keepOpen`. `done` resolves when its process
 * ended (an ssh that fails is not an error: there is nothing more to do).
 */
export function openChannel(exec: RemoteExec, parameters: ControlParameters, keepOpen: boolean, onLine?: (line: string) => void): {child: ChannelProcess; write(line: string): void; done: Promise<void>} {
	const child = exec(controlCommand);
	child.stdin?.on('error', () => {});
	child.stderr?.resume();
	const done = new Promise<void>((resolve) => {
		child.once('close', () => resolve());
		child.once('error', () => resolve());
	});
	if (child.stdout) {
		if (onLine) createInterface({input: child.stdout}).on('line', onLine);
		else child.stdout.resume();
	}
	child.stdin?.write(`${controlParameters(parameters)}\n`);
	if (!keepOpen) child.stdin?.end();
	return {
		child,
		write: (line) => {
			if (child.stdin?.writable) child.stdin.write(`${line}\n`);
		},
		done,
	};
}
