import {execa} from 'execa';
import type {ShellName, StderrMode} from '../model.js';
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

/** Start a session shell: pipes for its three streams, its own process group. */
export function spawnShell(shell: ShellName, cwd: string, env: Readonly<Record<string, string>>, profile: ShellProfile) {
	return execa(shell, profile.args, {
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
