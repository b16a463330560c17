import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {formatDuration} from '../parse/duration.js';
import type {Runbook, Step} from '../model.js';
import {followLog} from './background.js';
import {Channel} from './channel.js';
import {stepEnvironment, whyUnrunnable} from './environment.js';
import {describeExit, evaluateStep, exitMatches} from './evaluate.js';
import type {EndReason, EngineEvent, GateDecision, Leftover, Phase, RunReport, StepRecord, StepResult} from './events.js';
import {countSteps} from './outcome.js';
import {OutputBuffer} from './output-buffer.js';
import {killTree} from './process-tree.js';
import {Session} from './session.js';

export type InteractiveRunner = (step: Step, context: {command: string; cwd: string; env: Record<string, string>}) => Promise<number | null>;

export type RunOptions = {
	/** The runbook's file: its folder is the default working directory. */
	readonly file: string;
	/** `--env K=V`: wins over the runbook's `env` and the caller's environment. */
	readonly env?: Readonly<Record<string, string>>;
	/** The caller's environment (default: `process.env`). */
	readonly callerEnv?: Readonly<Record<string, string | undefined>>;
	/** `--timeout`: the timeout of steps that set none. */
	readonly timeoutMs?: number;
	/** Stop at the first failed step (cleanup still runs). */
	readonly bail?: boolean;
	/** Asked before each step; `test` runs everything at once, `play` waits for a key. */
	readonly gate?: (step: Step) => Promise<GateDecision>;
	/**
	 * Asked when the last step is done, before the cleanup steps: `goto` goes
	 * back (the player stays open at the end); anything else ends the run.
	 */
	readonly atEnd?: () => Promise<GateDecision>;
	/** Runs an `interactive` step on the real terminal; without it they are skipped. */
	readonly interactive?: InteractiveRunner;
};

export type RunHandle = {
	readonly events: AsyncIterable<EngineEvent>;
	/** Interrupt the running step, as Ctrl-C would; the run goes on. */
	interrupt(): void;
	/** Interrupt the running step, skip the rest, run cleanup steps and end. */
	stop(): void;
	/** End at once, without cleanup steps: the shell, background steps and temporary files go. */
	kill(): void;
	/** The run's final report, the same one `run-end` carries. */
	readonly done: Promise<RunReport>;
};

const runAll = async (): Promise<GateDecision> => ({action: 'run'});

/**
 * Run a runbook: one shell session, steps in document order, cleanup steps at
 * the end in reverse order, background steps stopped. Events stream out as it goes.
 *
 * @example
 * const run = startRun(runbook, {file: 'notes.md'});
 * for await (const event of run.events) if (event.kind === 'step-end') console.log(event.result.status);
 */
export function startRun(runbook: Runbook, options: RunOptions): RunHandle {
	const channel = new Channel<EngineEvent>();
	const runner = new Runner(runbook, options, (event) => channel.push(event));
	const done = runner.run().finally(() => channel.close());
	return {events: channel, interrupt: () => runner.interrupt(), stop: () => runner.stop(), kill: () => runner.kill(), done};
}

type Background = {step: Step; pid: number};

class Runner {
	private session: Session | undefined;
	private readonly endedSessions: Session[] = [];
	private readonly results = new Map<number, StepResult>();
	private readonly records: StepRecord[] = [];
	private readonly leftovers: Leftover[] = [];
	private readonly startedAt = Date.now();
	private readonly bound = new Map<string, string>();
	private readonly backgrounds: Background[] = [];
	private stopped = false;
	private readonly workDir = mkdtempSync(path.join(tmpdir(), 'runbook-run-'));
	private readonly cwd: string;
	private readonly env: Record<string, string>;

	constructor(
		private readonly runbook: Runbook,
		private readonly options: RunOptions,
		private readonly emit: (event: EngineEvent) => void,
	) {
		this.cwd = path.resolve(path.dirname(options.file), runbook.options.cwd);
		this.env = stepEnvironment(runbook.options.env, options.callerEnv ?? process.env, options.env ?? {});
	}

	interrupt(): void {
		this.session?.interrupt();
	}

	stop(): void {
		this.stopped = true;
		this.session?.interrupt();
	}

	kill(): void {
		this.stopped = true;
		this.stopBackgrounds();
		this.session?.close();
		for (const ended of this.endedSessions.splice(0)) ended.close();
		rmSync(this.workDir, {recursive: true, force: true});
	}

	async run(): Promise<RunReport> {
		const file = this.options.file;
		this.emit({kind: 'run-start', file, runbook: this.runbook});
		const problem = this.preflight();
		if (problem) {
			this.emit({kind: 'run-error', file, ...problem});
			rmSync(this.workDir, {recursive: true, force: true});
			return this.end('could-not-run', problem);
		}
		let broke: {code: string; message: string} | undefined;
		try {
			try {
				await this.mainPass();
			} finally {
				// Cleanup steps run even when the engine itself broke.
				await this.cleanupPass();
			}
		} catch (error) {
			// The engine broke: the run still ends with a report, so that reporters write one.
			broke = {code: 'internal', message: `internal error: ${error instanceof Error ? error.message : String(error)}`};
			this.emit({kind: 'run-error', file, ...broke});
		} finally {
			this.stopBackgrounds();
			this.session?.close();
			for (const ended of this.endedSessions.splice(0)) ended.close();
			rmSync(this.workDir, {recursive: true, force: true});
		}
		if (broke) return this.end('could-not-run', broke);
		return this.end(this.stopped ? 'interrupted' : countSteps(this.runbook, this.records).failed > 0 ? 'failed' : 'passed');
	}

	private end(reason: EndReason, error?: {code: string; message: string}): RunReport {
		const report: RunReport = {
			file: this.options.file,
			reason,
			counts: countSteps(this.runbook, this.records),
			steps: [...this.records],
			...(error ? {error} : {}),
			leftovers: [...this.leftovers],
			durationMs: Date.now() - this.startedAt,
		};
		this.emit({kind: 'run-end', file: this.options.file, report});
		return report;
	}

	private preflight(): {message: string; code: string} | undefined {
		const {shell, requires} = this.runbook.options;
		const problem = whyUnrunnable(shell, requires, this.cwd, this.env.PATH);
		return problem && {code: problem.code, message: `${problem.message}; nothing was run`};
	}

	private async mainPass(): Promise<void> {
		const steps = this.runbook.steps;
		const gate = this.options.gate ?? runAll;
		let bailed = false;
		let index = 0;
		for (;;) {
			if (index >= steps.length) {
				const decision = this.stopped || bailed || !this.options.atEnd ? undefined : await this.options.atEnd();
				if (decision?.action !== 'goto') break;
				index = Math.max(0, Math.min(steps.length, decision.index));
				continue;
			}
			const step = steps[index];
			if (!step) break;
			if (step.attributes.cleanup) {
				index++;
				continue;
			}
			if (this.stopped || bailed) {
				if (this.results.has(step.index)) {
					index++;
					continue;
				}
				const why = bailed ? 'an earlier step failed (--bail)' : 'the run was stopped';
				this.skip(step, `not run: ${why}`);
				index++;
				continue;
			}
			if (step.attributes.skip !== undefined) {
				this.skip(step, step.attributes.skip || 'marked skip');
				index++;
				continue;
			}
			const decision = await gate(step);
			if (decision.action === 'goto') {
				index = Math.max(0, Math.min(steps.length, decision.index));
				continue;
			}
			if (decision.action === 'stop') {
				this.stopped = true;
				continue;
			}
			if (decision.action === 'skip') {
				this.skip(step, decision.reason ?? 'skipped');
				index++;
				continue;
			}
			const current = decision.step ?? step;
			const result = await this.execute(current, decision.command ?? current.command, 'main');
			if (result.status === 'failed' && this.options.bail) bailed = true;
			index++;
		}
	}

	private async cleanupPass(): Promise<void> {
		const cleanups = this.runbook.steps.filter((step) => step.attributes.cleanup).reverse();
		for (const step of cleanups) {
			if (step.attributes.skip !== undefined) {
				this.skip(step, step.attributes.skip || 'marked skip', 'cleanup');
				continue;
			}
			await this.execute(step, step.command, 'cleanup');
		}
	}

	private skip(step: Step, message: string, phase: Phase = 'main'): void {
		const result: StepResult = {
			status: 'skipped',
			exitCode: null,
			durationMs: 0,
			output: '',
			message,
			captures: {},
			attempts: 0,
			timedOut: false,
			interrupted: false,
			cut: false,
		};
		this.record(step, phase, result);
	}

	private record(step: Step, phase: Phase, result: StepResult): void {
		this.results.set(step.index, result);
		this.records.push({step, phase, result});
		this.emit({kind: 'step-end', step, phase, result});
	}

	private async ensureSession(): Promise<Session> {
		if (this.session?.alive) return this.session;
		const previous = this.session;
		// A session that ended is closed with the run: background steps it started may still serve.
		if (previous) {
			this.endedSessions.push(previous);
			this.emit({kind: 'session-restart', reason: 'the shell session ended; a new one starts'});
		}
		const session = new Session(this.runbook.options.shell, this.cwd, this.env);
		this.session = session;
		await session.start();
		// Values captured so far belong to every later step, in any session.
		await session.setVariables(this.bound);
		return session;
	}

	private timeoutOf(step: Step): number {
		return step.attributes.timeoutMs ?? this.options.timeoutMs ?? this.runbook.options.timeoutMs;
	}

	private async execute(step: Step, command: string, phase: Phase): Promise<StepResult> {
		let result: StepResult;
		if (step.attributes.interactive) result = await this.executeInteractive(step, command, phase);
		else if (step.attributes.background) result = await this.executeBackground(step, command, phase);
		else result = await this.executeWithRetry(step, command, phase);
		// Captures reach later steps, also those of the lines that matched in a failed step.
		const captured = new Map(Object.entries(result.captures));
		for (const [name, value] of captured) this.bound.set(name, value);
		if (captured.size > 0 && this.session?.alive) await this.session.setVariables(captured);
		this.record(step, phase, result);
		return result;
	}

	private async executeWithRetry(step: Step, command: string, phase: Phase): Promise<StepResult> {
		const started = Date.now();
		const retryMs = step.attributes.retryMs;
		for (let attempt = 1; ; attempt++) {
			const result = await this.attempt(step, command, phase, attempt);
			const elapsed = Date.now() - started;
			const retryable = !result.interrupted && !this.stopped;
			if (result.status === 'passed' || retryMs === undefined || !retryable || elapsed + step.attributes.everyMs > retryMs) {
				if (result.status === 'failed' && retryMs !== undefined && attempt > 1) {
					return {...result, durationMs: elapsed, message: `${result.message ?? 'failed'} (after ${attempt} attempts in ${formatDuration(elapsed)})`};
				}
				return {...result, durationMs: elapsed};
			}
			this.emit({kind: 'step-retry', step, attempt, reason: result.message ?? 'failed', waitMs: step.attributes.everyMs});
			await this.sleep(step.attributes.everyMs);
			if (this.stopped) return result;
		}
	}

	private async attempt(step: Step, command: string, phase: Phase, attempt: number): Promise<StepResult> {
		const session = await this.ensureSession();
		this.emit({kind: 'step-start', step, attempt, phase, command});
		const output = new OutputBuffer();
		const stderr = step.attributes.stderr === 'separate' ? new OutputBuffer() : undefined;
		const timeoutMs = this.timeoutOf(step);
		const attemptStart = Date.now();
		const run = await session.run(command, {
			stderr: step.attributes.stderr,
			timeoutMs,
			onOutput: (stream, text) => {
				(stream === 'stderr' && stderr ? stderr : output).append(text);
				this.emit({kind: 'output', step, stream, text});
			},
		});
		const observed = {
			run,
			output: output.text(),
			...(stderr ? {stderr: stderr.text()} : {}),
			cut: output.cut || (stderr?.cut ?? false),
			durationMs: Date.now() - attemptStart,
			attempts: attempt,
			timeoutMs,
		};
		return evaluateStep(step, observed, this.bound);
	}

	private async executeBackground(step: Step, command: string, phase: Phase): Promise<StepResult> {
		const session = await this.ensureSession();
		const started = Date.now();
		this.emit({kind: 'step-start', step, attempt: 1, phase, command});
		const log = path.join(this.workDir, `background-${step.index}.log`);
		const pid = await session.startBackground(command, log, step.attributes.stderr);
		const base = {exitCode: null, output: '', captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false};
		if (pid === undefined) return {...base, status: 'failed', durationMs: Date.now() - started, message: 'the background step could not be started'};
		this.backgrounds.push({step, pid});
		const ready = step.attributes.ready === undefined ? undefined : new RegExp(step.attributes.ready, 'm');
		const timeoutMs = this.timeoutOf(step);
		const followed = await followLog({
			log,
			pid,
			ready,
			timeoutMs,
			onText: (text) => this.emit({kind: 'output', step, stream: 'stdout', text}),
			stopped: () => this.stopped,
		});
		const durationMs = Date.now() - started;
		const output = followed.text;
		switch (followed.outcome) {
			case 'ready':
				return {...base, output, status: 'passed', durationMs};
			case 'exited':
				return {...base, output, status: 'failed', durationMs, message: `the background step ended before its output matched ready=/${step.attributes.ready}/`};
			case 'timeout':
				return {...base, output, status: 'failed', durationMs, timedOut: true, message: `timed out after ${formatDuration(timeoutMs)} waiting for ready=/${step.attributes.ready}/`};
			case 'stopped':
				return {...base, output, status: 'failed', durationMs, interrupted: true, message: 'interrupted'};
		}
	}

	private async executeInteractive(step: Step, command: string, phase: Phase): Promise<StepResult> {
		const runInteractive = this.options.interactive;
		const base = {output: '', captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false};
		if (!runInteractive) {
			return {...base, status: 'skipped', exitCode: null, durationMs: 0, message: 'needs a terminal (interactive): run it with `runbook play`'};
		}
		const session = await this.ensureSession();
		const cwd = await session.currentDirectory();
		this.emit({kind: 'step-start', step, attempt: 1, phase, command});
		const started = Date.now();
		const exitCode = await runInteractive(step, {command, cwd, env: this.env});
		const durationMs = Date.now() - started;
		const exit = step.attributes.exit;
		if (exitMatches(exit, exitCode)) return {...base, status: 'passed', exitCode, durationMs};
		return {...base, status: 'failed', exitCode, durationMs, message: `exit status ${exitCode ?? 'unknown'}, expected ${describeExit(exit)}`};
	}

	private stopBackgrounds(): void {
		for (const background of this.backgrounds.splice(0)) {
			killTree(background.pid);
			this.emit({kind: 'background-stop', step: background.step});
		}
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const started = Date.now();
			const tick = () => {
				if (this.stopped || Date.now() - started >= ms) resolve();
				else setTimeout(tick, Math.min(50, ms));
			};
			tick();
		});
	}

}
