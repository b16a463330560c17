/**
 * Expected-output line patterns: `...`, `[..]`, `{{name}}`, `{{name:TYPE}}`, `{{/regex/}}`.
 * Each line compiles to at most one anchored regular expression.
 */

const typeSources: Readonly<Record<string, string>> = {
	int: '-?\\d+',
	hex: '[0-9a-fA-F]+',
	hex12: '[0-9a-fA-F]{12}',
	hex64: '[0-9a-fA-F]{64}',
	uuid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
	ipv4: '(?:\\d{1,3}\\.){3}\\d{1,3}',
	ipv6: '[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%[\\w.-]+)?',
	cidr: '(?:(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})\\/\\d{1,3}',
	mac: '[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}',
	word: '\\w+',
};

export const patternTypes = [...Object.keys(typeSources), 'hexN'];

/** `hex7`, `hex40`: exactly N hex digits (a short or a full git hash). */
function sourceOfType(type: string): string | undefined {
	const fixed = /^hex([1-9]\d{0,2})$/.exec(type);
	return typeSources[type] ?? (fixed ? `[0-9a-fA-F]{${fixed[1]}}` : undefined);
}

/** What to say when `{{` was not meant as a pattern. */
const literalHint = '; if the `{{` is meant literally, mark the block ```output {patterns=off}';

/** A piece of a pattern line; `raw` is a pattern's text as written (`[..]`, `{{id:hex}}`). */
export type LinePart =
	| {readonly kind: 'text'; readonly text: string}
	| {readonly kind: 'any'; readonly raw: string}
	| {readonly kind: 'capture'; readonly name: string | undefined; readonly source: string; readonly raw: string};

export type CompiledLine =
	| {readonly kind: 'ellipsis'}
	| {readonly kind: 'literal'; readonly text: string}
	| {readonly kind: 'pattern'; readonly parts: readonly LinePart[]; readonly names: readonly string[]};

export type PatternError = {readonly message: string; readonly column: number};

const namePattern = /^[A-Za-z_]\w*$/;

/**
 * Compile one expected line. Columns in errors are 1-based within the line.
 *
 * @example compileLine('id: {{id:hex12}}') // {kind: 'pattern', parts: [...], names: ['id']}
 */
export function compileLine(line: string): CompiledLine | PatternError {
	if (line.trim() === '...') return {kind: 'ellipsis'};
	if (!line.includes('[..]') && !line.includes('{{')) return {kind: 'literal', text: line};
	const parts: LinePart[] = [];
	const names: string[] = [];
	let text = '';
	let i = 0;
	const flush = () => {
		if (text) parts.push({kind: 'text', text});
		text = '';
	};
	while (i < line.length) {
		if (line.startsWith('[..]', i)) {
			flush();
			parts.push({kind: 'any', raw: '[..]'});
			i += 4;
			continue;
		}
		if (!line.startsWith('{{', i)) {
			text += line[i];
			i++;
			continue;
		}
		const parsed = parsePlaceholder(line, i);
		if ('message' in parsed) return parsed;
		flush();
		parts.push({...parsed.part, raw: line.slice(i, parsed.end)});
		if (parsed.part.kind === 'capture' && parsed.part.name && !names.includes(parsed.part.name)) names.push(parsed.part.name);
		i = parsed.end;
	}
	flush();
	// The pieces compile alone; the whole line must too (two equal named groups do not).
	try {
		lineRegex(parts, new Map());
	} catch (error) {
		return {message: `the line's patterns do not compile together: ${(error as Error).message}`, column: 1};
	}
	return {kind: 'pattern', parts, names};
}

function parsePlaceholder(line: string, start: number): {part: Omit<Extract<LinePart, {kind: 'capture'}>, 'raw'>; end: number} | PatternError {
	const column = start + 1;
	const body = start + 2;
	// A regex runs to the first `/}}`, so `{4}` inside it is fine.
	const regexAt = line[body] === '/' ? body : undefined;
	let name: string | undefined;
	let typeStart = body;
	if (regexAt === undefined) {
		const close = line.indexOf('}}', body);
		const colon = line.indexOf(':', body);
		if (colon !== -1 && (close === -1 || colon < close)) {
			name = line.slice(body, colon);
			typeStart = colon + 1;
		} else {
			if (close === -1) return {message: 'unclosed `{{`: expected `}}`', column};
			name = line.slice(body, close);
			if (!namePattern.test(name)) return {message: `bad capture name \`${name}\` (letters, digits and _, not starting with a digit)${literalHint}`, column};
			return {part: {kind: 'capture', name, source: '\\S+'}, end: close + 2};
		}
		if (!namePattern.test(name)) return {message: `bad capture name \`${name}\` (letters, digits and _, not starting with a digit)${literalHint}`, column};
	}
	if (line[typeStart] === '/') {
		const close = line.indexOf('/}}', typeStart + 1);
		const flags = /\/([a-z]+)\}\}/.exec(line.slice(typeStart + 1));
		if (close === -1 && flags) {
			return {message: `flags (\`${flags[1]}\`) are not supported in \`{{/…/}}\`: the whole line is one regular expression; write the cases out, such as [Hh]ttp`, column};
		}
		if (close === -1) return {message: 'unclosed regular expression: expected `/}}`', column};
		const source = line.slice(typeStart + 1, close);
		try {
			new RegExp(source);
		} catch (error) {
			return {message: `bad regular expression \`${source}\`: ${(error as Error).message}`, column};
		}
		return {part: {kind: 'capture', name, source}, end: close + 3};
	}
	const close = line.indexOf('}}', typeStart);
	if (close === -1) return {message: 'unclosed `{{`: expected `}}`', column};
	const type = line.slice(typeStart, close);
	const source = sourceOfType(type);
	if (source === undefined) return {message: `unknown pattern type \`${type}\`; valid: ${patternTypes.join(', ')}, /regex/${literalHint}`, column};
	return {part: {kind: 'capture', name, source}, end: close + 2};
}

export function isPatternError(value: CompiledLine | PatternError): value is PatternError {
	return 'message' in value;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Build the anchored regex of a pattern line. Names already bound (earlier lines,
 * earlier steps) must match their value again, so they are matched literally.
 */
export function lineRegex(parts: readonly LinePart[], bound: ReadonlyMap<string, string>): {regex: RegExp; groups: ReadonlyMap<string, string>} {
	const groups = new Map<string, string>();
	let source = '';
	let counter = 0;
	for (const part of parts) {
		if (part.kind === 'text') source += escape(part.text);
		else if (part.kind === 'any') source += '.*';
		else if (part.name === undefined) source += `(?:${part.source})`;
		else if (bound.has(part.name)) source += escape(bound.get(part.name) ?? '');
		else if (groups.has(part.name)) source += `\\k<${groups.get(part.name)}>`;
		else {
			const group = `c${counter++}`;
			groups.set(part.name, group);
			source += `(?<${group}>${part.source})`;
		}
	}
	return {regex: new RegExp(`^${source}$`), groups};
}
