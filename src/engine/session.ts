import {randomBytes} from 'node:crypto';
import {closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import type {ShellName, StderrMode} from '../model.js';
import {StepFraming} from './framing.js';
import {signalExitStatus} from './outcome.js';
import {children, isAlive} from './process-tree.js';
import {runCookie, shells, stepCookie, type ShellProfile} from './shells.js';
import {spawnShell, type StepIo, type StepRun} from './spawn-shell.js';

export type {StepIo, StepRun} from './spawn-shell.js';
import {interruptStep, stepProcesses} from './step-processes.js';
import {climb, stopLadder, waitUntilEnded} from './terminate.js';

/**
 * One long-lived shell, fed step after step like a person's terminal: `cd`,
 * variables, functions, aliases and options carry over. How each shell is
 * fed and how a step's end is seen: `shells.ts` and `framing.ts`.
 */

type Pending = {
	readonly io: StepIo;
	readonly resolve: (run: StepRun) => void;
	readonly before: ReadonlySet<number>;
	/** Aborted when the step ends: every wait of its stop ladder gives up. */
	readonly ended: AbortController;
	timedOut: boolean;
	interrupted: boolean;
	timer?: NodeJS.Timeout;
};

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A timer cannot wait longer than this (Node's limit, 2^31-1 ms): past it a step has no timeout. */
const longestTimerMs = 2 ** 31 - 1;

export class Session {
	private readonly dir: string;
	private readonly profile: ShellProfile;
	private readonly stepPath: string;
	private readonly framing: StepFraming;
	private subprocess: ReturnType<typeof spawnShell> | undefined;
	private pending: Pending | undefined;
	private counter = 0;
	private exited: {code: number | null} | undefined;
	private readonly backgroundPids = new Set<number>();
	/** The step file, kept open: rewriting it in place costs less than a new file each step. */
	private stepFile: number | undefined;

	/**
	 * @param runDir the run's temporary folder: the session keeps its files in a folder of its own there
	 * @param runId the run's cookie value (`RUNBOOK_RUN`)
	 */
	constructor(
		private readonly shell: ShellName,
		private readonly cwd: string,
		private readonly env: Readonly<Record<string, string>>,
		runDir: string,
		private readonly runId: string,
	) {
		this.dir = path.join(runDir, `session-${randomBytes(4).toString('hex')}`);
		mkdirSync(this.dir);
		this.profile = shells[shell];
		this.stepPath = path.join(this.dir, 'step.sh');
		this.framing = new StepFraming(this.profile.rewrites(this.stepPath));
	}

	get alive(): boolean {
		return this.subprocess !== undefined && this.exited === undefined;
	}

	get pid(): number | undefined {
		return this.subprocess?.pid;
	}

	/** Start the shell and wait until it answers. */
	async start(): Promise<void> {
		const subprocess = spawnShell(this.shell, this.cwd, {...this.env, [runCookie]: this.runId, [stepCookie]: `${this.runId}/session`}, this.profile);
		this.subprocess = subprocess;
		this.exited = undefined;
		const outDecoder = new StringDecoder('utf8');
		const errDecoder = new StringDecoder('utf8');
		subprocess.stdout?.on('data', (chunk: Buffer) => this.onData('stdout', outDecoder.write(chunk)));
		subprocess.stderr?.on('data', (chunk: Buffer) => this.onData('stderr', errDecoder.write(chunk)));
		subprocess.stdin?.on('error', () => {});
		// The shell's exit, not the end of its pipes, ends the session: a daemon may hold the pipes forever.
		subprocess.on('exit', (code, signal) => this.onExit(code ?? (signal ? signalExitStatus(signal) : null)));
		// A shell that cannot start (not installed) ends the session at once.
		subprocess.on('error', () => this.onExit(null));
		subprocess.catch(() => {});
		this.write(this.profile.setup(this.runId));
		this.write(`__rb_f=${quote(this.stepPath)}`);
		// An empty step: its end says the shell is up and its start-up noise is past.
		await this.run('', {stderr: 'ignore', timeoutMs: 10_000, graceMs: 1000, cookie: `${this.runId}/session`, internal: true, onOutput() {}});
	}

	/** Run one step's command in the session. */
	run(command: string, io: StepIo): Promise<StepRun> {
		if (!this.alive) return Promise.resolve({exitCode: null, shellExit: this.exited?.code ?? null, timedOut: false, interrupted: false});
		// One file serves every step: it is read and done with before the next is written.
		this.stepFile ??= openSync(this.stepPath, 'w');
		ftruncateSync(this.stepFile, 0);
		writeSync(this.stepFile, this.profile.stepFile(command), 0);
		const marker = randomBytes(12).toString('hex');
		this.framing.expect(marker);
		return new Promise<StepRun>((resolve) => {
			const pending: Pending = {io, resolve, before: new Set(children(this.pid ?? 0)), ended: new AbortController(), timedOut: false, interrupted: false};
			this.pending = pending;
			if (io.timeoutMs > 0 && io.timeoutMs <= longestTimerMs) pending.timer = setTimeout(() => this.stopStep('timeout'), io.timeoutMs);
			this.write(this.profile.stepLine(marker, io.cookie, io.stderr, io.detach ?? false));
		});
	}

	/**
	 * Start a command in the background of the session (it sees the session's
	 * variables and functions); its output goes to `log`. Resolves to its pid.
	 */
	async startBackground(command: string, log: string, options: {stderr: StderrMode; cookie: string; detach?: boolean}): Promise<number | undefined> {
		const file = path.join(this.dir, `background-${++this.counter}.sh`);
		writeFileSync(file, `${command}\n`);
		const redirect = options.stderr === 'ignore' ? '2>/dev/null' : '2>&1';
		let pid = '';
		const run = await this.run(`{ . ${quote(file)}; } </dev/null >${quote(log)} ${redirect} &\nprintf '%s' "$!"`, {
			stderr: 'ignore',
			timeoutMs: 10_000,
			graceMs: 1000,
			cookie: options.cookie,
			...(options.detach ? {detach: true} : {}),
			onOutput(_stream, text) {
				pid += text;
			},
		});
		const number = Number(pid.trim());
		if (run.exitCode !== 0 || !Number.isInteger(number) || number <= 0) return undefined;
		this.backgroundPids.add(number);
		return number;
	}

	/** Set shell variables from values passed as data: the value is never parsed as code. */
	async setVariables(values: ReadonlyMap<string, string>): Promise<void> {
		if (values.size === 0 || !this.alive) return;
		const lines: string[] = [];
		for (const [name, value] of values) {
			if (!/^[A-Za-z_]\w*$/.test(name)) continue;
			const file = path.join(this.dir, `value-${++this.counter}`);
			writeFileSync(file, value);
			lines.push(`__rb_v=$(command cat ${quote(file)}; printf x); ${name}=\${__rb_v%x}; export ${name}; unset __rb_v`);
		}
		await this.run(lines.join('\n'), {stderr: 'ignore', timeoutMs: 10_000, graceMs: 1000, cookie: `${this.runId}/session`, internal: true, onOutput() {}});
	}

	/** Interrupt the running step, as Ctrl-C would. False when no step of the runbook runs. */
	interrupt(): boolean {
		if (!this.pending || this.pending.io.internal) return false;
		this.stopStep('interrupt');
		return true;
	}

	/** The session's current folder, as the shell sees it. */
	async currentDirectory(): Promise<string> {
		let out = '';
		await this.run('pwd', {stderr: 'ignore', timeoutMs: 5000, graceMs: 1000, cookie: `${this.runId}/session`, internal: true, onOutput: (_s, text) => (out += text)});
		return out.trim() || this.cwd;
	}

	/**
	 * End the shell: its input ends (a shell at its prompt exits), then it gets
	 * the stop ladder. Its pipes are let go of whatever still holds them. What
	 * the steps left running is the run's to stop (`leftovers.ts`), before this.
	 */
	async close(graceMs: number): Promise<void> {
		if (this.pending) this.pending.ended.abort();
		clearTimeout(this.pending?.timer);
		const pid = this.pid;
		this.subprocess?.stdin?.end();
		if (pid !== undefined && this.alive) {
			await waitUntilEnded(() => [pid], graceMs);
			// An interactive shell ignores SIGTERM: it gets SIGKILL at once after its grace.
			if (this.alive) await climb(stopLadder(0), () => (isAlive(pid) ? [pid] : []));
		}
		this.subprocess?.stdout?.destroy();
		this.subprocess?.stderr?.destroy();
		if (this.stepFile !== undefined) closeSync(this.stepFile);
		this.stepFile = undefined;
	}

	private write(line: string): void {
		this.subprocess?.stdin?.write(`${line}\n`);
	}

	/** Ctrl-C, then the rest of the ladder, once per step. */
	private stopStep(reason: 'timeout' | 'interrupt'): void {
		const pending = this.pending;
		const pid = this.pid;
		// One ladder per step: a second Ctrl-C while it climbs adds nothing.
		if (!pending || pid === undefined || pending.timedOut || pending.interrupted) return;
		if (reason === 'timeout') pending.timedOut = true;
		else pending.interrupted = true;
		void interruptStep(pid, () => this.stepProcesses(pending), pending.io.graceMs, pending.ended.signal);
	}

	private stepProcesses(pending: Pending): number[] {
		return stepProcesses(this.pid, [...pending.before, ...this.backgroundPids], pending.io.cookie);
	}

	private onData(stream: 'stdout' | 'stderr', text: string): void {
		const pending = this.pending;
		const decoded = this.framing.push(stream, text);
		if (!pending) return;
		const visible = stream === 'stdout' || pending.io.stderr === 'separate';
		if (decoded.text && visible) pending.io.onOutput(stream, decoded.text);
		if (decoded.ended) void this.finish(pending, {exitCode: decoded.ended.status, timedOut: pending.timedOut, interrupted: pending.interrupted});
	}

	private onExit(code: number | null): void {
		if (this.exited) return;
		this.exited = {code};
		const pending = this.pending;
		if (!pending) return;
		const {stdout, stderr} = this.framing.flush();
		if (stdout) pending.io.onOutput('stdout', stdout);
		if (stderr && pending.io.stderr === 'separate') pending.io.onOutput('stderr', stderr);
		void this.finish(pending, {exitCode: null, shellExit: code, timedOut: pending.timedOut, interrupted: pending.interrupted});
	}

	private async finish(pending: Pending, run: StepRun): Promise<void> {
		if (this.pending !== pending) return;
		this.pending = undefined;
		clearTimeout(pending.timer);
		pending.ended.abort();
		// A timed-out or interrupted step leaves nothing running, not even what it put in the background or detached.
		if (pending.timedOut || pending.interrupted) await climb(stopLadder(pending.io.graceMs), () => this.stepProcesses(pending));
		pending.resolve(run);
	}
}
