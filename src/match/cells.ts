import stringWidth from 'string-width';

// Made on first use: creating it costs milliseconds at start-up, and most output is ASCII.
let segmenter: Intl.Segmenter | undefined;

/**
 * The user-perceived characters of a text (an emoji with its modifiers, a
 * letter with its combining marks), so that nothing cuts one in half.
 *
 * @example [...graphemes('e\u0301👍🏽')] // ['e\u0301', '👍🏽']
 */
export function* graphemes(text: string): Generator<string> {
	// ASCII needs no segmenter (and is most of what commands print).
	if (isAscii(text) || simple.test(text)) {
		yield* text;
		return;
	}
	segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	for (const part of segmenter.segment(text)) yield part.segment;
}

/**
 * Cells a grapheme takes in a terminal, measured as Ink measures it
 * (`string-width`): 2 for wide ones (CJK, emoji), 0 for controls and marks.
 *
 * @example cellWidth('日') // 2
 */
export function cellWidth(grapheme: string): number {
	if (grapheme.length === 1) {
		const code = grapheme.charCodeAt(0);
		if (code >= 0x20 && code < 0x7f) return 1;
	}
	// string-width takes microseconds per call; output repeats the same few characters.
	let width = widths.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		if (widths.size >= maxCached) widths.clear();
		widths.set(grapheme, width);
	}
	return width;
}

const widths = new Map<string, number>();
const maxCached = 10_000;

/**
 * Cells a text takes in a terminal (escape sequences count as nothing).
 *
 * @example textCells('ab日本') // 6
 */
export function textCells(text: string): number {
	return isAscii(text) ? text.length : stringWidth(text);
}

// Printable ASCII only: every character is one cell.
const printableAscii = /^[\x20-\x7e]*$/;

// BMP text without marks, joiners, selectors, jamo or prepended signs: one grapheme per character (the segmenter is slow).
// eslint-disable-next-line no-misleading-character-class -- the class lists marks on purpose, to exclude them
const simple = /^[^\p{M}\u200D\uFE00-\uFE0F\u1160-\u11FF\uD7B0-\uD7FF\uD800-\uDFFF\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{10000}-\u{10FFFF}]*$/u;

function isAscii(text: string): boolean {
	return printableAscii.test(text);
}
