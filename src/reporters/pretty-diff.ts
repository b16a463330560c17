import {visibleText} from '../match/visible.js';
import type {Style} from './style.js';

/** The most lines of a diff (or of an output's tail) the pretty reporter prints under a failed step. */
export const prettyDiffLines = 40;

/** The most characters of one line it prints: a line of a megabyte says how much of it was left out. */
export const prettyLineChars = 400;

/** What the pretty reporter writes above a diff, once per diff: the signs' meaning. */
export const diffLegend = '- expected  + actual';

/**
 * A unified diff (`formatUnifiedDiff`) as the pretty reporter prints it: its
 * `--- expected` / `+++ actual` header replaced by one legend line
 * (`diffLegend`), at most `prettyDiffLines` lines after it, each at most
 * `prettyLineChars` characters, control characters as visible escapes. When
 * lines are cut, a last line says how many and where the diff is whole
 * (`wholeAt`: the JSON report, named by its file or `stdout`; without one, how
 * to get it).
 */
export function prettyDiff(diff: string, style: Style, wholeAt: string | undefined): string[] {
	const lines = visibleText(diff).split('\n');
	const body = lines[0] === '--- expected' && lines[1] === '+++ actual' ? lines.slice(2) : lines;
	const shown = body.slice(0, prettyDiffLines).map((line) => colourLine(cutLine(line), style));
	const cut = body.length - prettyDiffLines;
	if (cut > 0) shown.push(style.yellow(`… ${cut} more line${cut === 1 ? '' : 's'} of the diff not shown here; ${wholeAtText(wholeAt)}`));
	return [style.dim(diffLegend), ...shown];
}

/** Where a cut diff or output can be read in full. */
export function wholeAtText(wholeAt: string | undefined): string {
	if (wholeAt === undefined) return 'run with --reporter json for the whole of it';
	return wholeAt === 'stdout' ? 'the JSON report has the whole of it' : `the JSON report (${wholeAt}) has the whole of it`;
}

/** A line past `prettyLineChars` characters, cut, with how much was. */
export function cutLine(line: string): string {
	if (line.length <= prettyLineChars) return line;
	return `${line.slice(0, prettyLineChars)}… (${line.length - prettyLineChars} more characters)`;
}

function colourLine(line: string, style: Style): string {
	if (line.startsWith('-')) return style.red(line);
	if (line.startsWith('+')) return style.green(line);
	if (line.startsWith('@@')) return style.cyan(line);
	return style.dim(line);
}
