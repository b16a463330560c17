import type {Report} from './diagnostics.js';

/** One attribute as written: `#name`, `key=value`, `key="quoted"`, `key=/re/` or a bare flag. */
export type RawAttribute = {
	readonly key: string;
	readonly value: string | true;
	/** 1-based line and column of the attribute in the file. */
	readonly line: number;
	readonly column: number;
};

/**
 * Split an info string into its language and the text of its `{…}` attributes.
 *
 * @example splitInfo('sh {#a exit=1}') // {language: 'sh', attributes: '{#a exit=1}', attributesAt: 3}
 */
export function splitInfo(info: string): {language: string; attributes: string | undefined; attributesAt: number} {
	const brace = info.indexOf('{');
	if (brace === -1) {
		return {language: info.trim().split(/\s+/)[0] ?? '', attributes: undefined, attributesAt: -1};
	}
	return {language: info.slice(0, brace).trim().split(/\s+/)[0] ?? '', attributes: info.slice(brace), attributesAt: brace};
}

/**
 * Parse `{#name key=value key="a b" flag}` or Runme's `{"name":"x","background":"true"}`.
 * `at` is where the opening brace stands in the file.
 */
export function parseAttributes(text: string, at: {line: number; column: number}, report: Report): RawAttribute[] {
	const place = (index: number) => ({line: at.line, column: at.column + index});
	const close = findClosingBrace(text);
	if (close === -1) {
		report('attributes are not closed: missing `}`', place(0), 'attribute-syntax');
		return [];
	}
	const inner = text.slice(1, close);
	if (text.slice(close + 1).trim() !== '') {
		report(`unexpected text after the attributes: \`${text.slice(close + 1).trim()}\``, place(close + 1), 'attribute-syntax');
	}
	if (/^\s*"/.test(inner)) return parseJsonAttributes(text.slice(0, close + 1), place, report);
	const attributes: RawAttribute[] = [];
	let i = 0;
	while (i < inner.length) {
		const char = inner[i] ?? '';
		if (/\s/.test(char)) {
			i++;
			continue;
		}
		const start = i;
		if (char === '#') {
			const name = /^#([^\s}]*)/.exec(inner.slice(i))?.[1] ?? '';
			attributes.push({key: 'name', value: name, ...place(start + 1)});
			i += name.length + 1;
			continue;
		}
		const key = /^[^\s=]+/.exec(inner.slice(i))?.[0] ?? '';
		i += key.length;
		if (inner[i] !== '=') {
			attributes.push({key, value: true, ...place(start + 1)});
			continue;
		}
		i++;
		const read = readValue(inner, i, regexKeys.has(key));
		if (read.error) report(`${read.error} in the value of \`${key}\``, place(i + 1), 'attribute-syntax');
		attributes.push({key, value: read.value, ...place(start + 1)});
		i = read.end;
	}
	return attributes;
}

/**
 * Keys whose value may be a regular expression between slashes. Any other
 * value that starts with `/` is a path (Runme's `cwd=/tmp`,
 * `interpreter=/usr/bin/env node`).
 */
const regexKeys = new Set(['ready']);

function readValue(text: string, start: number, regex: boolean): {value: string; end: number; error?: string} {
	const quote = text[start];
	if (quote === '"' || quote === "'" || (quote === '/' && regex)) {
		let i = start + 1;
		let value = '';
		while (i < text.length) {
			const char = text[i] ?? '';
			if (char === '\\' && quote !== '/' && i + 1 < text.length) {
				value += text[i + 1];
				i += 2;
				continue;
			}
			if (char === '\\' && quote === '/') {
				value += char + (text[i + 1] ?? '');
				i += 2;
				continue;
			}
			// A regular expression ends at a `/` followed by its flags, if any, and a space or the end.
			const flags = quote === '/' ? (/^[a-z]*(?=\s|}|$)/.exec(text.slice(i + 1))?.[0] ?? undefined) : '';
			if (char === quote && flags !== undefined) {
				return {value: quote === '/' ? `/${value}/${flags}` : value, end: i + 1 + flags.length};
			}
			value += char;
			i++;
		}
		return {value: quote === '/' ? `/${value}` : value, end: i, error: `unterminated ${quote === '/' ? 'regular expression' : 'quote'}`};
	}
	const value = /^\S*/.exec(text.slice(start))?.[0] ?? '';
	return {value, end: start + value.length};
}

/** The index of the brace closing the first one, skipping quoted text and regexes. */
export function findClosingBrace(text: string): number {
	let quote: string | undefined;
	for (let i = 1; i < text.length; i++) {
		const char = text[i];
		if (quote) {
			if (char === '\\') i++;
			// A regular expression ends at a `/` followed by its flags, if any, and a space or the brace.
			else if (char === quote && (quote !== '/' || /^[a-z]*(?:[\s}]|$)/.test(text.slice(i + 1)))) quote = undefined;
			continue;
		}
		if (char === '"' || char === "'") quote = char;
		else if (char === '/' && [...regexKeys].some((key) => text.slice(0, i).endsWith(`${key}=`))) quote = '/';
		else if (char === '}') return i;
	}
	return -1;
}

function parseJsonAttributes(text: string, place: (index: number) => {line: number; column: number}, report: Report): RawAttribute[] {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		report(`attributes are not valid JSON: ${(error as Error).message}`, place(0), 'attribute-syntax');
		return [];
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		report('JSON attributes must be an object', place(0), 'attribute-syntax');
		return [];
	}
	return Object.entries(data).flatMap(([key, value]) => {
		const index = text.indexOf(JSON.stringify(key));
		// An array or object is no attribute's value (and turning one 3,000 levels deep into text would overflow the stack).
		if (typeof value === 'object' && value !== null) {
			report(`JSON attribute \`${key}\` must be a string, a number or a boolean`, place(Math.max(0, index)), 'bad-value');
			return [];
		}
		const normalised = value === true || value === 'true' ? true : String(value);
		return [{key, value: normalised, ...place(Math.max(0, index))}];
	});
}
