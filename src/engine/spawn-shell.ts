import {execa} from 'execa';
import {UserError} from '../errors.js';
import type {StderrMode} from '../model.js';
import type {ShellProfile} from './shells.js';

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

/**
 * Start a session shell: pipes for its three streams, its own process group.
 * `program` is the shell's name (looked up on PATH) or its path (`shell: /bin/bash`).
 */
export function spawnShell(program: string, cwd: string, env: Readonly<Record<string, string>>, profile: ShellProfile) {
	return execa(program, profile.args, {
		cwd,
		env: {...env, PS1: '', PS2: '', PROMPT: ''},
		extendEnv: false,
		stdin: 'pipe',
		stdout: 'pipe',
		stderr: 'pipe',
		buffer: false,
		reject: false,
		// Its own process group: a terminal's Ctrl-C reaches runbook, which decides what to interrupt.
		detached: true,
	});
}

/** The shell did not come up: the run cannot go on (its own words are in the message). */
export class ShellStartError extends UserError {
	constructor(shell: string, said: string) {
		super('shell-failed', `the shell \`${shell}\` did not start${said.trim() ? `: ${said.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
	}
}

/** Resolves when every stream has ended, or after `ms`. */
export function drained(streams: ReadonlyArray<NodeJS.ReadableStream | null | undefined>, ms: number): Promise<void> {
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
