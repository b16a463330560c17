import {maxDiffLines} from '../match/diff.js';
import {visibleText} from '../match/visible.js';
import type {Style} from './style.js';

/** The most lines of a diff (or of an output's tail) the pretty reporter prints under a failed step. */
export const prettyDiffLines = 40;

/** The most characters of one line it prints: a line of a megabyte says how much of it was left out. */
export const prettyLineChars = 400;

/** What the pretty reporter writes above a diff, once per diff: the signs' meaning. */
export const diffLegend = '- expected  + actual';

/**
 * A unified diff as the pretty reporter prints it, from `formatUnifiedDiff`
 * called with `prettyDiffLines` as its limit: its `--- expected` / `+++
 * actual` header replaced by one legend line (`diffLegend`), each line at
 * most `prettyLineChars` characters, control characters as visible escapes.
 * When the diff was cut, its last line (how many changed lines are not shown,
 * counted by the matcher) also says where more is (`wholeAt`: the JSON
 * report, named by its file or `stdout`; without one, how to get it).
 */
export function prettyDiff(diff: string, style: Style, wholeAt: string | undefined): string[] {
	const lines = visibleText(diff).split('\n');
	const body = lines[0] === '--- expected' && lines[1] === '+++ actual' ? lines.slice(2) : lines;
	const trailer = body.length > 0 && /^… \d+ more lines? of diff not shown$/.test(body.at(-1) ?? '') ? body.pop() : undefined;
	const shown = body.map((line) => colourLine(cutLine(line), style));
	if (trailer) shown.push(style.yellow(`${trailer} here; ${wholeAtText(wholeAt)}`));
	return [style.dim(diffLegend), ...shown];
}

/** Where a cut diff (`diff`) or stream (`stream`) can be read at more length: the JSON report keeps the whole output and stderr, and up to `maxDiffLines` lines of diff. */
export function wholeAtText(wholeAt: string | undefined, what: 'diff' | 'stream' = 'diff'): string {
	const keeps = what === 'diff' ? `up to ${maxDiffLines} lines of it and the whole output` : 'all of it';
	if (wholeAt === undefined) return `a JSON report (--reporter json, with --output-file.json=FILE beside this one) has ${keeps}`;
	return wholeAt === 'stdout' ? `the JSON report has ${keeps}` : `the JSON report (${wholeAt}) has ${keeps}`;
}

/** The last `prettyDiffLines` lines of a stream (stderr; lines already visible text), with a first line that says how many came before, when any did. */
export function tailLines(lines: readonly string[], what: string, style: Style, wholeAt: string | undefined): string[] {
	if (lines.length <= prettyDiffLines) return lines.map(cutLine);
	const cut = lines.length - prettyDiffLines;
	return [style.yellow(`… ${cut} earlier line${cut === 1 ? '' : 's'} of ${what} not shown here; ${wholeAtText(wholeAt, 'stream')}`), ...lines.slice(-prettyDiffLines).map(cutLine)];
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
