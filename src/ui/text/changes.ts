import type {FileLine} from '../state.js';
import {chunkText, displayText, span, type Line, type Style} from './styled.js';

const marks: Readonly<Record<FileLine['kind'], {readonly sign: string; readonly style: Style}>> = {
	removed: {sign: '-', style: {color: 'red'}},
	added: {sign: '+', style: {color: 'green'}},
	same: {sign: ' ', style: {dimColor: true}},
};

/**
 * The lines of a file that `a` changes, as a diff with line numbers:
 * `- 36 │ old`, `+ 36 │ new`, `  37 │ context`. A long line wraps under its
 * text rather than being cut: what changed may be at its end.
 */
export function changeLines(changes: readonly FileLine[], width: number): Line[] {
	const digits = String(Math.max(1, ...changes.map((change) => change.line))).length;
	const gutter = digits + 5;
	const lines: Line[] = [];
	for (const change of changes) {
		const mark = marks[change.kind];
		const pieces = chunkText(displayText(change.text), Math.max(1, width - gutter));
		pieces.forEach((piece, index) => {
			const sign = index === 0 ? `${mark.sign} ` : '  ';
			const number = index === 0 ? String(change.line).padStart(digits) : ' '.repeat(digits);
			lines.push([span(sign, mark.style), span(`${number} │ `, {color: 'gray'}), span(piece, mark.style)]);
		});
	}
	return lines;
}
