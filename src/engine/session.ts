import {randomBytes} from 'node:crypto';
import {closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {constants, tmpdir} from 'node:os';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import {execa} from 'execa';

type Subprocess = ReturnType<typeof spawnShell>;
import type {ShellName, StderrMode} from '../model.js';
import {children, descendantsSparing, isAlive, killProcesses, killTree} from './process-tree.js';

/**
 * One long-lived shell, fed step after step like a person's terminal.
 *
 * The shell runs interactive (`-i`) so that SIGINT aborts the current step the
 * way Ctrl-C does in a terminal, and the session goes on. Each step is written
 * to a file and sourced (`. file`), so `cd`, variables, functions, aliases and
 * options carry over, and the step's stdin is /dev/null. After the step, the
 * shell prints a random marker with the exit status on stdout (and a marker on
 * stderr): a step cannot print a marker it does not know.
 */

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
	onOutput(stream: 'stdout' | 'stderr', text: string): void;
};

const shellArgs: Readonly<Record<ShellName, readonly string[]>> = {
	bash: ['--noprofile', '--norc', '--noediting', '-i'],
	sh: ['-i'],
	zsh: ['-f', '-i', '+Z'],
};

const setup: Readonly<Record<ShellName, string>> = {
	bash: 'set +m +H +o history; shopt -s expand_aliases; unset PROMPT_COMMAND; export -n PS1 PS2 PS4 2>/dev/null',
	sh: 'set +m',
	zsh: 'unsetopt MONITOR BANG_HIST HUP ZLE PROMPT_SP PROMPT_CR; PROMPT=""; PS2=""; RPROMPT=""',
};

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

type Pending = {
	marker: string;
	io: StepIo;
	stdoutDone: boolean;
	stderrDone: boolean;
	exitCode: number | null;
	resolve: (run: StepRun) => void;
	timedOut: boolean;
	interrupted: boolean;
	before: Set<number>;
	timers: NodeJS.Timeout[];
};

export class Session {
	private readonly dir = mkdtempSync(path.join(tmpdir(), 'runbook-'));
	private subprocess: Subprocess | undefined;
	private pending: Pending | undefined;
	private stdoutText = '';
	private stderrText = '';
	private counter = 0;
	private exited: {code: number | null} | undefined;
	private readonly protectedPids = new Set<number>();
	/** Markers of interrupted steps, whose status line may have been said twice. */
	private finishedMarkers: string[] = [];
	/** The step file, kept open: rewriting it in place costs less than a new file each step. */
	private stepFile: number | undefined;

	constructor(
		private readonly shell: ShellName,
		private readonly cwd: string,
		private readonly env: Readonly<Record<string, string>>,
	) {}

	get alive(): boolean {
		return this.subprocess !== undefined && this.exited === undefined;
	}

	get pid(): number | undefined {
		return this.subprocess?.pid;
	}

	/** Start the shell and wait until it answers. */
	async start(): Promise<void> {
		const subprocess = spawnShell(this.shell, this.cwd, this.env);
		this.subprocess = subprocess;
		this.exited = undefined;
		const outDecoder = new StringDecoder('utf8');
		const errDecoder = new StringDecoder('utf8');
		subprocess.stdout?.on('data', (chunk: Buffer) => this.onData('stdout', outDecoder.write(chunk)));
		subprocess.stderr?.on('data', (chunk: Buffer) => this.onData('stderr', errDecoder.write(chunk)));
		subprocess.stdin?.on('error', () => {});
		// Let the last output drain: children left running may keep the pipes open.
		subprocess.on('exit', (code, signal) => setTimeout(() => this.onExit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null)), 50));
		// A shell that cannot start (not installed) ends the session at once.
		subprocess.on('error', () => this.onExit(null));
		subprocess.catch(() => {});
		this.write(setup[this.shell]);
		// Short names for the per-step lines: an interactive shell reads its input a byte at a time.
		this.write(`__rb_f=${quote(path.join(this.dir, 'step.sh'))}; __rb_e() { __rb_s=$?; printf '\\036%s:%s\\036' "$1" "$__rb_s"; printf '\\036%s:0\\036' "$1" >&2; }`);
		// An empty step: its markers say the shell is up and its start-up noise is past.
		await this.run('', {stderr: 'ignore', timeoutMs: 10_000, onOutput() {}});
	}

	/** Run one step's command in the session. */
	run(command: string, io: StepIo): Promise<StepRun> {
		if (!this.alive) return Promise.resolve({exitCode: null, shellExit: this.exited?.code ?? null, timedOut: false, interrupted: false});
		// One file serves every step: it is sourced and done with before the next is written.
		const text = command.endsWith('\n') || command === '' ? command : `${command}\n`;
		this.stepFile ??= openSync(path.join(this.dir, 'step.sh'), 'w');
		ftruncateSync(this.stepFile, 0);
		writeSync(this.stepFile, text, 0);
		const marker = randomBytes(12).toString('hex');
		const redirect = io.stderr === 'merge' ? ' 2>&1' : io.stderr === 'ignore' ? ' 2>/dev/null' : '';
		this.stdoutText = '';
		this.stderrText = '';
		return new Promise<StepRun>((resolve) => {
			const pid = this.pid ?? 0;
			this.pending = {
				marker,
				io,
				stdoutDone: false,
				stderrDone: false,
				exitCode: null,
				resolve,
				timedOut: false,
				interrupted: false,
				before: new Set(children(pid)),
				timers: [],
			};
			if (io.timeoutMs > 0 && Number.isFinite(io.timeoutMs)) {
				this.pending.timers.push(setTimeout(() => this.stopStep('timeout'), io.timeoutMs));
			}
			// The status line goes on its own line: an interrupt aborts the step's line only.
			this.write(`. "$__rb_f" </dev/null${redirect}\n${statusLine(marker)}`);
		});
	}

	/**
	 * Start a command in the background of the session (it sees the session's
	 * variables and functions); its output goes to `log`. Resolves to its pid.
	 */
	async startBackground(command: string, log: string, stderr: StderrMode): Promise<number | undefined> {
		const file = path.join(this.dir, `background-${++this.counter}.sh`);
		writeFileSync(file, `${command}\n`);
		const redirect = stderr === 'ignore' ? '2>/dev/null' : '2>&1';
		let pid = '';
		const run = await this.run(`{ . ${quote(file)}; } </dev/null >${quote(log)} ${redirect} &\nprintf '%s' "$!"`, {
			stderr: 'ignore',
			timeoutMs: 10_000,
			onOutput(_stream, text) {
				pid += text;
			},
		});
		const number = Number(pid.trim());
		if (run.exitCode !== 0 || !Number.isInteger(number) || number <= 0) return undefined;
		this.protectedPids.add(number);
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
		await this.run(lines.join('\n'), {stderr: 'ignore', timeoutMs: 10_000, onOutput() {}});
	}

	/** Interrupt the running step, as Ctrl-C would. */
	interrupt(): void {
		this.stopStep('interrupt');
	}

	/** The session's current folder, as the shell sees it. */
	async currentDirectory(): Promise<string> {
		let out = '';
		await this.run('pwd', {stderr: 'ignore', timeoutMs: 5000, onOutput: (_s, text) => (out += text)});
		return out.trim() || this.cwd;
	}

	/** End the shell and everything it started. */
	close(): void {
		for (const timer of this.pending?.timers ?? []) clearTimeout(timer);
		const pid = this.pid;
		if (pid !== undefined && this.alive) {
			this.subprocess?.stdin?.end();
			killTree(pid);
		}
		// What a dead shell left running still sits in its process group.
		if (pid !== undefined) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// Nothing left.
			}
		}
		if (this.stepFile !== undefined) closeSync(this.stepFile);
		this.stepFile = undefined;
		rmSync(this.dir, {recursive: true, force: true});
	}

	private write(line: string): void {
		this.subprocess?.stdin?.write(`${line}\n`);
	}

	private stopStep(reason: 'timeout' | 'interrupt'): void {
		const pending = this.pending;
		const pid = this.pid;
		if (!pending || pid === undefined) return;
		if (reason === 'timeout') pending.timedOut = true;
		else pending.interrupted = true;
		const stepProcesses = () => this.stepProcesses(pid, pending);
		// Like Ctrl-C: the shell aborts the step's line, the step's commands get SIGINT.
		// Not the whole process group: background steps and older jobs are in it too.
		for (const target of [pid, ...stepProcesses()]) {
			try {
				process.kill(target, 'SIGINT');
			} catch {
				// Already gone.
			}
		}
		// Some shells (dash) drop the input they had read ahead on SIGINT, the status
		// line among it: say it again. A second status line is stripped from the output.
		pending.timers.push(
			setTimeout(() => {
				if (this.pending === pending) this.write(statusLine(pending.marker));
			}, 300),
		);
		// Commands that ignore SIGINT are killed, and a step that still holds the shell
		// (a builtin loop under a trap) costs the session: the shell is restarted.
		pending.timers.push(
			setTimeout(() => {
				if (this.pending === pending) killProcesses(stepProcesses);
			}, 1000),
			setTimeout(() => {
				if (this.pending === pending) {
					killProcesses(stepProcesses);
					try {
						process.kill(pid, 'SIGKILL');
					} catch {
						// Gone.
					}
				}
			}, 3000),
		);
	}

	/** What a step started: the shell's processes but for older jobs and background steps. */
	private stepProcesses(pid: number, pending: Pending): number[] {
		const spared = new Set([...pending.before, ...[...this.protectedPids].filter((background) => isAlive(background))]);
		return descendantsSparing(pid, spared);
	}

	private onData(stream: 'stdout' | 'stderr', text: string): void {
		const pending = this.pending;
		if (!pending) return;
		if (stream === 'stdout') this.stdoutText += text;
		else this.stderrText += text;
		let buffered = stream === 'stdout' ? this.stdoutText : this.stderrText;
		for (const stale of this.finishedMarkers) buffered = buffered.replace(new RegExp(`\u001E${stale}:\\d+\u001E`, 'g'), '');
		const start = `\u001E${pending.marker}:`;
		const at = buffered.indexOf(start);
		let emit: string;
		let rest: string;
		if (at !== -1) {
			const close = buffered.indexOf('\u001E', at + start.length);
			if (close === -1) {
				emit = buffered.slice(0, at);
				rest = buffered.slice(at);
			} else {
				emit = buffered.slice(0, at);
				rest = '';
				if (stream === 'stdout') {
					pending.stdoutDone = true;
					pending.exitCode = Number(buffered.slice(at + start.length, close));
				} else {
					pending.stderrDone = true;
				}
			}
		} else {
			// Hold back what could be the start of a marker, split across reads.
			const hold = Math.max(partialSuffix(buffered, start), ...this.finishedMarkers.map((stale) => partialSuffix(buffered, `\u001E${stale}:`)));
			emit = buffered.slice(0, buffered.length - hold);
			rest = buffered.slice(buffered.length - hold);
		}
		if (stream === 'stdout') this.stdoutText = rest;
		else this.stderrText = rest;
		const visible = stream === 'stdout' || pending.io.stderr === 'separate';
		if (emit && visible) pending.io.onOutput(stream, emit);
		if (pending.stdoutDone && pending.stderrDone) this.finish({exitCode: pending.exitCode, timedOut: pending.timedOut, interrupted: pending.interrupted});
	}

	private onExit(code: number | null): void {
		if (this.exited) return;
		this.exited = {code};
		const pending = this.pending;
		if (!pending) return;
		const leftover = this.stdoutText;
		if (leftover) pending.io.onOutput('stdout', leftover);
		if (this.stderrText && pending.io.stderr === 'separate') pending.io.onOutput('stderr', this.stderrText);
		this.finish({exitCode: null, shellExit: code, timedOut: pending.timedOut, interrupted: pending.interrupted});
	}

	private finish(run: StepRun): void {
		const pending = this.pending;
		if (!pending) return;
		this.pending = undefined;
		if (pending.timedOut || pending.interrupted) this.finishedMarkers = [...this.finishedMarkers.slice(-7), pending.marker];
		for (const timer of pending.timers) clearTimeout(timer);
		// A timed-out or interrupted step leaves nothing running, not even what it put in the background.
		const pid = this.pid;
		if ((pending.timedOut || pending.interrupted) && pid !== undefined) {
			killProcesses(() => this.stepProcesses(pid, pending));
		}
		pending.resolve(run);
	}
}

/** After a step: its exit status and the end of its output, on both streams. */
function statusLine(marker: string): string {
	return `__rb_e ${marker}`;
}

function spawnShell(shell: ShellName, cwd: string, env: Readonly<Record<string, string>>) {
	return execa(shell, shellArgs[shell], {
		cwd,
		env: {...env, PS1: '', PS2: '', PROMPT: ''},
		extendEnv: false,
		stdin: 'pipe',
		stdout: 'pipe',
		stderr: 'pipe',
		buffer: false,
		reject: false,
		// Its own process group: an interrupt reaches the shell and its foreground commands only.
		detached: true,
		cleanup: true,
	});
}

/** Length of the longest suffix of `text` that is a prefix of `marker`. */
function partialSuffix(text: string, marker: string): number {
	const from = text.lastIndexOf(marker[0] ?? '\u001E');
	if (from === -1) return 0;
	const tail = text.slice(from);
	return marker.startsWith(tail) ? tail.length : 0;
}
