import {randomBytes} from 'node:crypto';
import {statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {ShellName, Step} from '../../model.js';
import {programWords} from '../../parse/runme.js';
import {shellQuote} from '../shells.js';
import {printed, remoteDirVariable} from '../remote/remote-files.js';

/**
 * What the session runs for a step, from its text and Runme's `cwd=` and
 * `interpreter=` (Runme's `command/config_code_block.go`: `cwd` joins the
 * document's folder, `interpreter` replaces the program that runs the cell,
 * which reads the cell's text as a script file).
 */
export type Launch = {
	/** The step's text as written (or as edited in the player): what front ends show. */
	readonly text: string;
	/** The command line the session runs: the text itself, or the interpreter's line that runs it as a script. */
	readonly line: string;
	/** `cwd=`: the absolute folder the step runs in; else the session's current folder. */
	readonly cwd?: string;
};

/** Extensions of script files, for interpreters that go by them (`deno run`, `ts-node`). */
const extensions: Readonly<Record<string, string>> = {
	js: 'js',
	javascript: 'js',
	mjs: 'mjs',
	ts: 'ts',
	typescript: 'ts',
	python: 'py',
	py: 'py',
	perl: 'pl',
	ruby: 'rb',
	rb: 'rb',
	sh: 'sh',
	bash: 'sh',
	zsh: 'sh',
	shell: 'sh',
};

/**
 * Prepare a step's launch. `startDir` is the run's working folder, which a
 * relative `cwd=` is joined to (as Runme joins a cell's `cwd` to the
 * document's); `shell` is the session's: an interpreter that names it, with
 * no arguments (`interpreter=bash` in a bash runbook), runs the step in the
 * session as any step. Any other interpreter gets the step's text as a
 * script file in `workDir` (the run's temporary folder), given as its last
 * argument, as Runme does; it runs from the session's command line, so the
 * step's timeout, Ctrl-C, `stderr=` and the leftover accounting apply to it.
 *
 * @returns the launch, or why the step cannot start (its `cwd` is not a folder)
 */
export function prepareLaunch(step: Step, text: string, options: {workDir: string; startDir: string; shell: ShellName; remote?: boolean}): Launch | {error: string} {
	const {cwd: folder, interpreter} = step.attributes;
	let cwd: string | undefined;
	if (folder !== undefined && options.remote) cwd = folder;
	else if (folder !== undefined) {
		cwd = path.resolve(options.startDir, folder);
		if (!isFolder(cwd)) return {error: `cwd=${folder}: ${cwd} is not a folder`};
	}
	const words = interpreter === undefined ? undefined : programWords(interpreter);
	const own = words !== undefined && words.name === options.shell && words.args.length === 0;
	if (words === undefined || own) return cwd === undefined ? {text, line: text} : {text, line: text, cwd};
	const extension = extensions[step.language];
	const name = `script-${step.index + 1}-${randomBytes(4).toString('hex')}${extension ? `.${extension}` : ''}`;
	const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
	// Runme splits an interpreter at spaces: the program, then its arguments; the script comes last.
	const program = (interpreter ?? '').trim().split(/\s+/).map(shellQuote);
	if (options.remote) {
		// On the host, in the session's folder there: the line writes the script first (its text as data).
		const script = `"$${remoteDirVariable}"/${name}`;
		const line = `${printed(body)} >${script} && ${[...program, script].join(' ')}`;
		return cwd === undefined ? {text, line} : {text, line, cwd};
	}
	const script = path.join(options.workDir, name);
	writeFileSync(script, body);
	const line = [...program, shellQuote(script)].join(' ');
	return cwd === undefined ? {text, line} : {text, line, cwd};
}

function isFolder(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}
