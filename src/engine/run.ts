import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {isUserError} from '../errors.js';
import {hostOf, localHost, type Runbook, type Step} from '../model.js';
import {Channel} from './channel.js';
import {stepEnvironment, whyUnrunnable} from './environment.js';
import {SecretMasker, secretTexts} from './secrets.js';
import type {EndReason, EngineEvent, Leftover, Phase, RunReport, StepRecord, StepResult} from './events.js';
import {allOfRun, stopBackgrounds, stopLeftovers, type RunScope, type StepWindow} from './end-of-run.js';
import {buildReport, countSteps} from './outcome.js';
import {HostSessions} from './host-sessions.js';
import {runHosts} from './remote/hosts.js';
import {runCookie} from './shells.js';
import type {Background} from './steps/background.js';
import type {StepContext} from './steps/context.js';
import {dispatchStep} from './steps/dispatch.js';
import type {RunHandle, RunOptions} from './run-types.js';
import {defaultGraceMs, killNow} from './terminate.js';
import {startWatchdog, type Watchdog} from './watchdog.js';
import {Batches} from './pipeline.js';
import {skipReason} from './selection.js';
import {cleanupPass, mainPass, type PassHost} from './passes.js';

export type {InteractiveRunner} from './steps/interactive.js';

export type {RunHandle, RunOptions} from './run-types.js';

/**
 * Run a runbook: one shell session, steps in document order, cleanup steps at
 * the end in reverse order, background steps stopped, leftovers named and
 * stopped. Events stream out as it goes; `run-end` carries the report.
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

class Runner {
	private readonly sessions: HostSessions;
	private readonly results = new Map<number, StepResult>();
	private readonly records: StepRecord[] = [];
	private readonly backgrounds: Background[] = [];
	private readonly bound = new Map<string, string>();
	private readonly startedAt = Date.now();
	private readonly runId = randomBytes(12).toString('hex');
	private readonly stopping = new AbortController();
	private readonly watchdog: Watchdog;
	private readonly cwd: string;
	private readonly env: Record<string, string>;
	private readonly secrets: SecretMasker;
	/** A step is under way (from its gate's answer to its result). */
	private inStep = false;
	private phase: Phase = 'main';
	/** Aborted by Ctrl-C during the step under way, for waits outside the shell. */
	private stepInterrupt: AbortController | undefined;
	/** Aborted by kill(): cleanup steps stop too. */
	private readonly killing = new AbortController();
	/** Aborted at the run's end: background steps' logs stop being followed. */
	private readonly logs = new AbortController();
	private readonly windows: StepWindow[] = [];
	/** Ctrl-C came while the step got its shell: it is interrupted at its start. */
	private interruptNext = false;
	private killed = false;
	private readonly batches: Batches;

	constructor(
		private readonly runbook: Runbook,
		private readonly options: RunOptions,
		private readonly emit: (event: EngineEvent) => void,
	) {
		this.cwd = path.resolve(path.dirname(options.file), runbook.options.cwd);
		this.env = {...stepEnvironment(runbook.options.env, options.callerEnv ?? process.env, options.env ?? {}), [runCookie]: this.runId};
		this.secrets = new SecretMasker(secretTexts(this.env, [...runbook.options.secrets, ...(options.secrets ?? [])]));
		this.watchdog = startWatchdog(this.runId);
		const {pipeline, gate, atEnd, bail} = options;
		const settings = (step: Step) => ({timeoutMs: this.timeoutOf(step), graceMs: this.graceOf(step), cookie: this.cookieOf(step)});
		this.batches = new Batches(runbook, pipeline === true && !gate && !atEnd && !bail, options.tags, settings);
		const {shell, shellProgram} = runbook.options;
		// A remote host gets the runbook's variables, not the caller's environment.
		const remoteEnv = stepEnvironment(runbook.options.env, {}, options.env ?? {});
		const hosts = runHosts(runbook, options);
		const sessionsOptions = {shell, program: shellProgram ?? shell, cwd: this.cwd, env: this.env, remoteEnv, stepsDir: this.watchdog.stepsDir, runDir: this.watchdog.dir, runId: this.runId, hosts};
		this.sessions = new HostSessions(sessionsOptions, (host) =>
			this.emit({kind: 'session-restart', reason: `the shell session${host === localHost ? '' : ` on ${host}`} ended; a new one starts`}),
		);
	}

	interrupt(): void {
		// Between steps there is nothing to interrupt, as at an idle prompt; while a step gets its shell, it is kept for the step.
		if (this.sessions.interrupt() || !this.inStep) return;
		this.interruptNext = true;
		// A background step waiting for its ready line stops waiting.
		this.stepInterrupt?.abort();
	}

	stop(): void {
		this.stopping.abort();
		// A cleanup step that runs is let finish: only kill() or a Ctrl-C of its own stops it.
		if (this.phase === 'main') this.sessions.interrupt();
	}

	kill(): void {
		this.killed = true;
		this.stopping.abort();
		this.killing.abort();
		// SIGKILL now to all the run started (but `detach` steps' processes); the run's end still writes its report.
		killNow(allOfRun(this.scope()));
		void this.sessions.close(0);
	}

	async run(): Promise<RunReport> {
		const file = this.options.file;
		this.emit({kind: 'run-start', file, runbook: this.runbook});
		const problem = this.preflight() ?? (await this.connect());
		if (problem) {
			this.emit({kind: 'run-error', file, ...problem});
			this.watchdog.release();
			return this.end('could-not-run', [], problem);
		}
		let broke: {code: string; message: string} | undefined;
		let leftovers: Leftover[] = [];
		try {
			try {
				await mainPass(this.passHost());
			} finally {
				// Cleanup steps run even when the engine itself broke; after kill() they are named as not run.
				this.phase = 'cleanup';
				await cleanupPass(this.passHost(), () => this.killed);
			}
		} catch (error) {
			// The engine or the shell broke: the run still ends with a report, so that reporters write one.
			broke = isUserError(error) ? {code: error.code, message: error.message} : {code: 'internal', message: `internal error: ${error instanceof Error ? error.message : String(error)}`};
			this.emit({kind: 'run-error', file, ...broke});
		} finally {
			leftovers = await this.finish();
		}
		if (broke) return this.end('could-not-run', leftovers, broke);
		return this.end(this.stopping.signal.aborted ? 'interrupted' : countSteps(this.runbook, this.records).failed > 0 ? 'failed' : 'passed', leftovers);
	}

	/** Background steps, then the shells, then leftovers; then the temporary folder. */
	private async finish(): Promise<Leftover[]> {
		const grace = this.killed ? 0 : (this.runbook.options.graceMs ?? defaultGraceMs);
		const scope = this.scope();
		await stopBackgrounds(this.backgrounds.splice(0), scope, this.killed, (step) => this.emit({kind: 'background-stop', step}));
		this.logs.abort();
		// A shell at its prompt ends with its input: what is left is the steps' doing.
		await this.sessions.close(grace);
		const leftovers = await stopLeftovers(scope, grace, (leftover) => this.emit({kind: 'leftover', leftover}));
		const stepOf = (cookie: string) => {
			const step = this.runbook.steps.find((candidate) => this.cookieOf(candidate) === cookie);
			return step && {name: step.name, host: hostOf(step)};
		};
		for (const remote of await Promise.all(this.sessions.remoteHosts().map((host) => host.finish(this.runId, grace, stepOf)))) {
			for (const leftover of remote) this.emit({kind: 'leftover', leftover});
			leftovers.push(...remote);
		}
		await Promise.all(this.sessions.remoteHosts().map((host) => host.release()));
		this.watchdog.release();
		return leftovers;
	}

	/** What the end of the run needs to know of it. */
	private scope(): RunScope {
		return {
			runId: this.runId,
			steps: this.runbook.steps,
			windows: this.windows,
			shells: this.sessions.pids(),
			cookieOf: (step) => this.cookieOf(step),
			graceOf: (step) => this.graceOf(step),
		};
	}

	private end(reason: EndReason, leftovers: readonly Leftover[], error?: {code: string; message: string}): RunReport {
		const report = buildReport(this.runbook, this.options.file, reason, this.records, error, Date.now() - this.startedAt, leftovers);
		this.emit({kind: 'run-end', file: this.options.file, report});
		return report;
	}

	private preflight(): {message: string; code: string} | undefined {
		const {shell, shellProgram, requires} = this.runbook.options;
		const problem = whyUnrunnable(shellProgram ?? shell, requires, this.cwd, this.env.PATH);
		return problem && {code: problem.code, message: `${problem.message}; nothing was run`};
	}

	/**
	 * Connect to every remote host a step of the run may use (those the
	 * selection skips aside), at once: one that cannot be reached ends the run
	 * before any step (`could-not-run`, `host-unreachable`), with ssh's reason.
	 */
	private async connect(): Promise<{message: string; code: string} | undefined> {
		const names = new Set(this.runbook.steps.filter((step) => skipReason(step, this.runbook, this.options.tags) === undefined).map((step) => hostOf(step)));
		const hosts = [];
		for (const name of names) {
			try {
				const remote = this.sessions.remote(name);
				if (remote) hosts.push(remote);
			} catch (error) {
				if (isUserError(error)) return {code: error.code, message: `${error.message}; nothing was run`};
				throw error;
			}
		}
		const reasons = await Promise.all(hosts.map((host) => host.check()));
		const reason = reasons.find((found) => found !== undefined);
		if (reason === undefined) return undefined;
		// The hosts that were reached are let go now: no step will use them.
		await Promise.all(hosts.filter((_host, at) => reasons[at] === undefined).map((host) => host.release()));
		return {code: 'host-unreachable', message: reason};
	}

	/** What the passes need of the run. */
	private passHost(): PassHost {
		return {
			runbook: this.runbook,
			options: this.options,
			stopping: this.stopping,
			hasResult: (step) => this.results.has(step.index),
			record: (step, phase, result) => this.record(step, phase, result),
			execute: (step, command, phase, begun) => this.execute(step, command, phase, begun),
			began: (step) => this.sessions.of(hostOf(step)).began(this.cookieOf(step)),
		};
	}

	private record(step: Step, phase: Phase, result: StepResult): void {
		this.results.set(step.index, result);
		this.records.push({step, phase, result});
		this.emit({kind: 'step-end', step, phase, result});
	}

	private context(step: Step, phase: Phase, begun: boolean): StepContext {
		const sessions = this.sessions.of(hostOf(step));
		// Cleanup steps run after a stop: only kill() stops them.
		const stopped = phase === 'cleanup' ? this.killing.signal : this.stopping.signal;
		this.stepInterrupt = new AbortController();
		const interrupted = this.stepInterrupt.signal;
		return {
			// A step the shell began ahead of its turn is claimed where it ran, even if that shell has ended since.
			session: async () => (begun && sessions.latest) || sessions.get(this.bound),
			emit: this.emit,
			bound: this.bound,
			workDir: this.watchdog.dir,
			env: this.env,
			secrets: this.secrets,
			timeoutOf: (step) => this.timeoutOf(step),
			graceOf: (step) => this.graceOf(step),
			cookieOf: (step) => this.cookieOf(step),
			takeInterrupt: () => {
				const interrupted = this.interruptNext;
				this.interruptNext = false;
				return interrupted;
			},
			stopped,
			interrupted,
			logsFollowed: this.logs.signal,
			phase,
			// Nothing is written ahead once the run is stopped: no step may begin after a stop.
			ahead: (step) => (phase === 'main' && !this.stopping.signal.aborted ? this.batches.ahead(step, sessions.current?.holdsAhead ?? false) : []),
			...(begun ? {begun} : {}),
		};
	}

	private timeoutOf(step: Step): number {
		return step.attributes.timeoutMs ?? this.options.timeoutMs ?? this.runbook.options.timeoutMs;
	}

	private graceOf(step: Step): number {
		return step.attributes.graceMs ?? this.runbook.options.graceMs ?? defaultGraceMs;
	}

	private cookieOf(step: Step): string {
		return `${this.runId}/${step.index}`;
	}

	private async execute(step: Step, command: string, phase: Phase, begun = false): Promise<StepResult> {
		const context = this.context(step, phase, begun);
		let result: StepResult;
		this.inStep = true;
		const fromMs = Date.now();
		try {
			const started = (background: Background) => this.backgrounds.push(background);
			const remote = hostOf(step) !== localHost && this.sessions.remote(hostOf(step)) !== undefined;
			result = await dispatchStep(step, command, context, {startDir: this.cwd, shell: this.runbook.options.shell, interactive: this.options.interactive, started, remote});
		} finally {
			this.inStep = false;
			this.interruptNext = false;
			this.windows.push({step, fromMs, toMs: Date.now()});
		}
		// Captures reach later steps, also those of the lines that matched in a failed step.
		const captured = new Map(Object.entries(result.captures));
		for (const [name, value] of captured) this.bound.set(name, value);
		// On every host: a value captured on one is data for later steps on all.
		if (captured.size > 0) await Promise.all(this.sessions.live().map((session) => session.setVariables(captured)));
		this.record(step, phase, result);
		return result;
	}
}
