import {randomBytes} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {ShellName, StderrMode} from '../model.js';
import {FrameDecoder} from './framing.js';
import {InFlight, type AheadStep} from './in-flight.js';
import {reservedCaptureName} from '../match/capture-names.js';
import {runCookie, shellQuote as quote, shells, stepCookie, type ShellProfile} from './shells.js';
import {ShellStartError, spawnShell, type ShellListeners, type ShellProcess, type StepIo, type StepRun} from './spawn-shell.js';
import type {LineFiles, StepStopper} from './in-flight.js';

export {ShellStartError, type StepIo, type StepRun} from './spawn-shell.js';
export type {AheadStep} from './in-flight.js';
import {killNow, waitUntilEnded} from './terminate.js';

/**
 * One long-lived shell, fed step after step like a person's terminal: `cd`,
 * variables, functions, aliases and options carry over. How each shell is
 * fed and how a step's end is seen: `shells.ts` and `framing.ts`; the step
 * lines under way, written ahead or not: `in-flight.ts`.
 */

/** The session's own commands (start-up, variables, the folder): not the runbook's, and quick. */
const own = {stderr: 'ignore', timeoutMs: 10_000, graceMs: 1000, internal: true} as const;

/**
 * When the shell has ended, its pipes are read to their end for at most this
 * long: a daemon it started may hold them open forever.
 */
const drainAfterExitMs = 500;


/** A file a session's shell reads: its path there, and the text that creates it (empty: it was written already). */
export type ScriptFile = {readonly path: string; readonly create: string};

/** Where a background step's log and status file are, as the session's shell names them, and where they are followed from on this machine. */
export type BackgroundStart = {
	readonly pid: number;
	readonly reader: FrameDecoder;
	/** The log, status file and a pid alive while the step runs, on this machine (`follow-log.ts`). */
	readonly follow: {readonly log: string; readonly statusFile: string; readonly pid: number};
	/** The host it runs on; absent: this machine. */
	readonly host?: string;
	/** How it is stopped at the run's end, when not as a local process (`end-of-run.ts`). */
	readonly stop?: (graceMs: number) => Promise<void>;
};

export class Session {
	protected readonly dir: string;
	protected readonly profile: ShellProfile;
	protected readonly steps: InFlight;
	private subprocess: ShellProcess | undefined;
	protected counter = 0;
	private exited: {code: number | null} | undefined;
	private readonly backgroundPids = new Set<number>();

	/**
	 * @param runDir the run's temporary folder: the session keeps its files in a folder of its own there
	 * @param runId the run's cookie value (`RUNBOOK_RUN`)
	 * @param elsewhere a session whose shell is not on this machine: its step lines' files and how its steps are stopped
	 */
	constructor(
		protected readonly shell: ShellName,
		protected readonly cwd: string,
		protected readonly env: Readonly<Record<string, string>>,
		runDir: string,
		protected readonly runId: string,
		/** The shell's name on PATH, or its path (`shell: /bin/bash`). */
		protected readonly program: string = shell,
		elsewhere?: {readonly files: LineFiles; readonly stopper: StepStopper},
	) {
		this.dir = path.join(runDir, `session-${randomBytes(4).toString('hex')}`);
		if (!elsewhere) mkdirSync(this.dir);
		this.profile = shells[shell];
		const host = {pid: () => this.pid, write: (line: string) => this.write(line), backgroundPids: this.backgroundPids, ...(elsewhere ? {stopper: elsewhere.stopper} : {})};
		this.steps = new InFlight(host, this.profile, elsewhere?.files ?? this.dir);
	}

	/** Whether this session's shell keeps input written ahead of the step that runs (`shells.ts`). */
	get aheadAllowed(): boolean {
		return this.profile.aheadAllowed;
	}

	/** Whether the shell runs on this machine (its processes are this machine's to account for). */
	get local(): boolean {
		return true;
	}

	get alive(): boolean {
		return this.subprocess !== undefined && this.exited === undefined;
	}

	get pid(): number | undefined {
		return this.subprocess?.pid;
	}

	/** Start the shell and wait until it answers. */
	async start(): Promise<void> {
		this.subprocess = this.spawn({
			output: (stream, text) => this.steps.onData(stream, text),
			// The shell's exit, not the end of its pipes, ends the session: a daemon may hold the pipes forever. One that cannot start ends it at once.
			exit: (code) => void this.onExit(code),
		});
		this.exited = undefined;
		this.write(this.setup());
		// A first step (empty here): its end says the shell is up and its start-up noise is past.
		let said = '';
		let out = '';
		const run = await this.run(this.firstStep(), {...own, stderr: 'separate', cookie: `${this.runId}/session`, onOutput(stream, text) {
			said += text;
			if (stream === 'stdout') out += text;
		}});
		const problem = run.exitCode === 0 ? this.started(out) : said;
		if (problem !== undefined) {
			await this.close(0);
			throw new ShellStartError(this.program, problem);
		}
	}

	/** Start the shell's process (here: the shell itself, on this machine). */
	protected spawn(listeners: ShellListeners): ShellProcess {
		return spawnShell(this.program, this.profile.args, this.cwd, {...this.env, [runCookie]: this.runId, [stepCookie]: `${this.runId}/session`}, listeners);
	}

	/** What the shell is given first: the profile's options and prompt hook. */
	protected setup(): string {
		return this.profile.setup(this.runId);
	}

	/** The command of the first step, whose end says the shell is up. */
	protected firstStep(): string {
		return '';
	}

	/** The first step's stdout: why the session cannot go on, or undefined. */
	protected started(_stdout: string): string | undefined {
		return undefined;
	}

	/** A file for the shell to read, with `text`: written here, now. */
	protected scriptFile(name: string, text: string): ScriptFile {
		const file = path.join(this.dir, name);
		writeFileSync(file, text);
		return {path: file, create: ''};
	}

	/**
	 * Where a folder of a step's `cwd=` is for the shell (here: already
	 * absolute, resolved against the run's folder by `launch.ts`).
	 */
	folderOf(dir: string): string {
		return dir;
	}

	/** Where a background step numbered `index` writes its log and its status, as the shell names them. */
	backgroundFiles(index: number, workDir: string): {log: string; statusFile: string} {
		const log = path.join(workDir, `background-${index}.log`);
		return {log, statusFile: `${log}.status`};
	}

	/**
	 * Run one step's command in the session. `ahead`: the steps that follow
	 * it, to write into the shell now, behind it, when nothing has to happen
	 * between them (`test`'s pipelining; only where `aheadAllowed`): their
	 * own `run` later takes the line written for them.
	 */
	run(command: string, io: StepIo, ahead: readonly AheadStep[] = []): Promise<StepRun> {
		if (!this.alive && !this.steps.holds(io.cookie)) return Promise.resolve({exitCode: null, shellExit: this.exited?.code ?? null, timedOut: false, interrupted: false});
		return this.steps.run(command, io, this.aheadAllowed ? ahead : []);
	}

	/** Whether lines written ahead wait to be claimed here. */
	get holdsAhead(): boolean {
		return this.steps.holdsAhead;
	}

	/** Whether the shell began the line written ahead for the step with this `RUNBOOK_STEP` cookie (false when there is none). */
	began(cookie: string): Promise<boolean> {
		return this.steps.began(cookie);
	}

	/**
	 * Start a command in the background of the session (it sees the session's
	 * variables and functions); its output goes to `log`. Resolves to its pid
	 * and to a decoder that reads the log as the shell's own output reads
	 * (the background file's path rewritten out of messages).
	 */
	async startBackground(command: string, files: {log: string; statusFile: string}, options: {stderr: StderrMode; cookie: string; detach?: boolean}): Promise<BackgroundStart | undefined> {
		const file = this.scriptFile(`background-${++this.counter}.sh`, `${command}\n`);
		const redirect = options.stderr === 'ignore' ? '2>/dev/null' : '2>&1';
		let pid = '';
		const run = await this.run(`${file.create}{ . ${quote(file.path)}; } </dev/null >${quote(files.log)} ${redirect} &\nprintf '%s' "$!"`, {
			...own,
			internal: false,
			cookie: options.cookie,
			...(options.detach ? {detach: true} : {}),
			onOutput(_stream, text) {
				pid += text;
			},
		});
		const number = Number(pid.trim());
		if (run.exitCode !== 0 || !Number.isInteger(number) || number <= 0) return undefined;
		this.backgroundPids.add(number);
		const reader = new FrameDecoder((this.profile.backgroundRewrites ?? this.profile.rewrites)(file.path));
		return {pid: number, reader, follow: this.followed(number, files)};
	}

	/** Where a background step is followed from on this machine: its own files and pid, here. */
	protected followed(pid: number, files: {log: string; statusFile: string}): BackgroundStart['follow'] {
		return {...files, pid};
	}

	/** Set shell variables from values passed as data: the value is never parsed as code. */
	async setVariables(values: ReadonlyMap<string, string>): Promise<void> {
		if (values.size === 0 || !this.alive) return;
		const lines: string[] = [];
		for (const [name, value] of values) {
			// `check` refuses these names; a caller of the library that did not check cannot reach them either.
			if (!/^[A-Za-z_]\w*$/.test(name) || reservedCaptureName(name, this.shell)) continue;
			lines.push(`__rb_v=$(${this.valueReader(value)}; printf x); ${name}=\${__rb_v%x}; export ${name}; unset __rb_v`);
		}
		await this.run(lines.join('\n'), {...own, cookie: `${this.runId}/session`, onOutput() {}});
	}

	/** A command that prints `value` as it is (here: from a file of the session's). */
	protected valueReader(value: string): string {
		const file = path.join(this.dir, `value-${++this.counter}`);
		writeFileSync(file, value);
		return `command cat ${quote(file)}`;
	}

	/** Interrupt the running step, as Ctrl-C would. False when no step of the runbook runs. */
	interrupt(): boolean {
		return this.steps.interrupt();
	}

	/**
	 * Go into `dir` for one step (`cwd=`), remembering the folder to come back
	 * to with {@link leave}. Resolves to the shell's words when it cannot.
	 */
	async enter(dir: string): Promise<string | undefined> {
		let said = '';
		const run = await this.run(`__rb_d=$PWD; __rb_o=$OLDPWD; cd -- ${quote(dir)}`, {...own, stderr: 'merge', cookie: `${this.runId}/session`, onOutput: (_s, text) => (said += text)});
		return run.exitCode === 0 ? undefined : said.trim() || `cannot enter ${dir}`;
	}

	/** Back to the folder {@link enter} left, whatever the step did (its own `cd` included). */
	async leave(): Promise<void> {
		await this.run('cd -- "$__rb_d"; OLDPWD=$__rb_o; unset __rb_d __rb_o', {...own, cookie: `${this.runId}/session`, onOutput() {}});
	}

	/** The session's current folder, as the shell sees it. */
	async currentDirectory(): Promise<string> {
		let out = '';
		await this.run('pwd', {...own, cookie: `${this.runId}/session`, onOutput: (_s, text) => (out += text)});
		return out.trim() || this.cwd;
	}

	/**
	 * End the shell: its input ends (a shell at its prompt exits), then it gets
	 * SIGKILL after `graceMs` (an interactive shell ignores SIGTERM). Its pipes
	 * are let go of whatever still holds them. What the steps left running is
	 * the run's to name and stop (`end-of-run.ts`), after this.
	 */
	async close(graceMs: number): Promise<void> {
		this.steps.close();
		const pid = this.pid;
		const subprocess = this.subprocess;
		subprocess?.endInput();
		if (pid !== undefined && subprocess && this.alive) {
			// The shell is this process's child: its exit event says at once that it has gone (no polling; a shell exits ~2 ms after its input ends).
			const gone = new AbortController();
			void subprocess.ended.then(() => gone.abort());
			if (this.alive) await waitUntilEnded(() => [pid], graceMs, gone.signal);
			if (this.alive) killNow([pid]);
		}
		subprocess?.release();
	}

	protected write(line: string): void {
		this.subprocess?.write(`${line}\n`);
	}

	private async onExit(code: number | null): Promise<void> {
		if (this.exited) return;
		this.exited = {code};
		if (this.steps.idle) return;
		// Node may tell of the exit before the last output is read: read the pipes to their end, or a while.
		await this.subprocess?.drained(drainAfterExitMs);
		this.steps.onExit(code);
	}
}
