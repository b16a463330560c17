import type {Output} from '../reporters/reporter.js';

/** What every verb's action needs from the process: its streams and folder, and where to put the exit code. */
export type CliContext = {
	readonly out: Output & {isTTY?: boolean; columns?: number};
	readonly err: Output;
	readonly cwd: string;
	/** Sets the command's exit code. */
	readonly exit: (code: number) => void;
};
