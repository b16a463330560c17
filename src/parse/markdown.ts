import type {Root} from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import {unified} from 'unified';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** Markdown text to an mdast tree with positions (CommonMark + GFM + YAML frontmatter). */
export function parseMarkdown(text: string): Root {
	return processor.parse(text);
}
