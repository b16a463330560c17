import type {Root} from 'mdast';
import {moveTree, countLines, shift} from './move-tree.js';

/**
 * Parsing a large document in top-level pieces, with the same tree as one
 * parse of the whole.
 *
 * Why: micromark keeps every event (a token with two points) of the whole
 * document until its tree is built, about 200 bytes per source byte: a 4 MB
 * document held 800 MB. Parsed a piece at a time, only one piece's events are
 * alive at once, and the tree is the same.
 *
 * Why it is the same (CommonMark's block phase reads line by line, and the
 * state at the start of a line is the stack of open blocks): a piece ends
 * just before a line S such that
 *  1. the line before S is blank: it closes any paragraph, table, setext or
 *     HTML block of kind 6 or 7, and no line after a blank one is a lazy
 *     continuation;
 *  2. S starts, at its first column, with a letter, `#`, `` ` ``, `~` or `<`:
 *     not a blank, `>` or a list marker, so it closes every block quote, list
 *     item and footnote definition (each needs a `>` or indentation to go on)
 *     and continues no list;
 *  3. the piece's own tree ends before that blank line: nothing the blank
 *     line does not close (a fenced block or an HTML block of kinds 1 to 5
 *     at the top level) runs to the piece's end.
 * Then nothing is open at S, which is how a parse starts, so the rest parses
 * alone as it does in the whole. What is not local:
 *  - link and footnote definitions are read by references anywhere in the
 *    document (micromark reads all text after all blocks): a text that may
 *    hold one (`]:` anywhere in it) is parsed whole. Reading each piece again
 *    with the document's definitions beside it was tried: it cost pieces ×
 *    definitions (22 s for 400 KB of reference links) and a label such as
 *    `[ ^x]` written back as `[^x]:` turned into a footnote;
 *  - a byte-order mark is not part of micromark's offsets: a text that starts
 *    with one is parsed whole;
 *  - frontmatter opens the document only: the first piece must hold all of
 *    it; a first line `---` that opens none there (a thematic break) has the
 *    text read whole, as micromark's frontmatter extension leaves a failed
 *    attempt's mark on what follows (`---`, `x`, blank, `<!-- -->`, `> q`:
 *    the quote is read as a paragraph).
 * Positions of a later piece are moved by its first line and offset (a piece
 * starts at a line's start, so columns stay). test/parse/chunks.test.ts
 * compares both parses, positions included, on generated documents.
 */

/**
 * About how long a piece is; a text shorter than twice this is parsed whole.
 * Measured on a 4 MB document (copies of runbooks/docker-network.md): 8 KB
 * pieces took 20% less time than 64 KB ones (a piece's events die young, so
 * the collector copies less) and 2 to 4 KB no less; the peak memory is the
 * same from 2 to 64 KB.
 */
export const defaultPieceLength = 8 * 1024;

type Parse = (text: string) => Root;

/** A piece of a text: where it starts (offset, and line breaks before it) and its tree, in the piece's own positions. */
type Piece = {readonly text: string; readonly start: number; readonly lines: number; readonly tree: Root};


/**
 * Parse `text` with `parse` in pieces of about `pieceLength` characters, as
 * described above; the same tree as `parse(text)`.
 */
export function parseInPieces(text: string, parse: Parse, pieceLength = defaultPieceLength): Root {
	if (text.length < 2 * pieceLength || text.charCodeAt(0) === 0xfeff || text.includes(']:')) return parse(text);
	const pieces = splitPieces(text, parse, pieceLength);
	if (!pieces) return parse(text);
	if (pieces.length === 1 && pieces[0]) return pieces[0].tree;
	const trees = pieces.map((piece) => piece.tree);
	const root: Root = {type: 'root', children: []};
	for (const [index, piece] of pieces.entries()) {
		const tree = trees[index];
		if (!tree) continue;
		moveTree(tree, piece.lines, piece.start);
		for (const child of tree.children) root.children.push(child);
	}
	const first = trees[0]?.position;
	const last = trees.at(-1)?.position;
	const lastPiece = pieces.at(-1);
	if (first && last && lastPiece) root.position = {start: first.start, end: shift(last.end, lastPiece.lines, lastPiece.start)};
	return root;
}

/** Cut `text` into pieces where the rules above allow, each parsed alone; undefined when it is to be read whole. */
function splitPieces(text: string, parse: Parse, pieceLength: number): Piece[] | undefined {
	const pieces: Piece[] = [];
	let start = 0;
	let lines = 0;
	let candidate = start + pieceLength;
	while (start < text.length) {
		const split = nextSplit(text, candidate);
		const piece = split === undefined ? text.slice(start) : text.slice(start, split.at);
		const tree = parse(piece);
		if (split !== undefined) {
			const last = tree.children.at(-1);
			const closed = last === undefined || (last.position?.end.offset ?? piece.length) <= split.blankLine - start;
			// A first line `---` that is not frontmatter in the first piece: read the text whole (a later `---` line may
			// close it, and micromark's frontmatter extension reads what follows a failed one otherwise than after no `---`).
			if (start === 0 && /^---[ \t]*(?:\r?\n|\r)/.test(text) && tree.children[0]?.type !== 'yaml') return undefined;
			if (!closed) {
				// Something is still open at the split: read this piece again up to a split twice as far
				// (at most twice the work of one parse).
				candidate = start + 2 * (split.at - start);
				continue;
			}
		}
		pieces.push({text: piece, start, lines, tree});
		if (split === undefined) break;
		lines += countLines(piece);
		start = split.at;
		candidate = start + pieceLength;
	}
	return pieces;
}

/** Offset just past the line break that ends the line holding `offset` (the text's length on its last line). */
function nextLineStart(text: string, offset: number): number {
	for (let i = offset; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 10) return i + 1;
		if (code === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
	}
	return text.length;
}

/** The first split whose blank line starts at or after `from`: a line starting as rule 2 says, after a blank line (rule 1). */
function nextSplit(text: string, from: number): {at: number; blankLine: number} | undefined {
	let lineStart = nextLineStart(text, from);
	let previousBlank = false;
	let previousStart = lineStart;
	while (lineStart < text.length) {
		if (previousBlank && /[A-Za-z#`~<]/.test(text[lineStart] ?? '')) return {at: lineStart, blankLine: previousStart};
		const following = nextLineStart(text, lineStart);
		previousBlank = /^[ \t]*(?:\r?\n|\r)$/.test(text.slice(lineStart, following));
		previousStart = lineStart;
		lineStart = following;
	}
	return undefined;
}
