/**
 * Terminal text: the one definition of what a step's output looks like on a
 * terminal, used by the matcher, `--update`, the player and `ready=`.
 *
 * Each line is a row of cells with a cursor. Text is written at the cursor
 * and overwrites; a carriage return goes back to column 1 (CRLF is a line
 * end); backspace and `ESC[nD` move left, `ESC[nC` right, `ESC[nG` to a
 * column; `ESC[K` / `ESC[1K` / `ESC[2K` erase to the end, from the start or
 * the whole line; `ESC[nX` erases, `ESC[nP` deletes and `ESC[n@` inserts
 * cells. Wide characters (CJK, emoji) take 2 cells, measured as Ink measures
 * them (`string-width`), and overwriting half of one blanks the other half.
 * Rows are unbounded (no wrapping). Moves between rows (`ESC[A`, screen
 * clears) are dropped: steps run on pipes with `TERM=dumb`, where programs
 * do not draw multi-line progress. Other escapes (OSC titles and links,
 * charset selects, modes) and control characters are removed; U+FFFD from
 * invalid UTF-8 is an ordinary character. Trailing blanks end no line.
 *
 * Tabs move to the next 8-column stop. Over blank cells, a tab stays one `\t`
 * by default, because a pattern before it (`{{id}}\tok`) would change how
 * far it reaches if it were expanded; `tabs: 'expand'` writes spaces (the
 * player). A tab that is partly overwritten becomes spaces.
 *
 * With `ansi: 'keep'`, colour (SGR) sequences stay attached to the cells
 * they styled: each cell remembers the SGR sequences in force when it was
 * written (since the last reset), and a line is written back as its cells
 * with the sequences where the style changes, `ESC[0m` where a style ends
 * (at the end of the line only if the program reset it there).
 * A line starts with the style in force at its start, so each line reads
 * alone. `ESC[31mred ESC[0m` is written back as it was.
 *
 * Why hand-written and not `@xterm/headless` (measured in bench/README.md):
 * xterm's `write` is asynchronous, it wraps rows at a fixed width, expands
 * tabs, and took 1.5 to 2.5 s and 180 to 500 MB for 10 MB of output; this
 * splits plain text on `\n`, strips colour-only lines with one regex, and
 * runs a linear pass over the rest (100 MB: 0.25 s plain, 1.2 s progress).
 */
import type {AnsiMode} from '../model.js';
import {Row, type RowOptions} from './terminal-row.js';

export type TerminalOptions = {
	/** `keep`: SGR sequences stay with the cells they style (default `strip`). */
	readonly ansi?: AnsiMode;
	/** `keep` (default): a tab over blank cells stays `\t`; `expand`: spaces. */
	readonly tabs?: 'keep' | 'expand';
};

// Anything but text, `\t` and `\n` needs the line model.
// eslint-disable-next-line no-control-regex
const special = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const textRun = /[^\u0000-\u001f\u007f-\u009f]+/y;
// eslint-disable-next-line no-control-regex
const colourOnly = /^(?:[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\u001B\[[\d;:]*m)*$/;
// eslint-disable-next-line no-control-regex
const sgrPattern = /\u001B\[[\d;:]*m/g;

/** Where a string-terminated escape (OSC, DCS, APC...) ends, from `at`. */
function stringEnd(line: string, at: number): number {
	for (let i = at; i < line.length; i++) {
		if (line[i] === '\u0007' || line[i] === '\u009c') return i + 1;
		if (line[i] === '\u001B' && line[i + 1] === '\\') return i + 2;
	}
	return line.length;
}

/** Run one line (no `\n`) through a row; returns the SGR pen in force after it. */
function renderRow(line: string, pen: string, options: RowOptions): {text: string; pen: string} {
	const row = new Row(pen);
	let i = 0;
	while (i < line.length) {
		textRun.lastIndex = i;
		const run = textRun.exec(line);
		if (run) {
			row.write(run[0]);
			i += run[0].length;
			continue;
		}
		const char = line[i] ?? '';
		if (char === '\r') row.col = 0;
		else if (char === '\b') row.col = Math.max(0, row.col - 1);
		else if (char === '\t') row.tab();
		else if (char === '\u001B' || char === '\u009B' || char === '\u009D') {
			i = escape(line, char === '\u001B' ? i + 1 : i, row, char === '\u009D');
			continue;
		}
		// Any other control character shows nothing.
		i++;
	}
	return {text: row.text(options), pen: row.pen};
}

/** Apply the escape whose introducer ends before `at`; returns where it ends. */
function escape(line: string, at: number, row: Row, osc: boolean): number {
	const kind = line[at];
	if (osc || kind === ']' || kind === 'P' || kind === 'X' || kind === '^' || kind === '_') return stringEnd(line, at + 1);
	if (kind === '[' || kind === '\u009B') {
		let j = at + 1;
		while (j < line.length && line.charCodeAt(j) >= 0x30 && line.charCodeAt(j) <= 0x3f) j++;
		const params = line.slice(at + 1, j);
		while (j < line.length && line.charCodeAt(j) >= 0x20 && line.charCodeAt(j) <= 0x2f) j++;
		const final = line.charCodeAt(j);
		if (final >= 0x40 && final <= 0x7e) {
			if (j === at + 1 + params.length) row.csi(params, line[j] ?? '');
			return j + 1;
		}
		return j;
	}
	// ESC, intermediates (charset selects `ESC(B`), one final character.
	let j = at;
	while (j < line.length && line.charCodeAt(j) >= 0x20 && line.charCodeAt(j) <= 0x2f) j++;
	return j < line.length && line.charCodeAt(j) >= 0x30 && line.charCodeAt(j) <= 0x7e ? j + 1 : j;
}

export function trimBlanks(line: string): string {
	let end = line.length;
	while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
	return end === line.length ? line : line.slice(0, end);
}

/**
 * The lines a terminal shows for a step's output (the text after the last
 * `\n` is a line when not empty). Plain text is only split and trimmed.
 *
 * @example terminalLines('downloading 10%\r\u001B[Kdone\n') // ['done']
 * @example terminalLines('a\u001B[31mb\u001B[0m', {ansi: 'keep'}) // ['a\u001B[31mb\u001B[0m']
 */
export function terminalLines(text: string, options: TerminalOptions = {}): string[] {
	const settings = rowOptions(options);
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	if (isPlain(text, settings)) return lines.map(trimBlanks);
	const pen = {value: ''};
	return lines.map((line) => renderLine(line, settings, pen));
}

export function rowOptions(options: TerminalOptions): RowOptions {
	return {keep: options.ansi === 'keep', expand: options.tabs === 'expand'};
}

/** Text with nothing a terminal would change but trailing blanks: it is only split and trimmed. */
export function isPlain(text: string, settings: RowOptions): boolean {
	return !special.test(text) && !(settings.expand && text.includes('\t'));
}

/**
 * One line (no `\n`) of a longer text as a terminal shows it; `pen` carries
 * the SGR style in force from one line to the next (with `ansi: 'keep'`).
 */
export function renderLine(line: string, settings: RowOptions, pen: {value: string}): string {
	if (pen.value === '' && isPlain(line, settings)) return trimBlanks(line);
	// Colour with nothing that moves the cursor: removing it is all there is to do.
	if (!settings.keep && !(settings.expand && line.includes('\t')) && colourOnly.test(line)) return trimBlanks(line.replace(sgrPattern, ''));
	const row = renderRow(line, pen.value, settings);
	pen.value = settings.keep ? row.pen : '';
	return row.text;
}

/**
 * One line (no `\n`) as a terminal shows it.
 *
 * @example terminalLine('50%\r100%\u001B[K\tok', {tabs: 'expand'}) // '100%    ok'
 */
export function terminalLine(line: string, options: TerminalOptions = {}): string {
	return terminalLines(line, options)[0] ?? '';
}

/**
 * The whole output as a terminal shows it, lines joined with `\n` (for
 * searching it, as `ready=` does).
 *
 * @example terminalText('\u001B[32mlistening\u001B[0m on :80\r\n') // 'listening on :80'
 */
export function terminalText(text: string, options: TerminalOptions = {}): string {
	return terminalLines(text, options).join('\n');
}
