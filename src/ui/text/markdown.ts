import type {List, ListItem, Nodes, PhrasingContent, RootContent, Table} from 'mdast';
import {lineWidth, span, truncateLine, wrapPreserving, wrapSpans, type Line, type Span, type Style} from './styled.js';

/**
 * The Markdown before a step, as terminal lines: headings, paragraphs, lists,
 * quotes, emphasis, inline code, links, tables, other code blocks. HTML (the
 * comments hidden steps live in) is not shown.
 */
export function markdownLines(nodes: readonly RootContent[], width: number): Line[] {
	return blocks(nodes, Math.max(8, width));
}

const headingStyle = (depth: number): Style => (depth <= 2 ? {bold: true, color: 'cyan'} : {bold: true});

function blocks(nodes: readonly Nodes[], width: number, tight = false): Line[] {
	const lines: Line[] = [];
	for (const node of nodes) {
		const rendered = block(node, width);
		if (rendered.length === 0) continue;
		if (lines.length > 0 && !tight) lines.push([]);
		lines.push(...rendered);
	}
	return lines;
}

function block(node: Nodes, width: number): Line[] {
	switch (node.type) {
		case 'heading':
			return wrapSpans(inline(node.children, headingStyle(node.depth)), width);
		case 'paragraph':
			return wrapSpans(inline(node.children), width);
		case 'list':
			return list(node, width);
		case 'blockquote': {
			const bar: Line = [span('│ ', {dimColor: true})];
			return blocks(node.children, width - 2).map((line) => [...bar, ...line]);
		}
		case 'code': {
			const gutter: Line = [span('  ')];
			return node.value.split('\n').flatMap((text) => wrapPreserving([span(text, {color: 'gray'})], width - 2, gutter).map((line) => [...gutter, ...line]));
		}
		case 'thematicBreak':
			return [[span('─'.repeat(Math.min(width, 40)), {dimColor: true})]];
		case 'table':
			return table(node, width);
		default:
			return [];
	}
}

function list(node: List, width: number): Line[] {
	const start = node.start ?? 1;
	const lines: Line[] = [];
	node.children.forEach((item: ListItem, index) => {
		const check = item.checked === true ? '☑ ' : item.checked === false ? '☐ ' : '';
		const marker = `${node.ordered ? `${start + index}.` : '•'} ${check}`;
		const bullet: Line = [span(marker, {color: 'gray'})];
		const hang: Line = [span(' '.repeat(lineWidth(bullet)))];
		const body = blocks(item.children, width - lineWidth(bullet), !item.spread);
		body.forEach((line, i) => lines.push([...(i === 0 ? bullet : hang), ...line]));
		if (body.length === 0) lines.push(bullet);
	});
	return lines;
}

function table(node: Table, width: number): Line[] {
	const rows = node.children.map((row) => row.children.map((cell) => inline(cell.children)));
	const columns = Math.max(0, ...rows.map((row) => row.length));
	const widths = Array.from({length: columns}, (_, column) => Math.max(1, ...rows.map((row) => lineWidth(row[column] ?? []))));
	return rows.map((row, index) => {
		const line: Span[] = [];
		widths.forEach((cellWidth, column) => {
			if (column > 0) line.push(span(' │ ', {dimColor: true}));
			const cell = row[column] ?? [];
			const padding = cellWidth - lineWidth(cell);
			const cellSpans = index === 0 ? cell.map((part) => ({...part, style: {...part.style, bold: true}})) : cell;
			line.push(...cellSpans);
			if (padding > 0 && column < widths.length - 1) line.push(span(' '.repeat(padding)));
		});
		return truncateLine(line, width);
	});
}

function inline(nodes: readonly PhrasingContent[], style: Style = {}): Span[] {
	const spans: Span[] = [];
	const add = (text: string, extra: Style = {}) => {
		const merged = {...style, ...extra};
		spans.push(Object.keys(merged).length > 0 ? {text, style: merged} : {text});
	};
	for (const node of nodes) {
		switch (node.type) {
			case 'text':
				// A line break in the source is a space (a hard break is a `break` node).
				add(node.value.replace(/\r?\n/g, ' '));
				break;
			case 'emphasis':
				spans.push(...inline(node.children, {...style, italic: true}));
				break;
			case 'strong':
				spans.push(...inline(node.children, {...style, bold: true}));
				break;
			case 'delete':
				spans.push(...inline(node.children, {...style, strikethrough: true}));
				break;
			case 'inlineCode':
				add(node.value.replace(/\r?\n/g, ' '), {color: 'yellow'});
				break;
			case 'link':
			case 'linkReference':
				spans.push(...inline(node.children, {...style, color: 'blue', underline: true}));
				break;
			case 'image':
			case 'imageReference':
				add(`[${node.alt ?? 'image'}]`, {dimColor: true});
				break;
			case 'break':
				add('\n');
				break;
			case 'footnoteReference':
				add(`[^${node.identifier}]`, {dimColor: true});
				break;
			default:
				break;
		}
	}
	return spans;
}
