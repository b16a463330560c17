import type {Step} from '../../model.js';
import type {EngineEvent, Phase} from '../events.js';
import type {AheadStep, Session} from '../session.js';
import type {SecretMasker} from '../secrets.js';

/** What a kind of step needs from the run that executes it. */
export type StepContext = {
	/** The live session, started (again) when needed. */
	session(): Promise<Session>;
	emit(event: EngineEvent): void;
	/** Values captured so far, by name. */
	readonly bound: ReadonlyMap<string, string>;
	/** The run's temporary folder. */
	readonly workDir: string;
	/** Masks secrets in what steps print, before anything reads it. */
	readonly secrets: SecretMasker;
	/** The steps' environment (cookies included), for a step run outside the session. */
	readonly env: Readonly<Record<string, string>>;
	timeoutOf(step: Step): number;
	graceOf(step: Step): number;
	/** `RUNBOOK_STEP`'s value for the step's processes. */
	cookieOf(step: Step): string;
	/** Whether Ctrl-C came while no step ran (it then applies to this step, which does not start); clears it. */
	takeInterrupt(): boolean;
	/** Aborted when the run is stopped: waits end at once. */
	readonly stopped: AbortSignal;
	/** Aborted by Ctrl-C while the step runs outside the shell (a background step's wait for its ready line). */
	readonly interrupted: AbortSignal;
	/** Aborted at the run's end, once background steps were stopped: their logs are no longer followed. */
	readonly logsFollowed: AbortSignal;
	readonly phase: Phase;
	/** The steps to write into the shell behind this one (`pipeline.ts`); none when they are written already or the run goes step by step. */
	ahead(step: Step): readonly AheadStep[];
	/** The shell began this step's line, written ahead, before the run was stopped: it is run to its result, not skipped. */
	readonly begun?: boolean;
};
