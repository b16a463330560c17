import type {Root} from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import {unified} from 'unified';
import {parseInPieces} from './chunks.js';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** One parse of the whole text, with unified's processor. */
export function parseWhole(text: string): Root {
	return processor.parse(text);
}

/**
 * Markdown text to an mdast tree with positions (CommonMark + GFM + YAML
 * frontmatter). A large text is parsed in top-level pieces (`chunks.ts`):
 * the same tree, in memory that stays linear in the text.
 */
export function parseMarkdown(text: string): Root {
	return parseInPieces(text, parseWhole);
}
