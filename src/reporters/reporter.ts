import type {EngineEvent} from '../engine/events.js';
import type {Style} from './style.js';

export type Output = {write(text: string): unknown};

export type ReporterContext = {
	readonly out: Output;
	readonly err: Output;
	readonly style: Style;
	/** Paths are shown relative to this folder. */
	readonly cwd: string;
};

/** A reporter consumes the engine's events of one or more runs, then finishes. */
export type Reporter = {
	onEvent(event: EngineEvent): void;
	finish(): void;
};
