import type {Step} from '../model.js';
import {normaliseLines} from '../match/normalise.js';
import type {StepResult} from '../engine/events.js';
import {escapeCommentEnd, escapeLeadingBlanks, escapeTranscript, fenceFor, lineEndingAt, newExpectedLines, type Edit} from './render.js';

export type {Edit} from './render.js';
export {writeIfUnchanged} from './write-file.js';

/**
 * The edit that records a step's actual output as its expected output, or
 * undefined when there is nothing to change (it matched, or printed nothing
 * and has no block). Pure.
 *
 * @example planUpdate(source, step, result, new Map(), {addNew: true})
 */
export function planUpdate(
	source: string,
	step: Step,
	result: StepResult,
	captured: ReadonlyMap<string, string>,
	options: {addNew: boolean},
): Edit | undefined {
	if (result.status === 'skipped' || result.timedOut || result.interrupted) return undefined;
	const expected = step.expected;
	if (expected && result.match?.ok !== false) return undefined;
	if (!expected && (!options.addNew || result.output.trim() === '' || step.attributes.background)) return undefined;
	const lines = safeLines(step, newExpectedLines(step, result, captured));
	if (!expected) return insertBlock(source, step, lines);
	// Nothing to write: the expectation holds as written, the output breaks it (see `refusalOf`).
	if (lines.join('\n') === normaliseLines(expected.text, 'keep').join('\n')) return undefined;
	const eol = lineEndingAt(source, expected.source.contentStart);
	const indent = expected.source.indent;
	const body = bodyOf(lines, indent, eol);
	const src = expected.source;
	// A one-line hidden step (`<!-- runbook $ cmd -->`): its output starts on a line of its own.
	if (src.kind === 'console') return {start: src.contentStart, end: src.contentEnd, text: `${midLine(source, src.contentStart) ? eol : ''}${body}`};
	const fence = fenceFor(lines, src.fence);
	if (fence === src.fence) return {start: src.contentStart, end: src.contentEnd, text: body};
	// The output holds a fence: lengthen both fences of the block.
	const openingLine = source.slice(src.span.start.offset, src.contentStart);
	const closingLine = source.slice(src.contentEnd, src.span.end.offset);
	const opening = openingLine.replace(src.fence, fence);
	const closing = closingLine.includes(src.fence) ? closingLine.replace(/[`~]+/, fence) : `${indent}${fence}`;
	return {start: src.span.start.offset, end: src.span.end.offset, text: `${opening}${body}${closing}`};
}

/**
 * Why a step's output that did not match is not recorded, when `planUpdate`
 * has no edit for it: every line matches, but a name captured twice shows two
 * values (`{{v}}` is 1 on one line and 2 on another). Writing would change
 * nothing: the output breaks what the author wrote, and only the author can
 * say which value is right.
 */
export function refusalOf(step: Step, result: StepResult): string | undefined {
	const match = result.match;
	if (!step.expected || !match || match.ok || result.status === 'skipped') return undefined;
	if (match.diff.some((line) => line.kind === 'added' || line.kind === 'removed')) return undefined;
	return `not recorded: ${match.note ?? 'the output matches every line but not the whole'}; edit the expected output by hand`;
}

/** Whether `offset` stands after text on its line. */
function midLine(source: string, offset: number): boolean {
	return offset > 0 && source[offset - 1] !== '\n' && source[offset - 1] !== '\r';
}

/** Expected lines made safe for where they are written: a transcript, a hidden step's comment. */
function safeLines(step: Step, lines: string[]): string[] {
	const inTranscript = step.expected ? step.expected.source.kind === 'console' : step.insertAt.console;
	const patterns = step.expected?.patterns ?? true;
	const escaped = inTranscript ? escapeTranscript(lines) : lines;
	if (!step.hidden || !patterns) return escaped;
	return escaped.map((line) => escapeCommentEnd(inTranscript ? escapeLeadingBlanks(line) : line));
}

function insertBlock(source: string, step: Step, lines: readonly string[]): Edit {
	const {offset, indent, console} = step.insertAt;
	const eol = lineEndingAt(source, Math.max(0, offset - 1));
	const lead = offset > 0 && source[offset - 1] !== '\n' ? eol : '';
	const body = bodyOf(lines, indent, eol);
	if (console) return {start: offset, end: offset, text: `${lead}${body}`};
	const fence = fenceFor(lines, '```');
	// The blank line keeps a block quote's `>`: a bare blank line would end the quote.
	const blank = indent.trimEnd();
	return {start: offset, end: offset, text: `${lead}${blank}${eol}${indent}${fence}output${eol}${body}${indent}${fence}${eol}`};
}

/**
 * Lines under the prefix of their container (list indentation, `> `); an
 * empty line gets the prefix without its trailing blanks (`>`, or nothing).
 */
function bodyOf(lines: readonly string[], indent: string, eol: string): string {
	return lines.map((line) => `${line === '' ? indent.trimEnd() : indent + line}${eol}`).join('');
}

/** Apply edits that do not overlap; offsets refer to the original text. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
	let result = source;
	for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
		result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
	}
	return result;
}
