import type {Step} from '../model.js';
import type {EngineEvent, GateDecision, RunReport} from './events.js';
import type {InteractiveRunner} from './steps/interactive.js';

export type RunOptions = {
	/** The runbook's file: its folder is the default working directory. */
	readonly file: string;
	/** `--env K=V`: wins over the runbook's `env` and the caller's environment. */
	readonly env?: Readonly<Record<string, string>>;
	/** The caller's environment (default: `process.env`). */
	readonly callerEnv?: Readonly<Record<string, string | undefined>>;
	/** `--secret NAME`: more variables whose values are masked, besides the runbook's `secrets:` (`secrets.ts`). */
	readonly secrets?: readonly string[];
	/**
	 * `--host NAME=DESTINATION` (and `RUNBOOK_HOSTS`): host name → SSH
	 * destination, winning over the runbook's `hosts:`; `local` as a
	 * destination is this machine.
	 */
	readonly hosts?: Readonly<Record<string, string>>;
	/** `--ssh-config FILE` (and `RUNBOOK_SSH_CONFIG`): handed to ssh as `-F FILE`, winning over the runbook's `ssh-config:`. An absolute path. */
	readonly sshConfig?: string;
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
	/** `--tag`: only the steps with one of these tags run (`selection.ts`); the others are skipped. */
	readonly tags?: readonly string[];
	/** Runs an `interactive` step on the real terminal; without it they are skipped. */
	readonly interactive?: InteractiveRunner;
	/**
	 * Write the steps that follow a step into the shell while it runs, when
	 * nothing has to happen between them (`pipeline.ts`; `runbook test`, but
	 * for `--no-pipeline`). Results are those of a run step by step. Without
	 * effect with a `gate` or `atEnd` (the player) and with `bail`.
	 */
	readonly pipeline?: boolean;
};

export type RunHandle = {
	readonly events: AsyncIterable<EngineEvent>;
	/** Interrupt the running step, as Ctrl-C would; the run goes on. While the step's shell starts, the step is stopped at its start; between steps it does nothing. */
	interrupt(): void;
	/** Interrupt the running step, skip the rest, run cleanup steps and end. */
	stop(): void;
	/** End at once, without cleanup steps: everything the run started gets SIGKILL; the report still comes. */
	kill(): void;
	/** The run's final report, the same one `run-end` carries. */
	readonly done: Promise<RunReport>;
};
