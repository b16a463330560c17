import type {MatchResult} from '../match/match.js';
import type {Runbook, Step, StepStatus} from '../model.js';

export type StepResult = {
	readonly status: StepStatus;
	/** The step's exit status; null when it did not run or was killed before it ended. */
	readonly exitCode: number | null;
	readonly durationMs: number;
	/** Output as kept (stdout and stderr merged unless `stderr=separate`). */
	readonly output: string;
	/** With `stderr=separate`: what went to stderr. */
	readonly stderr?: string;
	/** Why it failed or was skipped, in a sentence. */
	readonly message?: string;
	/** The comparison with the expected output, when the step has one and ran. */
	readonly match?: MatchResult;
	readonly captures: Readonly<Record<string, string>>;
	readonly attempts: number;
	readonly timedOut: boolean;
	readonly interrupted: boolean;
	/** True when the output was too large and its middle was dropped. */
	readonly cut: boolean;
};

export type Phase = 'main' | 'cleanup';

export type Summary = {readonly passed: number; readonly failed: number; readonly skipped: number};

/**
 * How a run ended. `passed`: every step that ran passed; `failed`: a step
 * failed; `could-not-run`: nothing ran (missing shell, `requires:` command,
 * working folder, or the engine itself broke); `interrupted`: stopped from
 * outside (Ctrl-C, SIGTERM, `q` in the player) before its steps were done;
 * `not-run`: `runbook test --bail` started no more runbooks after one failed.
 */
export type EndReason = 'passed' | 'failed' | 'could-not-run' | 'interrupted' | 'not-run';

/** One step's final result, in the order the steps ended. */
export type StepRecord = {readonly step: Step; readonly phase: Phase; readonly result: StepResult};

/**
 * A process the run started that was still alive when the run ended: it was
 * stopped (SIGTERM, then SIGKILL after the grace period) and is named so that
 * the author adds the cleanup step that was forgotten.
 */
export type Leftover = {
	readonly pid: number;
	/** Its command line, as `/proc/PID/cmdline` gives it, arguments joined by spaces. */
	readonly command: string;
	/** The name of the step that started it, when known. */
	readonly step?: string;
	/** The name of the host it ran on (a key of `hosts:`); absent: `local` (this machine). */
	readonly host?: string;
};

/**
 * The run's final report: the engine's one truth about it, sent in `run-end`.
 * Front ends draw it; they do not recount.
 */
export type RunReport = {
	readonly file: string;
	readonly reason: EndReason;
	/** Every step of the runbook: those that did not run count as skipped. */
	readonly counts: Summary;
	readonly steps: readonly StepRecord[];
	/** Why nothing could run (`could-not-run`). */
	readonly error?: {readonly code: string; readonly message: string};
	readonly leftovers: readonly Leftover[];
	readonly durationMs: number;
};

/** Everything the engine tells its front ends, one discriminated union keyed by `kind`. */
export type EngineEvent =
	| {readonly kind: 'run-start'; readonly file: string; readonly runbook: Runbook}
	| {readonly kind: 'run-error'; readonly file: string; readonly message: string; readonly code: string}
	| {readonly kind: 'step-start'; readonly step: Step; readonly attempt: number; readonly phase: Phase; readonly command: string}
	| {readonly kind: 'output'; readonly step: Step; readonly stream: 'stdout' | 'stderr'; readonly text: string}
	| {readonly kind: 'step-retry'; readonly step: Step; readonly attempt: number; readonly reason: string; readonly waitMs: number}
	| {readonly kind: 'step-end'; readonly step: Step; readonly phase: Phase; readonly result: StepResult}
	| {readonly kind: 'session-restart'; readonly reason: string}
	| {readonly kind: 'background-stop'; readonly step: Step}
	| {readonly kind: 'leftover'; readonly leftover: Leftover}
	| {readonly kind: 'run-end'; readonly file: string; readonly report: RunReport};

export type EventKind = EngineEvent['kind'];

/** One handler per event kind: a front end that forgets a new kind does not compile. */
export type EventHandlers<R = void> = {
	readonly [K in EventKind]: (event: Extract<EngineEvent, {kind: K}>) => R;
};

export function dispatch<R>(event: EngineEvent, handlers: EventHandlers<R>): R {
	const handler = handlers[event.kind] as (event: EngineEvent) => R;
	return handler(event);
}

/** What a front end answers when the engine asks whether to run a step. */
export type GateDecision =
	/** `command`: an edited command, for this run only; `step`: the step as it stands now (after its expected output was rewritten). */
	| {readonly action: 'run'; readonly command?: string; readonly step?: Step}
	| {readonly action: 'skip'; readonly reason?: string}
	| {readonly action: 'goto'; readonly index: number}
	| {readonly action: 'stop'};
