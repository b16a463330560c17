import type {Nodes, Root} from 'mdast';

/** Line breaks in `text` (`\r\n`, `\r` and `\n` count one each). */
export function countLines(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 10) count++;
		else if (code === 13 && text.charCodeAt(i + 1) !== 10) count++;
	}
	return count;
}

type Point = NonNullable<Nodes['position']>['start'];

/** A point moved by `lines` lines and `offset` characters (a point at a line's start keeps its column). */
export function shift(point: Point, lines: number, offset: number): Point {
	return {line: point.line + lines, column: point.column, offset: point.offset === undefined ? undefined : point.offset + offset};
}

/**
 * Move the positions of a tree's nodes (not the root's) by `lines` lines and
 * `offset` characters: the tree of a text that starts at a line's start,
 * placed where that line is in a larger text. Iterative (no nesting overflows
 * the stack).
 */
export function moveTree(tree: Root, lines: number, offset: number): void {
	if (lines !== 0 || offset !== 0) {
		const stack: Nodes[] = [...tree.children];
		while (stack.length > 0) {
			const node = stack.pop();
			if (!node) break;
			const position = node.position;
			if (position) node.position = {start: shift(position.start, lines, offset), end: shift(position.end, lines, offset)};
			if ('children' in node) for (const child of node.children) stack.push(child);
		}
	}
}
