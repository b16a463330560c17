import {cellWidth, graphemes, textCells} from '../../match/cells.js';
import {terminalLine} from '../../match/terminal.js';

/**
 * Styled lines: the one currency of the player's drawing code. Every pane turns
 * its part of the state into at most `height` lines of at most `width` cells, so
 * the layout never depends on how a terminal would wrap.
 */

/** The subset of Ink's `<Text>` props a span may carry. */
export type Style = {
	readonly color?: string;
	readonly backgroundColor?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly italic?: boolean;
	readonly underline?: boolean;
	readonly strikethrough?: boolean;
	readonly inverse?: boolean;
};

export type Span = {readonly text: string; readonly style?: Style};

export type Line = readonly Span[];

export const span = (text: string, style?: Style): Span => (style ? {text, style} : {text});

/** Cells a text takes, measured as Ink measures it (`string-width`). */
export function textWidth(text: string): number {
	return textCells(text);
}

/** Cut text into pieces of at most `width` cells, for lines that must be seen whole (diffs). */
export function chunkText(text: string, width: number): string[] {
	if (width <= 0) return [text];
	const chunks: string[] = [];
	let current = '';
	let used = 0;
	for (const char of graphemes(text)) {
		const cells = cellWidth(char);
		if (used + cells > width && current !== '') {
			chunks.push(current);
			current = '';
			used = 0;
		}
		current += char;
		used += cells;
	}
	chunks.push(current);
	return chunks;
}

export function lineWidth(line: Line): number {
	return line.reduce((sum, part) => sum + textWidth(part.text), 0);
}

/** The longest prefix of `text` that fits in `width` cells. */
export function sliceWidth(text: string, width: number): string {
	let used = 0;
	let end = 0;
	for (const char of graphemes(text)) {
		const w = cellWidth(char);
		if (used + w > width) break;
		used += w;
		end += char.length;
	}
	return text.slice(0, end);
}

/** Cut a line to `width` cells, ending it with `…` when something was cut. */
export function truncateLine(line: Line, width: number): Line {
	if (width <= 0) return [];
	if (lineWidth(line) <= width) return line;
	const result: Span[] = [];
	let room = width - 1;
	for (const part of line) {
		if (room <= 0) break;
		const text = sliceWidth(part.text, room);
		if (text) result.push({...part, text});
		room -= textWidth(text);
	}
	const last = line.at(-1);
	result.push(span('…', last?.style ?? {dimColor: true}));
	return result;
}

/** Pad a line with spaces to exactly `width` cells (truncating first if longer). */
export function padLine(line: Line, width: number): Line {
	const cut = truncateLine(line, width);
	const room = width - lineWidth(cut);
	return room > 0 ? [...cut, span(' '.repeat(room))] : cut;
}

type Token = {readonly kind: 'word' | 'space' | 'newline'; readonly text: string; readonly style?: Style};

function tokenize(spans: readonly Span[]): Token[] {
	const tokens: Token[] = [];
	for (const part of spans) {
		for (const match of part.text.matchAll(/\n|[^\S\n]+|[^\s]+/g)) {
			const text = match[0];
			const kind = text === '\n' ? 'newline' : /^\s/.test(text) ? 'space' : 'word';
			tokens.push(part.style ? {kind, text, style: part.style} : {kind, text});
		}
	}
	return tokens;
}

/**
 * Word-wrap styled text to `width` cells. Runs of blanks become one space, a
 * `\n` breaks the line, a word longer than a line is split. `first` and `rest`
 * prefix the first and the following lines (list bullets, quote bars).
 */
export function wrapSpans(spans: readonly Span[], width: number, first: Line = [], rest: Line = first): Line[] {
	const lines: Line[] = [];
	let current: Span[] = [...first];
	let used = lineWidth(first);
	let empty = true;
	let pendingSpace: Span | undefined;
	const newLine = () => {
		lines.push(current);
		current = [...rest];
		used = lineWidth(rest);
		empty = true;
		pendingSpace = undefined;
	};
	for (const token of tokenize(spans)) {
		if (token.kind === 'newline') {
			newLine();
			continue;
		}
		if (token.kind === 'space') {
			if (!empty) pendingSpace = span(' ', token.style);
			continue;
		}
		let word = token.text;
		const spaceWidth = pendingSpace ? 1 : 0;
		if (!empty && used + spaceWidth + textWidth(word) > width) newLine();
		else if (pendingSpace) {
			current.push(pendingSpace);
			used += 1;
		}
		pendingSpace = undefined;
		// A word longer than a whole line is split where the line ends.
		while (textWidth(word) > width - used) {
			const head = sliceWidth(word, Math.max(1, width - used)) || (graphemes(word).next().value ?? ' ');
			current.push(span(head, token.style));
			word = word.slice(head.length);
			newLine();
		}
		if (word) {
			current.push(span(word, token.style));
			used += textWidth(word);
			empty = false;
		}
	}
	if (!empty || lines.length === 0) lines.push(current);
	return lines;
}

/**
 * Wrap a line keeping every blank (commands, output): break after the last
 * blank that fits, else at the width. Following lines start with `rest`.
 */
export function wrapPreserving(line: Line, width: number, rest: Line): Line[] {
	const lines: Line[] = [];
	let remaining: Span[] = [...line];
	let isFirst = true;
	const restWidth = lineWidth(rest);
	for (let guard = 0; guard < 1000; guard++) {
		const room = isFirst ? width : width - restWidth;
		const total = lineWidth(remaining);
		if (total <= room || room <= 0) {
			lines.push(isFirst ? remaining : [...rest, ...remaining]);
			return lines;
		}
		const plain = remaining.map((part) => part.text).join('');
		const fits = sliceWidth(plain, room);
		const blank = fits.lastIndexOf(' ');
		const cut = blank > 0 ? blank + 1 : Math.max(1, fits.length);
		const [head, tail] = splitSpans(remaining, cut);
		lines.push(isFirst ? head : [...rest, ...head]);
		remaining = tail;
		isFirst = false;
	}
	return lines;
}

/** Split spans at a string offset of their joined text. */
export function splitSpans(spans: readonly Span[], offset: number): [Span[], Span[]] {
	const head: Span[] = [];
	const tail: Span[] = [];
	let at = 0;
	for (const part of spans) {
		const end = at + part.text.length;
		if (end <= offset) head.push(part);
		else if (at >= offset) tail.push(part);
		else {
			head.push({...part, text: part.text.slice(0, offset - at)});
			tail.push({...part, text: part.text.slice(offset - at)});
		}
		at = end;
	}
	return [head, tail];
}

/**
 * One line of a command's output as a terminal would leave it on screen
 * (the matcher's terminal text, with tabs expanded).
 *
 * @example displayText('10%\r\u001B[32m100%\u001B[0m\tok') // '100%    ok'
 */
export function displayText(raw: string): string {
	return terminalLine(raw, {tabs: 'expand'});
}
