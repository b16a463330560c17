import type {RootContent} from 'mdast';
import type {EngineEvent, GateDecision, Phase, RunReport, StepResult} from '../../engine/events.js';
import type {ExitExpectation, Section, Step} from '../../model.js';
import type {OutputTail} from '../output-tail.js';

/** What the outline shows for a step. */
export type StepState = 'pending' | 'running' | 'passed' | 'failed' | 'skipped' | 'accepted';

/** A line of the file around what `a` changes: `line` is its number in the file before (removed, same) or after (added). */
export type FileLine = {readonly kind: 'removed' | 'added' | 'same'; readonly line: number; readonly text: string};

/** Where `a` wrote a step's actual output. */
export type Accepted = {
	readonly fromLine: number;
	readonly toLine: number;
	/** A new `output` block (the step had none). */
	readonly added: boolean;
	/** The exit status was as expected: with the new output the step passes. */
	readonly exitOk: boolean;
	/** The lines of the file that change, with a line of context on each side. */
	readonly changes: readonly FileLine[];
};

/** Why `a` asks before it writes: the person says yes first. */
export type AcceptRisk = {
	/** The step's exit status was not the expected one. */
	readonly exit?: {readonly actual: number | null; readonly expected: ExitExpectation};
	/** The patterns of the expected output that the write would lose, as written (`{{id:hex64}}`, `[..]`, `...`). */
	readonly lost: readonly string[];
};

/** What `a` would write, computed before anything is written. */
export type AcceptPlan = {
	readonly position: number;
	readonly file: string;
	/** The file's text as read (a byte-order mark included): the write refuses if the file changed since. */
	readonly before: string;
	/** The file's text once written. */
	readonly after: string;
	readonly risk: AcceptRisk;
	readonly accepted: Accepted;
};

/** An accept that `u` undoes: the file goes back to `before` if it still holds `after`. */
export type UndoEntry = {
	readonly position: number;
	readonly file: string;
	readonly before: string;
	readonly after: string;
	/** The step's view before the accept, shown again once it is undone. */
	readonly view: StepView;
	readonly accepted: Accepted;
};

export type StepView = {
	readonly state: StepState;
	readonly phase: Phase;
	readonly output: OutputTail;
	readonly attempt: number;
	/** The command as last run (an `e` edit differs from the step's). */
	readonly command?: string;
	readonly startedAt?: number;
	readonly result?: StepResult;
	readonly retry?: {readonly attempt: number; readonly reason: string; readonly waitMs: number};
	readonly accepted?: Accepted;
};

/** What the person asked for; sent to the engine at its next gate. */
export type Intent = {
	readonly position: number;
	readonly action: 'run' | 'skip';
	readonly command?: string;
	/** A `goto` towards it was sent already. */
	readonly sent: boolean;
};

export type Notice = {readonly text: string; readonly tone: 'info' | 'warn' | 'error' | 'success'};

export type EnvVar = {
	readonly name: string;
	readonly value: string;
	readonly origin: 'runbook' | 'environment' | 'option' | 'edited';
	/** A secret (`engine/secrets.ts`): its value is never drawn. */
	readonly secret?: boolean;
};

export type EnvForm = {
	readonly vars: readonly EnvVar[];
	readonly selected: number;
	/** The value being typed, while editing the selected variable. */
	readonly editing?: string;
};

/** `env`: the variables screen; `playing`; `quitting`: cleanup runs; `ended`: the run is over (an error), `q` leaves. */
export type UiPhase = 'env' | 'playing' | 'quitting' | 'ended';

/** What the current step's pane shows under the command, once it ran: its output, its diff, or the lines `a` wrote. */
export type PanelKind = 'output' | 'diff' | 'written';

export type PlayState = {
	readonly file: string;
	readonly title: string;
	/** The file's text as last read: `a` edits it. */
	readonly source: string;
	/** The steps shown, in order; position `steps.length` is the end page. */
	readonly steps: readonly Step[];
	readonly sections: readonly Section[];
	readonly epilogue: readonly RootContent[];
	readonly sectionTitle?: string | undefined;
	readonly views: readonly StepView[];
	readonly cursor: number;
	readonly phase: UiPhase;
	/** The engine was started: it starts at the first step run, so quitting before runs no cleanup. */
	readonly started: boolean;
	/** The step the engine waits at (asking whether to run it). */
	readonly gate?: number | undefined;
	readonly running?: number | undefined;
	/** A run or a skip was sent for this step and the engine has not started it yet. */
	readonly starting?: number | undefined;
	/** Ctrl-C came before the step started: interrupt it as soon as it does. */
	readonly interruptOnStart?: boolean | undefined;
	readonly intent?: Intent | undefined;
	/** `c` / `--auto`: run step after step until one fails. */
	readonly continuing: boolean;
	/** Move on once this step is skipped (`s`). */
	readonly advanceFrom?: number | undefined;
	readonly display: 'auto' | PanelKind;
	/** Lines scrolled back from the end of the output (or down the diff). */
	readonly scroll: number;
	readonly overlay?: 'help' | 'confirm-quit' | undefined;
	/** `a` asks before it writes: the plan waits for y or n. */
	readonly confirmAccept?: AcceptPlan | undefined;
	/** The accepts written, the last one last: `u` undoes them in turn. */
	readonly undo: readonly UndoEntry[];
	/** `l`: the log of this background step is shown, live. */
	readonly log?: number | undefined;
	readonly notice?: Notice | undefined;
	readonly env: EnvForm;
	readonly captures: Readonly<Record<string, string>>;
	readonly startedAt: number;
	readonly runError?: string | undefined;
	/** The engine's final report (`run-end`): the summary and the exit code come from it. */
	readonly report?: RunReport | undefined;
	readonly stoppedBackgrounds: readonly string[];
	readonly columns: number;
	readonly rows: number;
	readonly yes: boolean;
	/** `--auto`: continue from the start as soon as the run starts. */
	readonly auto: boolean;
	/**
	 * Each command's prompt names its step's host (`node2 $ …`, `local $ …`):
	 * the runbook has a step on a host other than local (`hasRemoteSteps`).
	 * Otherwise the prompt is `$ `.
	 */
	readonly hostPrompts: boolean;
};

export type KeyName = 'char' | 'return' | 'escape' | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'backspace' | 'tab';

/** A key press, independent of Ink: `text` is the character typed for `char`. */
export type Key = {readonly name: KeyName; readonly text: string; readonly ctrl: boolean};

export type Action =
	| {readonly type: 'key'; readonly key: Key}
	| {readonly type: 'event'; readonly event: EngineEvent; readonly at: number}
	| {readonly type: 'gate'; readonly position: number}
	| {readonly type: 'edited'; readonly position: number; readonly command?: string; readonly message?: string}
	/** `a` computed what it would write. */
	| {readonly type: 'accept-planned'; readonly plan: AcceptPlan}
	/** The plan was written: the file holds `plan.after`; `source` and `steps` are read from it. */
	| {readonly type: 'accepted'; readonly plan: AcceptPlan; readonly source: string; readonly steps: readonly Step[]}
	/** `u`: the file holds `entry.before` again. */
	| {readonly type: 'undone'; readonly entry: UndoEntry; readonly source: string; readonly steps: readonly Step[]}
	| {readonly type: 'notice'; readonly notice: Notice}
	| {readonly type: 'resize'; readonly columns: number; readonly rows: number}
	/** SIGTERM or SIGHUP: quit without asking. */
	| {readonly type: 'signal'}
	| {readonly type: 'crashed'; readonly message: string}
	/** The runbook cannot run here (a required command is missing): nothing will run. */
	| {readonly type: 'unrunnable'; readonly message: string};

/** What the reducer asks the outside world to do. */
export type Effect =
	| {readonly kind: 'start'; readonly env: Readonly<Record<string, string>>}
	| {readonly kind: 'preflight'}
	| {readonly kind: 'gate'; readonly position: number; readonly decision: GateDecision}
	| {readonly kind: 'interrupt'}
	| {readonly kind: 'stop'}
	| {readonly kind: 'edit'; readonly position: number; readonly command: string}
	/** Compute what `a` would write (the file is read, nothing written). */
	| {readonly kind: 'accept'; readonly position: number}
	| {readonly kind: 'write-accept'; readonly plan: AcceptPlan}
	| {readonly kind: 'undo'; readonly entry: UndoEntry}
	| {readonly kind: 'exit'};

export type Update = readonly [PlayState, readonly Effect[]];
