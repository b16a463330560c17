import type {Style} from './style.js';

/**
 * What `runbook test --watch` prints around the reports: one home for its
 * words. The layout follows vitest's watch mode: on a terminal the screen is
 * cleared before each round and a badge names what runs and why; after each
 * round a closing line says how things stand and that it waits for changes.
 * Off a terminal nothing is cleared: a separator line parts the rounds.
 */

/** Clear the screen and its scrollback, cursor home (ED 2, ED 3, CUP); vitest's watch clears the same. */
export const clearScreen = '\u001B[2J\u001B[3J\u001B[H';

/** Parts one round from the next when the output is not a terminal. */
export const separator = `${'─'.repeat(60)}\n`;

/** Why a round runs: the first one, a save, or the key that asks for every runbook. */
export type Trigger = 'start' | 'saved' | 'key';

/** The header of a round: ` RUN  2 runbooks` at the start, ` RERUN  b.md (saved)` after a save. */
export function roundHeader(style: Style, trigger: Trigger, shown: readonly string[]): string {
	const count = `${shown.length} runbook${shown.length === 1 ? '' : 's'}`;
	if (trigger === 'start') return `${style.bold(style.cyan(' WATCH '))} ${count}: ${shown.join(', ')}\n\n`;
	const why = trigger === 'saved' ? 'saved' : 'all, by key';
	return `${style.bold(style.cyan(' RERUN '))} ${shown.join(', ')} ${style.dim(`(${why})`)}\n\n`;
}

/** The last result of each watched runbook: its file as shown, and the exit code of its last run. */
export type Standing = readonly {readonly shown: string; readonly code: number}[];

/**
 * The closing lines of a round: ` PASS  Waiting for file changes…` when every
 * watched runbook passed its last run, else ` FAIL ` with the ones that did
 * not, then the keys (`keys`: stdin is a terminal) or how to quit.
 */
export function waitingLines(style: Style, standing: Standing, keys: boolean): string {
	const hint = keys ? `press ${style.bold('h')} for help, ${style.bold('q')} to quit` : 'Ctrl-C to quit';
	if (standing.length === 0) return `\n${style.bold(style.yellow(' WAIT '))} No runbook left to watch; ${hint}\n`;
	const failing = standing.filter((entry) => entry.code !== 0);
	const badge =
		failing.length === 0
			? `${style.bold(style.green(' PASS '))} ${standing.length === 1 ? 'The runbook passed' : `All ${standing.length} runbooks passed`}.`
			: `${style.bold(style.red(' FAIL '))} ${failing.length} of ${standing.length} runbook${standing.length === 1 ? '' : 's'} did not pass: ${failing.map((entry) => entry.shown).join(', ')}.`;
	return `\n${badge} Waiting for file changes…\n       ${style.dim(hint)}\n`;
}

/** The keys of watch mode (`h`), vitest's words. */
export function helpText(style: Style): string {
	return [``, style.bold(' Watch usage'), `   press ${style.bold('a')} or ${style.bold('Enter')} to run every runbook again`, `   press ${style.bold('h')} to show this help`, `   press ${style.bold('q')} or ${style.bold('Ctrl-C')} to quit`, ``].join('\n');
}

/** A watched runbook that was deleted: it is watched no more. */
export function deletedNote(shown: string): string {
	return `runbook: ${shown} was deleted: no longer watched\n`;
}
