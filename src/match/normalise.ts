import type {AnsiMode} from '../model.js';
import {terminalLines} from './terminal.js';

/**
 * Normalise output for matching: the lines a terminal shows (see
 * `terminalLines`: carriage returns, erase-line, cursor moves, escapes, tabs
 * kept as `\t`), without trailing blank lines. Colour escapes are stripped
 * unless `ansi` is `keep`.
 *
 * @example normaliseLines('a  \r\ndownloading 10%\r\u001B[Kdone\n\n') // ['a', 'done']
 */
export function normaliseLines(text: string, ansi: AnsiMode = 'strip'): string[] {
	const lines = terminalLines(text, {ansi});
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	return lines;
}
