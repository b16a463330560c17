import type {Html} from 'mdast';
import {findClosingBrace, parseAttributes, type RawAttribute} from './attributes.js';
import type {ConsoleLine} from './console.js';
import type {Report} from './diagnostics.js';
import {linesWithOffsets, type SourceMap} from './source.js';

export type HiddenText =
	| {
			readonly kind: 'markdown';
			readonly attributes: RawAttribute[];
			/** The comment's lines from the start of its first line, the comment's own text blanked: parse it and move it by `at`. */
			readonly padded: string;
			/** The file's line (1-based) and offset where `padded` starts. */
			readonly at: {readonly line: number; readonly offset: number};
	  }
	| {readonly kind: 'console'; readonly attributes: RawAttribute[]; readonly lines: ConsoleLine[]; readonly prefix: string};

/** A `<!-- runbook` comment that holds no command and is not a section's host: what is wrong with it. */
export const notReadMessage =
	'`<!-- runbook` comment holds no command (a fenced block or a `$ ` line: a hidden step) and is not a section\'s host (`<!-- runbook {host=NAME} -->`, attributes only, on one line): it is not read';

/**
 * The body of a `<!-- runbook {attrs} … -->` comment. A fenced body comes back as
 * text from the start of the comment's line, the comment's opening blanked, so
 * that its parse moved by `at` yields the file's own positions (the lines
 * before it would only be blank lines: leaving them out keeps the work
 * linear in the comment, not in its place in the file); the container
 * markers before the comment on its line stay, so that its lines keep their
 * meaning inside a list item or a block quote.
 */
export function hiddenStepText(node: Html, source: SourceMap, report: Report): HiddenText | undefined {
	const start = node.position?.start.offset;
	const end = node.position?.end.offset;
	if (start === undefined || end === undefined) return undefined;
	const raw = source.text.slice(start, end);
	const head = /^<!--[ \t]*runbook\b[ \t]*/.exec(raw);
	if (!head) return undefined;
	const close = raw.lastIndexOf('-->');
	let bodyEnd = start + (close === -1 ? raw.length : close);
	while (bodyEnd > start && (source.text[bodyEnd - 1] === ' ' || source.text[bodyEnd - 1] === '\t')) bodyEnd--;
	let cursor = start + head[0].length;
	let attributes: RawAttribute[] = [];
	if (source.text[cursor] === '{') {
		const lineEnd = Math.min(source.nextLine(cursor), bodyEnd);
		const line = source.text.slice(cursor, lineEnd);
		const closeBrace = findClosingBrace(line);
		// The attributes end at their brace: a `$ ` command may follow on the same line.
		attributes = parseAttributes(closeBrace === -1 ? line.replace(/\s+$/, '') : line.slice(0, closeBrace + 1), source.point(cursor), report);
		cursor = closeBrace === -1 ? lineEnd : cursor + closeBrace + 1;
	}
	const restOfLine = source.text.slice(cursor, Math.min(source.nextLine(cursor), bodyEnd)).trim();
	const bodyStart = restOfLine === '' ? Math.min(source.nextLine(cursor), bodyEnd) : cursor + (source.text.slice(cursor).length - source.text.slice(cursor).trimStart().length);
	const body = source.text.slice(bodyStart, bodyEnd);
	if (body.trimStart().startsWith('$ ')) {
		// Inside a list item or a block quote, the comment's lines carry the container's prefix.
		const prefix = source.text.slice(source.lineStart(start), start).replace(/[^>\s]/g, ' ');
		const lines = linesWithOffsets(source.text, bodyStart, bodyEnd)
			.map((line) => {
				const quoted = prefix.trim() !== '' && (line.text.startsWith(prefix) || line.text === prefix.trimEnd());
				const indent = quoted ? line.text.slice(0, prefix.length) : (/^[ \t]*/.exec(line.text)?.[0] ?? '');
				return {text: line.text.slice(indent.length), offset: line.offset, end: line.end, indent};
			})
			.filter((line, index, all) => !(index === all.length - 1 && line.text.trim() === ''));
		return {kind: 'console', attributes, lines, prefix};
	}
	if (body.trim() === '') {
		report('`<!-- runbook` comment holds no command: put a fenced block or a `$ ` line in it', source.point(start), 'hidden-step');
		return undefined;
	}
	// The comment's own container (a list item, a block quote) is kept, so that the body's lines read as they do in it.
	const lineStart = source.lineStart(start);
	const blank = (text: string) => text.replace(/[^\r\n]/g, ' ');
	const padded = source.text.slice(lineStart, start) + blank(source.text.slice(start, bodyStart)) + body;
	return {kind: 'markdown', attributes, padded, at: {line: source.point(lineStart).line, offset: lineStart}};
}
