import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {StringDecoder} from 'node:string_decoder';
import {UserError} from '../errors.js';
import type {StderrMode} from '../model.js';
import {signalExitStatus} from './outcome.js';

/** How a step ended, as the session saw it. */
export type StepRun = {
	/** Exit status, or null when the shell itself ended. */
	readonly exitCode: number | null;
	/** The shell ended during the step (`exit 3`): its status. */
	readonly shellExit?: number | null;
	readonly timedOut: boolean;
	readonly interrupted: boolean;
};

export type StepIo = {
	readonly stderr: StderrMode;
	readonly timeoutMs: number;
	/** Between the rungs of the stop ladder (`terminate.ts`). */
	readonly graceMs: number;
	/** The value of `RUNBOOK_STEP` for what the step starts (`accounting.ts`). */
	readonly cookie: string;
	/** What the step starts may outlive the run: it goes without the run's cookie. */
	readonly detach?: boolean;
	/** The session's own command (start-up, variables): an interrupt does not reach it. */
	readonly internal?: boolean;
	onOutput(stream: 'stdout' | 'stderr', text: string): void;
};

/** What the session hears of its shell. */
export type ShellListeners = {
	/** Text the shell printed on one of its streams (UTF-8; a character split across reads waits for its rest). */
	output(stream: 'stdout' | 'stderr', text: string): void;
	/** The shell exited: its status (a signal as a shell reports it, 128 + n), or null when it could not start (not installed). */
	exit(code: number | null): void;
};

/** A session shell's process, as the session drives it. */
export type ShellProcess = {
	/** Its pid; undefined when it could not start. */
	readonly pid: number | undefined;
	/** Resolves when it has exited, or could not start. */
	readonly ended: Promise<void>;
	/** Write to its input (dropped once it has gone). */
	write(text: string): void;
	/** End its input: a shell at its prompt exits. */
	endInput(): void;
	/** Resolves when its stdout and stderr have ended, or after `ms`. */
	drained(ms: number): Promise<void>;
	/** Let go of its output pipes, whatever still holds them open. */
	release(): void;
};

/**
 * Start a session shell (Node's `child_process.spawn`): pipes for its three
 * streams, its own process group. `program` is the shell's name (looked up
 * on the `PATH` of `env`) or its path (`shell: /bin/bash`), `args` the
 * profile's (`shells.ts`); for a remote host, `ssh` and its arguments. Errors on its
 * pipes (EPIPE once it has gone) are dropped: its exit says when it ended.
 * Throws `ShellStartError` when Node refuses the options before any process
 * exists (an environment value holding a NUL byte).
 */
export function spawnShell(program: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>>, listeners: ShellListeners): ShellProcess {
	let subprocess: ChildProcessWithoutNullStreams;
	try {
		subprocess = spawn(program, args, {
			cwd,
			env: {...env, PS1: '', PS2: '', PROMPT: ''},
			stdio: 'pipe',
			// Its own process group: a terminal's Ctrl-C reaches runbook, which decides what to interrupt.
			detached: true,
		});
	} catch (error) {
		throw new ShellStartError(program, error instanceof Error ? error.message : String(error));
	}
	const {stdin, stdout, stderr} = subprocess;
	for (const stream of [stdin, stdout, stderr]) stream.on('error', () => {});
	const outDecoder = new StringDecoder('utf8');
	const errDecoder = new StringDecoder('utf8');
	stdout.on('data', (chunk: Buffer) => listeners.output('stdout', outDecoder.write(chunk)));
	stderr.on('data', (chunk: Buffer) => listeners.output('stderr', errDecoder.write(chunk)));
	const ended = new Promise<void>((resolve) => {
		subprocess.once('exit', () => resolve());
		subprocess.once('error', () => resolve());
	});
	subprocess.on('exit', (code, signal) => listeners.exit(code ?? (signal ? signalExitStatus(signal) : null)));
	// A shell that cannot start (not installed) emits `error`, and no `exit`.
	subprocess.on('error', () => listeners.exit(null));
	return {
		pid: subprocess.pid,
		ended,
		write: (text) => void stdin.write(text),
		endInput: () => void stdin.end(),
		drained: (ms) => drained([stdout, stderr], ms),
		release() {
			stdout.destroy();
			stderr.destroy();
		},
	};
}

/** The shell did not come up: the run cannot go on (its own words are in the message). */
export class ShellStartError extends UserError {
	constructor(shell: string, said: string) {
		super('shell-failed', `the shell \`${shell}\` did not start${said.trim() ? `: ${said.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
	}
}

/** Resolves when every stream has ended, or after `ms`. */
function drained(streams: ReadonlyArray<NodeJS.ReadableStream | null | undefined>, ms: number): Promise<void> {
	const open = streams.filter((stream): stream is NodeJS.ReadableStream & {readableEnded: boolean; destroyed: boolean} => Boolean(stream) && !(stream as {readableEnded?: boolean}).readableEnded && !(stream as {destroyed?: boolean}).destroyed);
	if (open.length === 0) return Promise.resolve();
	return new Promise((resolve) => {
		let left = open.length;
		const timer = setTimeout(resolve, ms);
		const one = () => {
			if (--left === 0) {
				clearTimeout(timer);
				resolve();
			}
		};
		for (const stream of open) stream.once('close', one);
	});
}
