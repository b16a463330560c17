import type {Code, Nodes} from 'mdast';

/** Nodes whose children are inline text: no fenced block can be inside them. */
const phrasing = new Set(['paragraph', 'heading', 'tableCell']);

/**
 * Every fenced or indented code block of a tree, in document order. Iterative
 * and blind to inline content, so that no nesting (3,000 nested emphases) can
 * overflow the stack.
 */
export function codeBlocks(tree: Nodes): Code[] {
	const found: Code[] = [];
	const stack: Nodes[] = [tree];
	while (stack.length > 0) {
		const node = stack.pop();
		if (!node) break;
		if (node.type === 'code') found.push(node);
		else if ('children' in node && !phrasing.has(node.type)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
	}
	return found;
}
