import type {Step} from '../model.js';
import type {StepResult} from '../engine/events.js';
import {normaliseLines} from '../match/normalise.js';

/** A change of the source text: replace [start, end) with `text`. */
export type Edit = {readonly start: number; readonly end: number; readonly text: string};

/**
 * The new expected lines for a step: expected lines that still match (`...`,
 * `[..]`, `{{…}}`, literal) are kept as written, the rest becomes the actual
 * output, where a captured value is written back as its `{{name}}`.
 */
export function newExpectedLines(step: Step, result: StepResult, captured: ReadonlyMap<string, string>): string[] {
	const patterns = step.expected?.patterns ?? true;
	const generalise = (line: string) => (patterns ? writeCaptures(escapePatterns(line), captured) : line);
	const match = result.match;
	if (!step.expected || !match) return normaliseLines(result.output, step.attributes.ansi).map(generalise);
	if (match.ok) return [...match.expectedLines];
	// A diff cut down for its size no longer holds every line: record the output as it is.
	if (match.diff.some((line) => line.kind === 'omitted')) return match.actualLines.map(generalise);
	const lines: string[] = [];
	for (const line of match.diff) {
		if (line.kind === 'removed' || line.kind === 'omitted') continue;
		if (line.kind === 'added') lines.push(generalise(line.text));
		else if (line.expectedLine !== undefined) lines.push(match.expectedLines[line.expectedLine - 1] ?? line.text);
		// Actual lines covered by a `...` stay covered by it.
	}
	return lines;
}

/**
 * Recorded output is literal: text that would read as a pattern (`{{`, `[..]`,
 * a line `...`) is written as a pattern matching exactly that text.
 */
export function escapePatterns(line: string): string {
	if (line.trim() === '...') return line.replace('...', '{{/\\.\\.\\./}}');
	return line.replace(/\{\{|\[\.\.\]/g, (found) => (found === '{{' ? '{{/\\{\\{/}}' : '{{/\\[\\.\\.\\]/}}'));
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
