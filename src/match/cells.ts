import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/**
 * The user-perceived characters of a text (an emoji with its modifiers, a
 * letter with its combining marks), so that nothing cuts one in half.
 *
 * @example [...graphemes('e\u0301👍🏽')] // ['e\u0301', '👍🏽']
 */
export function* graphemes(text: string): Generator<string> {
	// ASCII needs no segmenter (and is most of what commands print).
	if (isAscii(text)) {
		yield* text;
		return;
	}
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
	return stringWidth(grapheme);
}

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

function isAscii(text: string): boolean {
	return printableAscii.test(text);
}
