import type {Heading, Paragraph, Table} from 'mdast';

/*
 * `<!-- runbook` comments that CommonMark does not give runbook as blocks of
 * their own (inside a line of text, inside another HTML block): each is an
 * error, so that the steps a section's host was meant for never run on this
 * machine unnoticed.
 */

/** A `<!-- runbook` comment in a line of text: never read, whatever it holds. */
export const inlineCommentMessage =
	'a `<!-- runbook` comment inside a line of text is not read (a heading, a paragraph or a table cell holds it): put it on a line of its own, after a blank line, as `<!-- runbook {host=NAME} -->` or a hidden step';

/**
 * Where the `<!-- runbook` comments inside `node`'s lines of text stand
 * (inline HTML, in upper or lower case, at any depth of emphasis or links):
 * a section's host or a hidden step written there is prose to CommonMark, so
 * that the steps it was meant for would run on this machine. In document
 * order; linear in the node's size (no recursion: inline nesting has no
 * bound of its own).
 */
export function inlineRunbookComments(node: Heading | Paragraph | Table): Array<{line: number; column: number}> {
	const found: Array<{line: number; column: number}> = [];
	const stack: unknown[] = [node];
	while (stack.length > 0) {
		const current = stack.pop() as {type: string; value?: string; children?: unknown[]; position?: {start: {line: number; column: number}}};
		if (current.type === 'html' && current.position && /^<!--[ \t]*runbook\b/i.test(current.value ?? '')) found.push({line: current.position.start.line, column: current.position.start.column});
		if (current.children) for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
	}
	return found;
}

/** A `<!-- runbook` comment inside another HTML block: never read. */
export const embeddedCommentMessage =
	'a `<!-- runbook` comment inside an HTML block (`<details>`, `<div>`, …) is not read: put a blank line before it, so that it starts a block of its own';

/**
 * Where in `html` (an HTML block's text that is not itself a comment, such
 * as `<details>` and the lines after it up to a blank line) a `<!-- runbook`
 * comment starts, in any case, or undefined: CommonMark reads it as part of
 * the block, so that a section's host or a hidden step there is never read.
 */
export function embeddedRunbookComment(html: string): number | undefined {
	if (html.startsWith('<!--')) return undefined;
	const index = html.search(/<!--[ \t]*runbook\b/i);
	return index === -1 ? undefined : index;
}
