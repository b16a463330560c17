import {stripVTControlCharacters} from 'node:util';
import type {AnsiMode} from '../model.js';

/**
 * Normalise output as a terminal would show it: CRLF to LF, carriage returns
 * overwriting from the line's start (`10%\r100%` reads `100%`), ANSI escapes
 * stripped unless kept, trailing blanks on each line and trailing blank lines dropped.
 *
 * @example normaliseLines('a  \r\nprogress 10%\rprogress 100%\n\n') // ['a', 'progress 100%']
 */
export function normaliseLines(text: string, ansi: AnsiMode = 'strip'): string[] {
	let value = text.replace(/\r+\n/g, '\n');
	if (ansi === 'strip') value = stripVTControlCharacters(value);
	const lines = value.split('\n').map((line) => resolveCarriageReturns(line).replace(/[ \t]+$/, ''));
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	return lines;
}

/** Later text after a `\r` overwrites the line from its first column. */
export function resolveCarriageReturns(line: string): string {
	if (!line.includes('\r')) return line;
	let screen = '';
	for (const segment of line.split('\r')) {
		screen = segment + screen.slice(segment.length);
	}
	return screen;
}
