import type {EngineEvent} from '../engine/events.js';
import type {Style} from './style.js';

export type Output = {write(text: string): unknown};

export type ReporterContext = {
	readonly out: Output;
	readonly err: Output;
	readonly style: Style;
	/** Paths are shown relative to this folder. */
	readonly cwd: string;
	/**
	 * Milliseconds since the command started, read when the report ends: the
	 * run's total wall time. Default `performance.now()` (time since the
	 * process started, its start-up included).
	 */
	readonly elapsed?: () => number;
	/**
	 * Where the JSON report is being written, when it is: `stdout`, or its file
	 * as the user gave it. The pretty reporter names it where it cuts a diff.
	 */
	readonly jsonReport?: string;
};

/** The run's total wall time so far, in milliseconds (`ReporterContext.elapsed`). */
export function wallTime(context: ReporterContext): number {
	return Math.round(context.elapsed ? context.elapsed() : performance.now());
}

/** A reporter consumes the engine's events of one or more runs, then finishes. */
export type Reporter = {
	onEvent(event: EngineEvent): void;
	finish(): void;
};
