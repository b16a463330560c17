import {visibleText} from '../match/visible.js';

/**
 * GitHub Actions workflow commands, as GitHub documents them ("Workflow
 * commands for GitHub Actions", docs.github.com/en/actions/reference/workflow-commands-for-github-actions):
 * `::error file={name},line={line},title={title}::{message}`, one line.
 *
 * Escaping follows the runner and `@actions/core` (toolkit
 * `packages/core/src/command.ts`, `escapeData` and `escapeProperty`): in the
 * message (data) `%` is written `%25`, CR `%0D`, LF `%0A`; a property value
 * additionally `:` as `%3A` and `,` as `%2C`. `%` goes first, so that a `%0A`
 * in the text stays text. Control characters other than CR and LF are then
 * written as visible escapes (`visibleText`): the log would act on them.
 */
export function escapeData(text: string): string {
	return visibleText(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value of a workflow command: `escapeData`, then `:` and `,` (they end the value). */
export function escapeProperty(text: string): string {
	return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type Annotation = {
	/** The path, relative to the repository (the working folder). */
	readonly file: string;
	/** 1-based; none for a whole file. */
	readonly line?: number;
	readonly title: string;
	readonly message: string;
};

/** An `::error` workflow command: one line, ending with a newline. */
export function errorCommand(annotation: Annotation): string {
	const properties = [`file=${escapeProperty(annotation.file)}`, ...(annotation.line === undefined ? [] : [`line=${annotation.line}`]), `title=${escapeProperty(annotation.title)}`];
	return `::error ${properties.join(',')}::${escapeData(annotation.message)}\n`;
}

/**
 * Whether the runner would read a line of `text` as a workflow command: one
 * that starts with `::` once leading blanks, Unicode's too, are trimmed (actions/runner,
 * `ActionCommand.TryParseV2`: "the message needs to start with the keyword
 * after trim leading space"), or holds the older `##[` form anywhere
 * (`ActionCommand.TryParse`).
 */
export function readsAsCommand(text: string): boolean {
	// .NET's TrimStart trims every Unicode blank (Char.IsWhiteSpace): NBSP, NEL, U+3000 and the rest.
	return /^[\s\u0085\u180e]*::/m.test(text) || text.includes('##[');
}

/**
 * `text` (whole lines) so that the runner prints it without acting on a line
 * of it: between `::stop-commands::TOKEN` and `::TOKEN::`, GitHub's documented
 * way to echo untrusted output ("Stopping and starting workflow commands").
 * Text with no line the runner would read (`readsAsCommand`) is returned as
 * it is. `token`: a fresh random one per run, which the output cannot guess.
 */
export function uncommanded(text: string, token: string): string {
	return readsAsCommand(text) ? `::stop-commands::${token}\n${text}::${token}::\n` : text;
}
