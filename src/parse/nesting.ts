/**
 * How deep a document may nest its containers. Markdown parsers take time
 * that grows faster than the text with nesting (1,500 list items nested by
 * indentation take minutes and a gigabyte in remark), and real documents nest
 * a few levels: past these limits a file is refused before it is parsed, so
 * that reading any file takes time linear in its size.
 */
export const maxNesting = 100;

/** Columns of leading blanks on a line (a tab counts to the next multiple of 4), about two per nested list. */
export const maxIndentColumns = 400;

/** A container marker at the start of what is left of a line: `>` or a list item's marker. */
const marker = /^[ \t]{0,3}(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]?/;

/**
 * The first line that nests deeper than the limits, with its 1-based place,
 * or undefined. One pass over the text.
 */
export function tooDeep(text: string): {line: number; column: number; message: string} | undefined {
	let line = 0;
	for (const content of text.split(/\r\n|\r|\n/)) {
		line++;
		let indent = 0;
		for (const char of content) {
			if (char === ' ') indent++;
			else if (char === '\t') indent += 4 - (indent % 4);
			else break;
		}
		if (indent > maxIndentColumns) {
			return {line, column: 1, message: `this line is indented ${indent} columns: runbook reads at most ${maxIndentColumns} (about ${maxIndentColumns / 2} nested list items), so the file is not read`};
		}
		let rest = content;
		let depth = 0;
		for (let found = marker.exec(rest); found && depth <= maxNesting; found = marker.exec(rest)) {
			depth++;
			rest = rest.slice(found[0].length);
		}
		if (depth > maxNesting) {
			return {line, column: 1, message: `this line nests more than ${maxNesting} block quotes and list items: runbook reads at most ${maxNesting}, so the file is not read`};
		}
	}
	return undefined;
}

/**
 * The place (1-based, in `yaml`) of the first `[` or `{` nested deeper than
 * {@link maxNesting} in YAML flow collections, or undefined. Quoted text is
 * skipped; one pass.
 */
export function flowTooDeep(yaml: string): {line: number; column: number} | undefined {
	let depth = 0;
	let quote = '';
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < yaml.length; i++) {
		const char = yaml[i];
		if (char === '\n') {
			line++;
			lineStart = i + 1;
		}
		if (quote) {
			if (char === quote) quote = '';
			continue;
		}
		if (char === '"' || char === "'") quote = char;
		else if (char === '[' || char === '{') {
			if (++depth > maxNesting) return {line, column: i - lineStart + 1};
		} else if ((char === ']' || char === '}') && depth > 0) depth--;
	}
	return undefined;
}
