import type {Nodes, Root} from 'mdast';
import {countLines, moveTree} from './move-tree.js';

/** A piece of a text (`chunks.ts`): where it starts (offset, and line breaks before it) and its tree, in the piece's own positions. */
export type Piece = {readonly text: string; readonly start: number; readonly lines: number; readonly tree: Root};

/** Nodes whose children are inline: no definition is inside them. */
const phrasing = new Set(['paragraph', 'heading', 'tableCell', 'tableRow', 'table']);

/**
 * The trees of `pieces` as one parse of the whole text gives them when link
 * or footnote definitions are in it, or undefined when that cannot be told
 * (the text is then parsed whole).
 *
 * micromark tokenizes all inline text after all blocks, so a reference
 * (`[text][id]`, `[id]`, `[^id]`) is a link or a footnote call when its
 * label is defined anywhere in the document: micromark's parser keeps the
 * normalized labels (`defined`, `gfmFootnotes`). A piece that names a label
 * (it holds a `]`) is read again with the document's definitions written
 * beside it, after its last blank line for the first piece (which may open
 * with frontmatter), before it for the others (which start after a blank
 * line, where nothing is open), each `[id]: x` or `[^id]: x` line between
 * blank lines; the nodes they add are then taken out. An identifier is the
 * label as written, its blanks joined and its case folded: written back, it
 * yields the same normalized label when its case folding is plain ASCII,
 * which is required.
 */
export function withDefinitions(pieces: readonly Piece[], parse: (text: string) => Root): Root[] | undefined {
	const links = new Set<string>();
	const footnotes = new Set<string>();
	for (const piece of pieces) collectDefinitions(piece.tree, links, footnotes);
	if (links.size === 0 && footnotes.size === 0) return pieces.map((piece) => piece.tree);
	if ([...links, ...footnotes].some((identifier) => /[^\x20-\x7E]/.test(identifier))) return undefined;
	const lines = [...[...links].map((id) => `[${id}]: x`), ...[...footnotes].map((id) => `[^${id}]: x`)];
	const seed = lines.map((line) => `${line}\n\n`).join('');
	const trees: Root[] = [];
	for (const [index, piece] of pieces.entries()) {
		if (!piece.text.includes(']')) {
			trees.push(piece.tree);
			continue;
		}
		const tree = index === 0 ? parse(piece.text + seed) : parse(seed + piece.text);
		const added = index === 0 ? tree.children.splice(tree.children.length - lines.length) : tree.children.splice(0, lines.length);
		const at = index === 0 ? piece.text.length : 0;
		const wellPlaced = added.every((node) => (node.type === 'definition' || node.type === 'footnoteDefinition') && (node.position?.start.offset ?? -1) >= at && (node.position?.end.offset ?? Infinity) <= at + seed.length);
		if (added.length !== lines.length || !wellPlaced) return undefined;
		if (index !== 0) {
			moveTree(tree, -countLines(seed), -seed.length);
			if (tree.position) tree.position = {start: piece.tree.position?.start ?? tree.position.start, end: piece.tree.position?.end ?? tree.position.end};
		} else if (tree.position) {
			tree.position = piece.tree.position;
		}
		trees.push(tree);
	}
	return trees;
}

/** The identifiers of a tree's link and footnote definitions, at any depth of blocks. */
function collectDefinitions(tree: Root, links: Set<string>, footnotes: Set<string>): void {
	const stack: Nodes[] = [tree];
	while (stack.length > 0) {
		const node = stack.pop();
		if (!node) break;
		if (node.type === 'definition') links.add(node.identifier);
		else if (node.type === 'footnoteDefinition') footnotes.add(node.identifier);
		if ('children' in node && !phrasing.has(node.type)) for (const child of node.children) stack.push(child);
	}
}
