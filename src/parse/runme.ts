import path from 'node:path';
import type {ShellName} from '../model.js';
import {parseAttributes, splitInfo} from './attributes.js';

/**
 * Runme's vocabulary, and what runbook does with each word (the table in
 * docs/runbook-format.md, "Runme notebooks"). Sources: Runme's documentation
 * (docs.runme.dev: "Cell-level options", "Document-level options",
 * "Reference") and its code: `document/block.go` (what each cell attribute
 * means to `runme run`), `document/attributes.go` (the JSON and the
 * `{ key=value }` forms), `document/frontmatter.go` (the frontmatter keys),
 * `command/config_code_block.go` (`cwd`, `interpreter`, `shell`), and the
 * VS Code extension's `schema.ts` (the display keys and their defaults).
 */

/**
 * Cell attributes that concern only Runme's notebook: how its terminal or
 * output is shown (`terminalRows`, `closeTerminalOnSuccess`,
 * `openTerminalOnError`, `mimeType`), its prompts for exported variables
 * (`promptEnv`, `skipPrompts`: runbook never prompts), and the cell's
 * identity (`id`, `runme.dev/…`). Read, never acted upon.
 */
const displayAttributes = new Set(['id', 'closeTerminalOnSuccess', 'openTerminalOnError', 'terminalRows', 'promptEnv', 'mimeType', 'skipPrompts']);

/** Whether a cell attribute is one of Runme's that only concern its notebook (see {@link displayAttributes}). */
export function isRunmeDisplayAttribute(key: string): boolean {
	return displayAttributes.has(key) || key.startsWith('runme.dev/');
}

/** Runme's cell attributes that runbook acts upon besides its own (`name`, `background`): shown in "valid attributes". */
export const runmeAttributeNames = ['cwd', 'interpreter', 'tag', 'category', 'excludeFromRunAll'] as const;

/** Why a step with `excludeFromRunAll` is skipped: `runme run --all` (and `--tag`) leave it out, and a runbook run is a whole run. */
export const excludedFromRunAll = 'excludeFromRunAll (Runme runs it only when it is named)';

/**
 * Frontmatter keys of Runme's that only concern Runme: its notebook identity
 * (`runme:` with `id`, `version`, `document`, `session`), its prompts
 * (`skipPrompts`) and its terminal (`terminalRows`).
 */
export const runmeFrontmatterKeys: ReadonlySet<string> = new Set(['runme', 'skipPrompts', 'terminalRows']);

/**
 * Runme's tag list: `category=build,deploy` or `tag=build` (Runme's
 * `CodeBlock.Tags` splits at commas; `category` is the older name of `tag`).
 * Blank items are dropped.
 */
export function splitTags(value: string): string[] {
	return value
		.split(',')
		.map((tag) => tag.trim())
		.filter(Boolean);
}

/** Whether a fence's info string carries `interpreter=`: a block in any language then runs (as Runme runs it). */
export function declaresInterpreter(info: string): boolean {
	const {attributes} = splitInfo(info);
	if (attributes === undefined) return false;
	return parseAttributes(attributes, {line: 0, column: 0}, () => {}).some((attribute) => attribute.key === 'interpreter' && typeof attribute.value === 'string' && attribute.value.trim() !== '');
}

/** The shells runbook runs a session in. */
export const sessionShells: readonly ShellName[] = ['bash', 'sh', 'zsh'];

/** How a `shell:` value (or an interpreter) names a program: `bash`, `/bin/bash`, `/usr/bin/env bash`, `bash -l`. */
export type ProgramWords = {
	/** The program to start: a name looked up on PATH, or a path. */
	readonly program: string;
	/** Its name without a folder (`/usr/local/bin/bash` → `bash`). */
	readonly name: string;
	/** The words after it (`-l` in `bash -l`). */
	readonly args: readonly string[];
};

/**
 * Split a command line as Runme splits an interpreter (`parseInterpreter`:
 * the first word is the program, the rest its arguments), looking through
 * `env` (`/usr/bin/env node` names `node`).
 */
export function programWords(text: string): ProgramWords | undefined {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const [first, ...rest] = words;
	if (first === undefined) return undefined;
	if (path.basename(first) === 'env' && rest[0] !== undefined && !rest[0].startsWith('-')) {
		const [named, ...args] = rest;
		return {program: named, name: path.basename(named), args};
	}
	return {program: first, name: path.basename(first), args: rest};
}

/**
 * Read Runme's `shell:` frontmatter value: a shell's name or path
 * (`/bin/bash`, `/usr/bin/env zsh`; `dash` is the `sh` runbook runs).
 * Undefined when it names a shell runbook cannot run a session in (`ksh`,
 * `fish`, `pwsh`).
 */
export function readShell(value: string): {shell: ShellName; program: string; args: readonly string[]} | undefined {
	const words = programWords(value);
	if (!words) return undefined;
	const name = words.name === 'dash' ? 'sh' : words.name;
	const shell = sessionShells.find((candidate) => candidate === name);
	if (!shell) return undefined;
	// A bare name is looked up on PATH as runbook always does; a path is started as written.
	return {shell, program: words.program, args: words.args};
}
