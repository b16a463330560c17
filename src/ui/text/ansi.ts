import {visibleLine} from '../../match/visible.js';
import type {Line, Style} from './styled.js';

const colors: Readonly<Record<string, number>> = {black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90, grey: 90};

function codes(style: Style): number[] {
	const list: number[] = [];
	if (style.bold) list.push(1);
	if (style.dimColor) list.push(2);
	if (style.italic) list.push(3);
	if (style.underline) list.push(4);
	if (style.inverse) list.push(7);
	if (style.strikethrough) list.push(9);
	const color = style.color === undefined ? undefined : colors[style.color];
	if (color !== undefined) list.push(color);
	const background = style.backgroundColor === undefined ? undefined : colors[style.backgroundColor];
	if (background !== undefined) list.push(background + 10);
	return list;
}

/** A styled line as the escape sequences a terminal draws (what Ink would write for it); control characters in its text as escapes. */
export function ansiLine(line: Line): string {
	return line
		.map((part) => {
			const list = part.style ? codes(part.style) : [];
			const text = visibleLine(part.text);
			return list.length === 0 ? text : `\u001B[${list.join(';')}m${text}\u001B[0m`;
		})
		.join('');
}
