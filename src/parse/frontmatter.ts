import {flowTooDeep, maxNesting} from './nesting.js';
import {isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode} from 'yaml';
import type {RunbookOptions} from '../model.js';
import {defaultOptions} from './defaults.js';
import {closest, levenshtein, type Report} from './diagnostics.js';
import {maxDurationText, parseDuration} from './duration.js';
import {readHosts} from './frontmatter-hosts.js';
import {readShell, runmeFrontmatterKeys, sessionShells, splitTags} from './runme.js';

/** runbook's own keys (a key one or two letters from one of them is a warning). Runme's `tag` and `category` are read too. */
export const frontmatterKeys = ['title', 'shell', 'cwd', 'timeout', 'grace', 'env', 'requires', 'secrets', 'exclusive', 'hosts', 'ssh-config'] as const;

/**
 * Read the YAML frontmatter. `firstLine` is the file line of the YAML's first line
 * (the one after `---`).
 *
 * Frontmatter is shared with docs sites (Hugo's `weight`, Docusaurus's
 * `sidebar_position`, Jekyll's `layout`, …) and with Runme (`runme:`): keys
 * runbook does not know are theirs and are left alone, but a key one letter
 * from a known one (two for keys of six letters or more: `timout`) is a
 * warning that names it. Under a
 * `runbook:` mapping, settings never collide with a site's own `title` or
 * `shell`: when it is there, only its keys are runbook's. `declaredHosts`,
 * when given, is filled with the names `hosts:` declares (see `readHostsKey`).
 */
export function parseFrontmatter(yaml: string, firstLine: number, report: Report, declaredHosts?: Set<string>): RunbookOptions {
	// The YAML parser recurses per level: a value nested thousands deep would exhaust the stack.
	const deep = flowTooDeep(yaml);
	if (deep !== undefined) {
		report(`frontmatter nests more than ${maxNesting} brackets deep: runbook reads at most ${maxNesting}`, {line: firstLine + deep.line - 1, column: deep.column}, 'nesting-too-deep');
		return defaultOptions;
	}
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
	const own = contents.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === 'runbook');
	if (own) {
		if (isMap(own.value)) readKeys(own.value.items, options, {report, placeOf, declared: declaredHosts});
		else report('bad value for `runbook` (expected a mapping of runbook settings)', placeOf((own.value ?? own.key) as YamlNode), 'frontmatter-value');
	} else {
		readKeys(contents.items, options, {report, placeOf, declared: declaredHosts});
	}
	return options;
}

type KeyContext = {readonly report: Report; readonly placeOf: (node: YamlNode | null | undefined) => {line: number; column: number}; readonly declared?: Set<string> | undefined};

/** Read runbook's settings from a mapping's pairs into `options`. */
function readKeys(items: ReadonlyArray<{key: unknown; value: unknown}>, options: {-readonly [K in keyof RunbookOptions]: RunbookOptions[K]}, context: KeyContext): void {
	for (const pair of items) {
		const keyNode = pair.key as YamlNode | null;
		const key = isScalar(keyNode) ? String(keyNode.value) : '';
		const valueNode = pair.value as YamlNode | null;
		const value: unknown = valueNode && 'toJSON' in valueNode ? valueNode.toJSON() : null;
		const bad = (expected: string) => context.report(`bad value for \`${key}\` (expected ${expected})`, context.placeOf(valueNode ?? keyNode), 'frontmatter-value');
		switch (key) {
			case 'title': {
				// An empty title (GitHub's issue templates have one) leaves the default: the first heading.
				if (typeof value === 'string') {
					if (value.trim()) options.title = value.trim();
				} else bad('a string');
				break;
			}
			case 'shell': {
				readShellKey(value, options, {...context, at: context.placeOf(valueNode ?? keyNode)});
				break;
			}
			case 'tag':
			case 'category': {
				// Runme's document tags (`category` is the older name): comma-separated, or a list. Another shape is another tool's key.
				const list = typeof value === 'string' ? splitTags(value) : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.flatMap(splitTags) : [];
				if (list.length > 0) options.tags = [...new Set([...(options.tags ?? []), ...list])];
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
						context.report(`bad variable name in \`env\`: \`${name}\``, context.placeOf(item.key as YamlNode), 'frontmatter-value');
					} else if (itemValue === undefined || (typeof itemValue === 'object' && itemValue !== null)) {
						context.report(`bad value for \`env.${name}\` (expected a string, a number or a boolean)`, context.placeOf((item.value ?? item.key) as YamlNode), 'frontmatter-value');
					} else {
						env[name] = itemValue === null ? '' : String(itemValue);
					}
				}
				options.env = env;
				break;
			}
			case 'requires': {
				// `requires: curl jq` or `curl, jq` lists two commands.
				const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
				if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim())) options.requires = list as string[];
				else bad('a command name or a list of them');
				break;
			}
			case 'secrets': {
				// `secrets: DB_PASS DEPLOY_KEY` or a list: variables whose values are masked.
				const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
				if (Array.isArray(list) && list.every((item) => typeof item === 'string' && /^[A-Za-z_]\w*$/.test(item))) options.secrets = list as string[];
				else bad('a variable name or a list of them');
				break;
			}
			case 'exclusive': {
				// `exclusive: true`: the runbook needs the machine to itself (a fixed port, fixed Docker names); `test -j` runs it alone.
				if (typeof value === 'boolean') options.exclusive = value;
				else bad('true or false');
				break;
			}
			case 'hosts': {
				// The pairs as plain data: no YAML type reaches the hosts' reader (nor the package's declarations).
				const entries = isMap(valueNode)
					? valueNode.items.map((item) => ({
							name: isScalar(item.key) ? String(item.key.value) : '',
							value: isScalar(item.value) ? item.value.value : item.value,
							nameAt: context.placeOf(item.key as YamlNode),
							valueAt: context.placeOf((item.value ?? item.key) as YamlNode),
						}))
					: value === null
						? []
						: undefined;
				const hosts = readHosts(entries, context.placeOf(valueNode ?? keyNode), context.report, context.declared);
				if (hosts) options.hosts = hosts;
				break;
			}
			case 'ssh-config': {
				// Handed to ssh as `-F FILE`; relative to the runbook's folder (`resolveHosts`).
				if (typeof value === 'string' && value.trim()) options.sshConfig = value.trim();
				else bad('a file of ssh configuration, relative to the runbook');
				break;
			}
			default: {
				if (runmeFrontmatterKeys.has(key)) break;
				// Another tool's key is left alone; one that is a misspelling of ours is worth a word.
				const suggestion = closest(key, frontmatterKeys);
				// One letter off (or two swapped, `titel`) for short keys, two for longer ones: a site's `menu` or `card` is not a misspelt `env` or `cwd`.
				const distance = suggestion === undefined ? Infinity : levenshtein(key.toLowerCase(), suggestion);
				const swapped = suggestion !== undefined && [...key.toLowerCase()].sort().join('') === [...suggestion].sort().join('');
				if (suggestion && key.length >= 3 && (distance <= (key.length < 6 ? 1 : 2) || (swapped && distance <= 2))) {
					context.report(`unknown frontmatter key \`${key}\` (did you mean \`${suggestion}\`?); runbook leaves keys it does not know to other tools`, context.placeOf(keyNode), 'frontmatter-key', 'warning');
				}
			}
		}
	}
}

/**
 * `shell:` as Runme writes it: `bash`, `/bin/bash`, `/usr/bin/env zsh`. A
 * path is started as written; options after the shell (`bash -l`) are a
 * warning, since runbook starts its shell its own way; a shell runbook
 * cannot run a session in (`ksh`, `pwsh`) is an error.
 */
function readShellKey(value: unknown, options: {-readonly [K in keyof RunbookOptions]: RunbookOptions[K]}, context: KeyContext & {at: {line: number; column: number}}): void {
	const read = typeof value === 'string' ? readShell(value) : undefined;
	if (!read) {
		const named = typeof value === 'string' && value.trim() ? `\`${value.trim()}\` is not one of them` : 'expected one of them';
		context.report(
			`bad value for \`shell\`: runbook runs its session in ${sessionShells.map((shell) => `\`${shell}\``).join(', ')} (or a path to one, such as /bin/bash); ${named}. A docs site's own \`shell\` goes under a \`runbook:\` mapping`,
			context.at,
			'frontmatter-value',
		);
		return;
	}
	options.shell = read.shell;
	if (read.program !== read.shell) options.shellProgram = read.program;
	if (read.args.length > 0) {
		context.report(`\`shell: ${String(value).trim()}\`: runbook starts \`${read.shell}\` its own way (no profile or rc files), so \`${read.args.join(' ')}\` is not used`, context.at, 'frontmatter-value', 'warning');
	}
}

/**
 * Runme also reads TOML frontmatter between `+++` lines; runbook reads YAML
 * only, so such settings would be silently left out: a warning at 1:1.
 */
export function checkTomlFrontmatter(text: string, report: Report): void {
	if (!/^\+\+\+[ \t]*\r?\n(?:.*\r?\n)*?\+\+\+[ \t]*(?:\r?\n|$)/.test(text)) return;
	report('TOML frontmatter (between `+++` lines) is not read: runbook reads YAML frontmatter between `---` lines, so settings here have no effect', {line: 1, column: 1}, 'frontmatter-format', 'warning');
}
