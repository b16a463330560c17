import type {Step} from '../model.js';
import type {StepResult} from '../engine/events.js';
import {normaliseLines} from '../match/normalise.js';
import {isCutMarker} from '../engine/output-buffer.js';
import {matchOutput, type MatchResult} from '../match/match.js';
import {keepPatterns, likeness} from './keep-patterns.js';

/** A change of the source text: replace [start, end) with `text`. */
export type Edit = {readonly start: number; readonly end: number; readonly text: string};

/**
 * The new expected lines for a step: expected lines that still match (`...`,
 * `[..]`, `{{…}}`, literal) are kept as written; an expected line that changed
 * keeps each of its patterns where the new text still fits it
 * (`keepPatterns`); the rest becomes the actual output, where a captured
 * value is written back as its `{{name}}`. When the lines so kept would not
 * match the output as a whole (a name that must hold one value twice), the
 * changed lines are recorded as they are.
 */
export function newExpectedLines(step: Step, result: StepResult, captured: ReadonlyMap<string, string>): string[] {
	const patterns = step.expected?.patterns ?? true;
	const generalise = (line: string) => (patterns ? writeCaptures(escapePatterns(line), captured) : line);
	const match = result.match;
	if (result.cut) return recordCut(normaliseLines(result.output, step.attributes.ansi), generalise);
	if (!step.expected || !match) return normaliseLines(result.output, step.attributes.ansi).map(generalise);
	if (match.ok) return [...match.expectedLines];
	// A diff cut down for its size no longer holds every line: record the output as it is.
	if (match.diff.some((line) => line.kind === 'omitted')) return match.actualLines.map(generalise);
	if (!patterns) return mergeDiff(match, (_old, added) => added.map(generalise));
	const kept = mergeDiff(match, (removed, added) => rewriteChanged(removed, added, generalise));
	if (matchOutput(kept.join('\n'), result.output, {ansi: step.attributes.ansi}).ok) return kept;
	return mergeDiff(match, (_old, added) => added.map(generalise));
}

/**
 * Lines recorded from each end of an output too large to hold whole: a note
 * is read by people, and thousands of lines of a log are not; both ends
 * are still checked, and `...` stands for the rest.
 */
export const recordedEndLines = 10;

/**
 * Output cut for its size is recorded as its first `recordedEndLines` lines,
 * a `...` line and its last ones, so that the next run still checks both
 * ends: a line cut in two by the cut is never recorded.
 */
function recordCut(lines: readonly string[], generalise: (line: string) => string): string[] {
	const at = lines.findIndex(isCutMarker);
	if (at === -1) return lines.map(generalise);
	// The lines next to the marker may be parts of lines.
	const head = lines.slice(0, Math.min(recordedEndLines, Math.max(0, at - 1)));
	const tail = lines.slice(at + 2).slice(-recordedEndLines);
	return [...head.map(generalise), '...', ...tail.map(generalise)];
}

type Rewrite = (removed: readonly string[], added: readonly string[]) => string[];

/** Walk the diff: agreeing lines stay as written, each run of changes is rewritten. */
function mergeDiff(match: MatchResult, rewrite: Rewrite): string[] {
	const lines: string[] = [];
	let removed: string[] = [];
	let added: string[] = [];
	const flush = () => {
		if (removed.length > 0 || added.length > 0) lines.push(...rewrite(removed, added));
		removed = [];
		added = [];
	};
	for (const line of match.diff) {
		if (line.kind === 'omitted') continue;
		if (line.kind === 'removed') removed.push(line.text);
		else if (line.kind === 'added') added.push(line.text);
		else {
			flush();
			// Actual lines covered by a `...` stay covered by it.
			if (line.expectedLine !== undefined) lines.push(match.expectedLines[line.expectedLine - 1] ?? line.text);
		}
	}
	flush();
	return lines;
}

/** The least likeness (see `likeness`) for an actual line to be read as the new text of an expected line. */
const minLikeness = 0.5;

/**
 * One run of changes: each removed expected line that holds patterns is
 * paired, in order, with the most alike added line after the last pair; a
 * paired line keeps the patterns that still fit.
 */
function rewriteChanged(removed: readonly string[], added: readonly string[], generalise: (line: string) => string): string[] {
	const pairs = new Map<number, string>();
	let next = 0;
	for (const old of removed) {
		let best = -1;
		let bestLikeness = minLikeness;
		for (let j = next; j < added.length; j++) {
			const score = likeness(old, added[j] ?? '');
			if (score > bestLikeness || (score === bestLikeness && best === -1)) {
				best = j;
				bestLikeness = score;
			}
		}
		if (best === -1) continue;
		pairs.set(best, old);
		next = best + 1;
	}
	return added.map((line, j) => {
		const old = pairs.get(j);
		return (old === undefined ? undefined : keepPatterns(old, line, generalise)) ?? generalise(line);
	});
}

/**
 * Recorded output is literal: text that would read as a pattern (`{{`, `[..]`,
 * a line `...`) is written as a pattern matching exactly that text.
 */
export function escapePatterns(line: string): string {
	if (line.trim() === '...') return line.replace('...', '{{/\\.\\.\\./}}');
	return line.replace(/\{\{|\[\.\.\]/g, (found) => (found === '{{' ? '{{/\\{\\{/}}' : '{{/\\[\\.\\.\\]/}}'));
}

/**
 * Output recorded into a console transcript stays output: a line that would
 * read as a command (`$ `, a lone `$`), as the command's continuation (`> `
 * first), as its exit status (`[N]` last) or as the fence closing the block starts with a pattern matching
 * exactly its first character instead (the transcript rules: `parse/console.ts`).
 */
export function escapeTranscript(lines: readonly string[]): string[] {
	const lastText = lines.findLastIndex((line) => line.trim() !== '');
	return lines.map((line, index) => {
		if (line.startsWith('$ ') || line === '$') return `{{/\\$/}}${line.slice(1)}`;
		// A fence line would close the transcript's block.
		if (/^ {0,3}(```|~~~)/.test(line)) return line.replace(/[`~]/, (mark) => `{{/${mark}/}}`);
		if (index === 0 && /^>( |$)/.test(line)) return `{{/>/}}${line.slice(1)}`;
		if (index === lastText && /^\[\d+\]$/.test(line.trim())) return line.replace('[', '{{/\\[/}}');
		return line;
	});
}

/** A hidden transcript's lines lose their leading blanks when read (`parse/hidden.ts`): recorded ones are written as a pattern. */
export function escapeLeadingBlanks(line: string): string {
	return line.replace(/^[ \t]+(?=\S)/, (blanks) => `{{/${blanks}/}}`);
}

/** Inside an HTML comment (a hidden step), `-->` would end the comment: its `>` is written as a pattern. */
export function escapeCommentEnd(line: string): string {
	return line.replaceAll('-->', '--{{/>/}}');
}

/** Replace each captured value that stands as a whole token with `{{name}}`. */
export function writeCaptures(line: string, captured: ReadonlyMap<string, string>): string {
	let result = line;
	const byLength = [...captured].filter(([, value]) => value.length >= 4 && !/\s/.test(value)).sort((a, b) => b[1].length - a[1].length);
	for (const [name, value] of byLength) {
		const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		result = result.replace(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'g'), `{{${name}}}`);
	}
	return result;
}

/** The longer fence a block needs when its text holds a fence of its own. */
export function fenceFor(lines: readonly string[], current: string): string {
	const char = current[0] === '~' ? '~' : '`';
	let longest = 0;
	for (const line of lines) {
		const run = new RegExp(`^\\s*(\\${char}{3,})`).exec(line)?.[1];
		if (run) longest = Math.max(longest, run.length);
	}
	return longest >= current.length ? char.repeat(longest + 1) : current;
}

/** The line ending used around an offset: CRLF files stay CRLF. */
export function lineEndingAt(text: string, offset: number): string {
	const newline = text.indexOf('\n', offset);
	const at = newline === -1 ? text.lastIndexOf('\n') : newline;
	return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}
