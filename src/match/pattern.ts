/**
 * Expected-output line patterns: `...`, `[..]`, `{{name}}`, `{{name:TYPE}}`, `{{/regex/}}`.
 * Each line compiles to at most one anchored regular expression, on RE2 (see `regex.ts`).
 */
import {lineRegex, type LinePart} from './line-regex.js';
import {regexProblem} from './regex.js';

export {lineRegex, type LinePart, type LineRegex} from './line-regex.js';


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

export type CompiledLine =
	| {readonly kind: 'ellipsis'}
	| {readonly kind: 'literal'; readonly text: string}
	| {readonly kind: 'pattern'; readonly parts: readonly LinePart[]; readonly names: readonly string[]};

export type PatternError = {readonly message: string; readonly column: number};

const namePattern = /^[A-Za-z_]\w*$/;

/**
 * `{{name}}`: a run of non-blank text. RE2's `\S` is ASCII; the Unicode blanks
 * JavaScript's `\s` knows (no-break space, the U+2000 spaces, …) are left out too.
 */
const nonBlank = '[^\\s\\v\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}]+';

/**
 * Patterns (`[..]`, `{{…}}`) one expected line may hold. Matching a line takes
 * time proportional to the actual line's length times its patterns (RE2), so
 * this bounds it; real lines hold a handful.
 */
export const maxPatternsPerLine = 100;

/**
 * Compile one expected line. Columns in errors are 1-based within the line.
 * A `{{/regex/}}` must be RE2 syntax (`regex.ts`); at most `maxPatternsPerLine`
 * patterns. Linear in the line's length.
 *
 * @example compileLine('id: {{id:hex12}}') // {kind: 'pattern', parts: [...], names: ['id']}
 */
export function compileLine(line: string): CompiledLine | PatternError {
	if (line.trim() === '...') return {kind: 'ellipsis'};
	if (!line.includes('[..]') && !line.includes('{{')) return {kind: 'literal', text: line};
	const parts: LinePart[] = [];
	const names: string[] = [];
	let patterns = 0;
	let text = '';
	let i = 0;
	const flush = () => {
		if (text) parts.push({kind: 'text', text});
		text = '';
	};
	const tooMany = () => ({
		message: `more than ${maxPatternsPerLine} patterns on one line: split the line, or match a stretch of it with one [..] or one {{/regex/}}`,
		column: i + 1,
	});
	while (i < line.length) {
		if (line.startsWith('[..]', i)) {
			if (++patterns > maxPatternsPerLine) return tooMany();
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
		if (++patterns > maxPatternsPerLine) return tooMany();
		flush();
		parts.push({...parsed.part, raw: line.slice(i, parsed.end)});
		if (parsed.part.kind === 'capture' && parsed.part.name && !names.includes(parsed.part.name)) names.push(parsed.part.name);
		i = parsed.end;
	}
	flush();
	// The pieces compile alone; the whole line must too (a regex's own group named like the engine's does not).
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
		// Looked for only up to the close, so that a line of many `{{x}}` is read in linear time.
		const colonAt = (close === -1 ? line.slice(body) : line.slice(body, close)).indexOf(':');
		const colon = colonAt === -1 ? -1 : body + colonAt;
		if (colon !== -1 && (close === -1 || colon < close)) {
			name = line.slice(body, colon);
			typeStart = colon + 1;
		} else {
			if (close === -1) return {message: 'unclosed `{{`: expected `}}`', column};
			name = line.slice(body, close);
			if (!namePattern.test(name)) return {message: `bad capture name \`${name}\` (letters, digits and _, not starting with a digit)${literalHint}`, column};
			return {part: {kind: 'capture', name, source: nonBlank}, end: close + 2};
		}
		if (!namePattern.test(name)) return {message: `bad capture name \`${name}\` (letters, digits and _, not starting with a digit)${literalHint}`, column};
	}
	if (line[typeStart] === '/') {
		const close = line.indexOf('/}}', typeStart + 1);
		if (close === -1) {
			const flags = /\/([a-z]+)\}\}/.exec(line.slice(typeStart + 1));
			if (flags) {
				return {message: `flags (\`${flags[1]}\`) are not supported in \`{{/…/}}\`: the whole line is one regular expression; write them inside it, such as {{/(?i)http/}}`, column};
			}
			return {message: 'unclosed regular expression: expected `/}}`', column};
		}
		const source = line.slice(typeStart + 1, close);
		const problem = regexProblem(source, 'line');
		if (problem) return {message: `bad regular expression \`${source}\`: ${problem.message}`, column: typeStart + 2 + problem.index};
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
