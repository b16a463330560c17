import path from 'node:path';
import type {EngineEvent, GateDecision} from '../engine/events.js';
import type {RunHandle} from '../engine/run.js';
import type {Runbook, Step} from '../model.js';
import type {Store} from './App.js';
import {exitCode, reduce, type Action, type Effect, type PlayState} from './state.js';
import {fileEffect} from './accept.js';
import {runEnv} from './state/env.js';
import {editCommand, runOnTerminal, type TerminalHost} from './terminal.js';

export type ControllerOptions = {
	readonly file: string;
	readonly runbook: Runbook;
	readonly timeoutMs?: number | undefined;
	/** `--env`, to tell what the runbook set from what the engine defaulted. */
	readonly env: Readonly<Record<string, string>>;
	/** `--secret NAME`: variables whose values the engine masks. */
	readonly secrets?: readonly string[];
	/** `--host` over `RUNBOOK_HOSTS`, and `--ssh-config` (absolute): handed to the engine as they are. */
	readonly hosts?: Readonly<Record<string, string>> | undefined;
	readonly sshConfig?: string | undefined;
	readonly host: TerminalHost;
};

// At most 20 frames a second, however fast a step prints.
const frameMs = 50;

/**
 * The store the UI reads, and the one place effects happen: it starts the
 * engine (loaded after the first frame), answers its gate, batches output
 * events, writes accepted output and hands the terminal to editors and
 * `interactive` steps.
 */
export class PlayController implements Store {
	private readonly listeners = new Set<() => void>();
	private run: RunHandle | undefined;
	/** The engine was started (once per player): its events are read until it ends. */
	private consumed: Promise<void> | undefined;
	private stopRequested = false;
	/** SIGTERM or SIGHUP stopped the player: the exit code is the signal's. */
	private signalled: NodeJS.Signals | undefined;
	private waiting: {readonly position: number; readonly resolve: (decision: GateDecision) => void} | undefined;
	private pending: {step: Step; text: string} | undefined;
	private flushTimer: NodeJS.Timeout | undefined;
	private notifyTimer: NodeJS.Timeout | undefined;
	private lastNotify = 0;
	private finish: (code: number) => void = () => {};
	private fail: (error: Error) => void = () => {};
	/** The exit code, once the run ended and the state says so; rejects if the player itself broke. */
	readonly finished = new Promise<number>((resolve, reject) => {
		this.finish = resolve;
		this.fail = reject;
	});

	constructor(
		private state: PlayState,
		private readonly options: ControllerOptions,
	) {
	}

	subscribe = (listener: () => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getState = () => this.state;

	dispatch = (action: Action) => {
		const [next, effects] = reduce(this.state, action);
		this.state = next;
		this.notify();
		for (const effect of effects) this.apply(effect);
	};

	/** A signal asks the player to leave: quit without asking; the exit status says which signal. */
	signal(name: NodeJS.Signals): void {
		this.signalled = name;
		this.dispatch({type: 'signal'});
	}

	/** The player cannot go on (it threw while drawing): stop the run and give up. */
	crash(error: Error): void {
		this.stopRequested = true;
		this.run?.stop();
		this.fail(error);
	}

	/** Carry out the effects of the first state, once the first frame is on screen. */
	begin(effects: readonly Effect[]): void {
		setImmediate(() => effects.forEach((effect) => this.apply(effect)));
	}

	private notify(): void {
		if (this.notifyTimer) return;
		const wait = frameMs - (Date.now() - this.lastNotify);
		if (wait <= 0) this.emit();
		else this.notifyTimer = setTimeout(() => this.emit(), wait);
	}

	private emit(): void {
		this.notifyTimer = undefined;
		this.lastNotify = Date.now();
		for (const listener of this.listeners) listener();
	}

	private apply(effect: Effect): void {
		switch (effect.kind) {
			case 'start':
				this.consumed ??= this.start(effect.env);
				return;
			case 'preflight':
				void this.preflight();
				return;
			case 'gate':
				if (this.waiting?.position === effect.position) {
					const {resolve} = this.waiting;
					this.waiting = undefined;
					// The step as it stands now: after `a`, its expected output is the new one.
					const step = this.state.steps[effect.position];
					resolve(effect.decision.action === 'run' && step ? {...effect.decision, step} : effect.decision);
				}
				return;
			case 'interrupt':
				this.run?.interrupt();
				return;
			case 'stop': {
				this.stopRequested = true;
				// Only a running step (or a signal) needs the engine stopped at once; otherwise its next question is answered
				// 'stop': a step's interrupts the run, the end page's (every step was offered) is its normal end.
				if (this.state.running !== undefined || this.signalled !== undefined) this.run?.stop();
				if (this.waiting) this.apply({kind: 'gate', position: this.waiting.position, decision: {action: 'stop'}});
				return;
			}
			case 'edit':
				void this.edit(effect.position, effect.command);
				return;
			case 'accept':
			case 'write-accept':
			case 'undo':
				void fileEffect(this.state, effect).then((action) => this.dispatch(action));
				return;
			case 'exit':
				void this.exit();
				return;
		}
	}

	/** Leave once the engine's report is in (it carries the exit code): the engine may still be ending. */
	private async exit(): Promise<void> {
		// A failed start has said so in the state already ('crashed').
		await this.consumed?.catch(() => {});
		this.flush();
		clearTimeout(this.notifyTimer);
		this.emit();
		this.finish(exitCode(this.state, this.signalled));
	}

	private async start(env: Readonly<Record<string, string>>): Promise<void> {
		const {startRun} = await import('../engine/run.js');
		const {file, runbook, timeoutMs} = this.options;
		const run = startRun(
			{...runbook, steps: this.state.steps},
			{
				file,
				env,
				secrets: this.options.secrets ?? [],
				...(this.options.hosts ? {hosts: this.options.hosts} : {}),
				...(this.options.sshConfig === undefined ? {} : {sshConfig: this.options.sshConfig}),
				...(timeoutMs === undefined ? {} : {timeoutMs}),
				gate: (step) => this.gate(step),
				// At the end the player stays open: the person may go back and run steps again.
				atEnd: () => this.gate(undefined),
				interactive: (step, context) => this.interactive(step, context),
			},
		);
		this.run = run;
		if (this.stopRequested) run.stop();
		run.done.catch((error: unknown) => this.dispatch({type: 'crashed', message: `the run stopped on an internal error: ${(error as Error).message}`}));
		for await (const event of run.events) this.onEvent(event);
		this.flush();
	}

	/**
	 * What the engine checks before it runs anything, checked as soon as the
	 * player shows (the engine starts only with the first step run); then the
	 * engine is loaded, so that the first step starts at once.
	 */
	private async preflight(): Promise<void> {
		const {stepEnvironment, whyUnrunnable} = await import('../engine/environment.js');
		const {file, runbook} = this.options;
		const env = stepEnvironment(runbook.options.env, process.env, this.options.env);
		const cwd = path.resolve(path.dirname(file), runbook.options.cwd);
		const problem = whyUnrunnable(runbook.options.shell, runbook.options.requires, cwd, env.PATH);
		if (problem) {
			this.dispatch({type: 'unrunnable', message: `${problem.message}; nothing can run`});
			// The engine finds the same and ends with its report, which the summary and the exit code come from; it runs nothing.
			this.consumed ??= this.start(runEnv(this.state.env));
			return;
		}
		setTimeout(() => void import('../engine/run.js'), 100);
	}

	/** Ask the person about a step, or (`undefined`) about the end page. */
	private gate(step: Step | undefined): Promise<GateDecision> {
		return new Promise((resolve) => {
			// Let the events emitted before this question reach the state first.
			setImmediate(() => {
				this.flush();
				const position = step === undefined ? -1 : this.state.steps.findIndex((candidate) => candidate.index === step.index);
				const at = position === -1 ? this.state.steps.length : position;
				this.waiting = {position: at, resolve};
				if (this.stopRequested) this.apply({kind: 'gate', position: at, decision: {action: 'stop'}});
				else this.dispatch({type: 'gate', position: at});
			});
		});
	}

	/** Output events are batched and reach the state at most once a frame. */
	private onEvent(event: EngineEvent): void {
		if (event.kind === 'output') {
			if (this.pending && this.pending.step.index !== event.step.index) this.flush();
			if (this.pending) this.pending.text += event.text;
			else this.pending = {step: event.step, text: event.text};
			this.flushTimer ??= setTimeout(() => this.flush(), frameMs);
			return;
		}
		this.flush();
		this.dispatch({type: 'event', event, at: Date.now()});
	}

	private flush(): void {
		clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		const pending = this.pending;
		if (!pending) return;
		this.pending = undefined;
		this.dispatch({type: 'event', event: {kind: 'output', step: pending.step, stream: 'stdout', text: pending.text}, at: Date.now()});
	}

	private async edit(position: number, command: string): Promise<void> {
		const step = this.state.steps[position];
		const edited = await editCommand(command, step?.name ?? 'step', this.options.host);
		this.dispatch({type: 'edited', position, ...edited});
	}

	private async interactive(step: Step, context: {command: string; cwd: string; env: Record<string, string>}): Promise<number | null> {
		this.flush();
		await this.options.host.suspend(`runbook: ${step.name} has the terminal; the player comes back when it ends`);
		try {
			return await runOnTerminal(this.options.runbook.options.shell, ['-c', context.command], {cwd: context.cwd, env: this.terminalEnv(context.env)});
		} finally {
			this.options.host.resume();
		}
	}

	/** An interactive step talks to the real terminal: give it the terminal's TERM, and colours, unless the runbook chose. */
	private terminalEnv(env: Record<string, string>): NodeJS.ProcessEnv {
		const chosen = {...this.options.runbook.options.env, ...this.options.env};
		const result: NodeJS.ProcessEnv = {...env};
		if (!('TERM' in chosen)) result.TERM = process.env.TERM ?? 'xterm-256color';
		if (!('NO_COLOR' in chosen) && process.env.NO_COLOR === undefined) delete result.NO_COLOR;
		return result;
	}
}
