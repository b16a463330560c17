import {terminalLine} from '../match/terminal.js';

/**
 * The end of a step's output, bounded: a step that prints 10 MB keeps only its
 * last lines in the player's state, and appending stays cheap.
 */
export type OutputTail = {
	/** The last complete lines, as a terminal shows them (tabs kept, colour dropped). */
	readonly lines: readonly string[];
	/** The line being written (no newline yet), raw: the next chunk may move its cursor. */
	readonly partial: string;
	/** Characters held in `lines`. */
	readonly chars: number;
	/** Complete lines seen in all, kept or not. */
	readonly lineCount: number;
	/** Characters seen in all. */
	readonly total: number;
};

export type TailLimits = {readonly lines: number; readonly chars: number};

export const defaultLimits: TailLimits = {lines: 2000, chars: 200_000};

export const emptyTail: OutputTail = {lines: [], partial: '', chars: 0, lineCount: 0, total: 0};

function countNewlines(text: string): number {
	let count = 0;
	for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
	return count;
}

// A line still being written past this size is folded into what it shows so far.
const partialFold = 4096;

/**
 * The unfinished line, kept short: what comes before its last carriage return
 * becomes the text a terminal shows (the cursor is back at column 1 after it).
 */
function foldPartial(partial: string): string {
	if (partial.length <= partialFold) return partial;
	const cr = partial.lastIndexOf('\r');
	return cr === -1 ? partial : `${terminalLine(partial.slice(0, cr))}\r${partial.slice(cr + 1)}`;
}

export function appendTail(tail: OutputTail, text: string, limits: TailLimits = defaultLimits): OutputTail {
	if (text === '') return tail;
	const lineCount = tail.lineCount + countNewlines(text);
	const total = tail.total + text.length;
	let kept = tail.lines;
	let partial = tail.partial;
	let incoming = text;
	// A chunk larger than the whole tail replaces it: only its end can be shown.
	if (incoming.length > limits.chars) {
		incoming = incoming.slice(incoming.length - limits.chars);
		kept = [];
		partial = '';
	}
	const parts = (partial + incoming).split('\n');
	const last = parts.pop() ?? '';
	// Only the last lines can be kept: render just those.
	const shown = parts.slice(Math.max(0, parts.length - limits.lines)).map((line) => terminalLine(line));
	const lines = [...kept, ...shown];
	let chars = tail.chars + shown.reduce((sum, line) => sum + line.length, 0);
	if (kept !== tail.lines) chars = lines.reduce((sum, line) => sum + line.length, 0);
	let drop = 0;
	while (lines.length - drop > limits.lines || (chars > limits.chars && drop < lines.length)) {
		chars -= lines[drop]?.length ?? 0;
		drop++;
	}
	let nextPartial = foldPartial(last);
	if (nextPartial.length > limits.chars) nextPartial = nextPartial.slice(nextPartial.length - limits.chars);
	return {lines: drop > 0 ? lines.slice(drop) : lines, partial: nextPartial, chars, lineCount, total};
}

/** The last `count` lines to show, the unfinished line included. */
export function lastLines(tail: OutputTail, count: number, skip = 0): string[] {
	const all = tail.partial === '' ? tail.lines : [...tail.lines.slice(-(count + skip)), tail.partial];
	const end = all.length - skip;
	return all.slice(Math.max(0, end - count), Math.max(0, end));
}

/** How many lines there are to show. */
export function shownLineCount(tail: OutputTail): number {
	return tail.lines.length + (tail.partial === '' ? 0 : 1);
}

/** The whole text held, for tests and small outputs. */
export function tailText(tail: OutputTail): string {
	return tail.lines.map((line) => `${line}\n`).join('') + tail.partial;
}
