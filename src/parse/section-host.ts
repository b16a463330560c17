import type {Html} from 'mdast';
import {findClosingBrace, parseAttributes} from './attributes.js';
import {hostNamePattern, hostNameRule} from './destination.js';
import type {Report} from './diagnostics.js';
import type {SourceMap} from './source.js';

/** A section's default host, as its comment gives it: the name (undefined when it was refused) and where `host=` is written. */
export type SectionHost = {readonly host: string | undefined; readonly at: {readonly line: number; readonly column: number}};

/**
 * Read a section's host comment, `<!-- runbook {host=NAME} -->`: an HTML
 * comment that holds only attributes, no command (GitHub does not show it).
 * Undefined when `node` is not one (a hidden step holds a command; another
 * comment is prose). Only `host=` may stand in it: another attribute is
 * `bad-attribute`, a bad name `attribute-value`; the last `host=` counts.
 * Its scope (the steps after it, to the end of its section) is the walk's.
 */
export function readSectionHost(node: Html, source: SourceMap, report: Report): SectionHost | undefined {
	const start = node.position?.start.offset;
	const end = node.position?.end.offset;
	if (start === undefined || end === undefined) return undefined;
	const raw = source.text.slice(start, end);
	const head = /^<!--[ \t]*runbook[ \t]*(?=\{)/.exec(raw);
	if (!head) return undefined;
	const text = raw.slice(head[0].length);
	const close = findClosingBrace(text);
	if (close === -1 || !/^\s*-->\s*$/.test(text.slice(close + 1))) return undefined;
	const braceAt = source.point(start + head[0].length);
	const attributes = parseAttributes(text.slice(0, close + 1), braceAt, report);
	let host: string | undefined;
	let at = {line: braceAt.line, column: braceAt.column};
	if (attributes.length === 0) {
		report('a `<!-- runbook {…} -->` comment without a command sets the host of its section\'s steps: write `{host=NAME}` (or put a command in it to hide a step)', braceAt, 'bad-attribute');
	}
	for (const attribute of attributes) {
		if (attribute.key !== 'host') {
			const shown = attribute.key === 'name' ? `#${String(attribute.value)}` : attribute.key;
			report(
				`\`${shown}\` cannot stand in a section's \`<!-- runbook {host=NAME} -->\` comment: only \`host=\` can (to hide a step, put its command in the comment: a fenced block or a \`$ \` line)`,
				attribute,
				'bad-attribute',
			);
			continue;
		}
		at = {line: attribute.line, column: attribute.column};
		if (typeof attribute.value === 'string' && hostNamePattern.test(attribute.value)) host = attribute.value;
		else {
			report(`bad value for \`host\`: ${attribute.value === true || attribute.value === '' ? 'nothing' : `\`${attribute.value}\``} (expected a host name: ${hostNameRule})`, attribute, 'attribute-value');
			host = undefined;
		}
	}
	return {host, at};
}
