import type {LineFiles} from '../line-files.js';

/**
 * The files of a session on a remote host (`line-files.ts`), in the folder
 * the session made there at its start (`$__rb_dir`, a `mktemp -d` in
 * `/dev/shm` where it can, else in `/tmp`). No round trip per step: a
 * step file's text comes base64-encoded in the step line itself and is
 * written there just before the shell reads it (`shells.ts`, `carry`); the
 * line names the files through `$__rb_dir` (no quote, no blank: the line
 * stays safe to cut, see `stepLine`). Stop files are created through a
 * second channel (`touch`), which is why remote sessions never have lines
 * written ahead (`remote-session.ts`).
 */

/** The shell variable holding the session's folder on the host. */
export const remoteDirVariable = '__rb_dir';

/** Text as the word the shell decodes (`printf %s WORD | base64 -d`): base64, no quote, no blank. */
export const base64Word = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A command that prints `text` as it is, for a line of the shell's (the text is data: never parsed as code). */
export const printed = (text: string) => `printf %s ${base64Word(text)} | base64 -d`;

/**
 * @param dir the folder's path once the session knows it (the shell's
 * messages name it), else undefined (the first step's)
 * @param touch creates the stop files at these paths on the host
 */
export function remoteLineFiles(dir: () => string | undefined, touch: (paths: readonly string[]) => void): LineFiles {
	const word = `$${remoteDirVariable}`;
	return {
		step(n, text) {
			const name = `step-${n}`;
			const literal = dir() ?? word;
			return {
				files: {step: `${word}/${name}.sh`, stop: `${word}/${name}.stop`, carry: base64Word(text), words: true},
				path: `${literal}/${name}.sh`,
				stopPath: `${literal}/${name}.stop`,
			};
		},
		stop(paths) {
			if (paths.length > 0 && dir() !== undefined) touch(paths);
		},
		// The folder itself is there: a sync line never begins.
		sync: () => ({step: word, stop: word, words: true}),
	};
}
