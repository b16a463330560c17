import {isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode} from 'yaml';
import {defaultTimeoutMs, type RunbookOptions, type ShellName} from '../model.js';
import {closest, type Report} from './diagnostics.js';
import {maxDurationText, parseDuration} from './duration.js';

export const frontmatterKeys = ['title', 'shell', 'cwd', 'timeout', 'grace', 'env', 'requires'] as const;

const shells: readonly ShellName[] = ['bash', 'sh', 'zsh'];

export const defaultOptions: RunbookOptions = {shell: 'bash', cwd: '.', timeoutMs: defaultTimeoutMs, env: {}, requires: []};

/**
 * Read the YAML frontmatter. `firstLine` is the file line of the YAML's first line
 * (the one after `---`).
 */
export function parseFrontmatter(yaml: string, firstLine: number, report: Report): RunbookOptions {
	const lineCounter = new LineCounter();
	const document = parseDocument(yaml, {lineCounter, prettyErrors: false, uniqueKeys: true});
	const at = (offset: number) => {
		const pos = lineCounter.linePos(offset);
		return {line: pos.line + firstLine - 1, column: pos.col};
	};
	const placeOf = (node: YamlNode | null | undefined) => at(node?.range?.[0] ?? 0);
	if (document.errors.length > 0) {
		for (const error of document.errors) {
			report(`frontmatter is not valid YAML: ${error.message.split('\n')[0]}`, at(error.pos[0]), 'frontmatter-yaml');
		}
		return defaultOptions;
	}
	const options: {-readonly [K in keyof RunbookOptions]: RunbookOptions[K]} = {...defaultOptions};
	const contents = document.contents;
	if (contents === null || (isScalar(contents) && contents.value === null)) return options;
	if (!isMap(contents)) {
		report('frontmatter must be a mapping of keys to values', placeOf(contents), 'frontmatter-yaml');
		return options;
	}
	for (const pair of contents.items) {
		const keyNode = pair.key as YamlNode | null;
		const key = isScalar(keyNode) ? String(keyNode.value) : '';
		const valueNode = pair.value as YamlNode | null;
		const value: unknown = valueNode && 'toJSON' in valueNode ? valueNode.toJSON() : null;
		const bad = (expected: string) => report(`bad value for \`${key}\` (expected ${expected})`, placeOf(valueNode ?? keyNode), 'frontmatter-value');
		switch (key) {
			case 'title': {
				if (typeof value === 'string' && value.trim()) options.title = value.trim();
				else bad('a string');
				break;
			}
			case 'shell': {
				if (shells.includes(value as ShellName)) options.shell = value as ShellName;
				else bad(shells.map((s) => `\`${s}\``).join(', '));
				break;
			}
			case 'cwd': {
				if (typeof value === 'string' && value) options.cwd = value;
				else bad('a folder, relative to the runbook');
				break;
			}
			case 'timeout':
			case 'grace': {
				const ms = typeof value === 'string' ? parseDuration(value) : {error: 'syntax'};
				if (typeof ms === 'number') options[key === 'timeout' ? 'timeoutMs' : 'graceMs'] = ms;
				else bad(ms.error === 'too-long' ? maxDurationText : 'a duration such as 30s or 2m');
				break;
			}
			case 'env': {
				if (!isMap(valueNode)) {
					bad('a mapping of variable names to values');
					break;
				}
				const env: Record<string, string> = {};
				for (const item of valueNode.items) {
					const name = isScalar(item.key) ? String(item.key.value) : '';
					const itemValue = isScalar(item.value) ? item.value.value : undefined;
					if (!/^[A-Za-z_]\w*$/.test(name)) {
						report(`bad variable name in \`env\`: \`${name}\``, placeOf(item.key as YamlNode), 'frontmatter-value');
					} else if (itemValue === undefined || (typeof itemValue === 'object' && itemValue !== null)) {
						report(`bad value for \`env.${name}\` (expected a string, a number or a boolean)`, placeOf((item.value ?? item.key) as YamlNode), 'frontmatter-value');
					} else {
						env[name] = itemValue === null ? '' : String(itemValue);
					}
				}
				options.env = env;
				break;
			}
			case 'requires': {
				const list = typeof value === 'string' ? [value] : value;
				if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim())) options.requires = list as string[];
				else bad('a command name or a list of them');
				break;
			}
			default: {
				const suggestion = closest(key, frontmatterKeys);
				const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
				report(`unknown frontmatter key \`${key}\`${hint}; valid: ${frontmatterKeys.join(', ')}`, placeOf(keyNode), 'frontmatter-key');
			}
		}
	}
	return options;
}
