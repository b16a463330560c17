import {writeFileSync} from 'node:fs';
import path from 'node:path';
import type {StepFiles} from './shells.js';

/**
 * Where a session's step lines keep their files (`in-flight.ts`): each
 * step's text, and the stop files that keep a line from beginning. Local:
 * files in the session's folder on this machine, written before the line.
 * A remote host has its own (`remote/remote-files.ts`).
 */
export type LineFiles = {
	/**
	 * The step file numbered `n` for `text` (a step file's whole text): what
	 * the step line names (`files`), the path the shell's messages name
	 * (`path`, rewritten out of them) and the stop file's path.
	 */
	step(n: number, text: string): {readonly files: StepFiles; readonly path: string; readonly stopPath: string};
	/** Create these stop files: their lines do not begin, if the shell has not read them yet. */
	stop(paths: readonly string[]): void;
	/** The files of a sync line numbered `n`, which never begins: its stop file exists. */
	sync(n: number): StepFiles;
};

/** Files in `dir`, on this machine. */
export function localLineFiles(dir: string): LineFiles {
	/** The path is joined once. */
	const prefix = path.join(dir, 'step-');
	return {
		step(n, text) {
			const file = `${prefix}${n}.sh`;
			const stopPath = `${prefix}${n}.stop`;
			writeFileSync(file, text);
			return {files: {step: file, stop: stopPath}, path: file, stopPath};
		},
		stop(paths) {
			for (const file of paths) writeFileSync(file, '');
		},
		sync(n) {
			const stop = `${prefix}${n}.sync.stop`;
			writeFileSync(stop, '');
			return {step: stop, stop};
		},
	};
}
