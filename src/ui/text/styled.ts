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

/** Cells a code point takes in a terminal: 0 for controls and combining marks, 2 for wide ones. */
export function charWidth(codePoint: number): number {
	if (codePoint < 32 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
	if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200f) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
	if (
		(codePoint >= 0x1100 && codePoint <= 0x115f) ||
		(codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
		(codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
		(codePoint >= 0xf900 && codePoint <= 0xfaff) ||
		(codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
		(codePoint >= 0xff00 && codePoint <= 0xff60) ||
		(codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
		(codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
		(codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
		(codePoint >= 0x20000 && codePoint <= 0x3fffd)
	) {
		return 2;
	}
	return 1;
}

export function textWidth(text: string): number {
	let width = 0;
	for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
	return width;
}

/** Cut text into pieces of at most `width` cells, for lines that must be seen whole (diffs). */
export function chunkText(text: string, width: number): string[] {
	if (width <= 0) return [text];
	const chunks: string[] = [];
	let current = '';
	let used = 0;
	for (const char of text) {
		const cells = textWidth(char);
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
	for (const char of text) {
		const w = charWidth(char.codePointAt(0) ?? 0);
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
			const head = sliceWidth(word, Math.max(1, width - used)) || String.fromCodePoint(word.codePointAt(0) ?? 32);
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

// CSI, OSC and two-character escape sequences.
// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-Z\\-_]/g;

/**
 * One line of a command's output as a terminal would leave it on screen:
 * escapes dropped, a carriage return starts the line over, tabs expanded,
 * other control characters removed.
 */
export function displayText(raw: string): string {
	let text = raw.replace(ansiPattern, '');
	if (text.endsWith('\r')) text = text.slice(0, -1);
	const cr = text.lastIndexOf('\r');
	if (cr !== -1) text = text.slice(cr + 1);
	let out = '';
	for (const char of text) {
		if (char === '\t') out += ' '.repeat(8 - (textWidth(out) % 8));
		else {
			const code = char.codePointAt(0) ?? 0;
			if (code >= 32 && !(code >= 0x7f && code < 0xa0)) out += char;
		}
	}
	return out;
}
