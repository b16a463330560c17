/**
 * The one regular-expression engine for patterns that come from runbooks
 * (`{{/…/}}`, the pattern types, `[..]`, `ready=/…/`): RE2's, as ported to
 * JavaScript by re2js. RE2 matches in time linear in the text (no
 * backtracking), so no pattern can hang a run; the price is the syntax it
 * leaves out (backreferences, lookaround), which `regexProblem` explains.
 * Syntax: https://github.com/google/re2/wiki/Syntax.
 */
import {RE2JS, RE2JSSyntaxException} from 're2js';

/** Where RE2's syntax is described, for messages and the format doc. */
export const regexSyntaxUrl = 'https://github.com/google/re2/wiki/Syntax';

/** A regular expression compiled on RE2 (re2js's `RE2JS`). */
export type Regex = RE2JS;

/** What is wrong with a regular expression, and where: `index` is 0-based in its source. */
export type RegexProblem = {readonly message: string; readonly index: number};

/** Compiled expressions by flags and source: a line's pattern is compiled once for `check` and reused for matching. */
const cache = new Map<string, Regex>();
const cacheSize = 2000;

/**
 * Compile `source` on RE2 with re2js's `flags` (`RE2JS.CASE_INSENSITIVE`, …).
 * Throws re2js's `RE2JSSyntaxException` for a source RE2 does not accept.
 */
export function compileRegex(source: string, flags = 0): Regex {
	const key = `${flags}\0${source}`;
	const cached = cache.get(key);
	if (cached) return cached;
	const regex = RE2JS.compile(source, flags);
	if (cache.size >= cacheSize) cache.delete(cache.keys().next().value ?? '');
	cache.set(key, regex);
	return regex;
}

/** `text` as an RE2 expression that matches exactly that text. */
export function quoteRegex(text: string): string {
	return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Where the expression sits: a line's `{{/…/}}` can name a value instead of a backreference; `grep` is `runbook test -t`. */
export type RegexPlace = 'line' | 'ready' | 'grep';

/**
 * Whether RE2 accepts `source`; if not, why, where, and what to write instead
 * (RE2's rules: https://github.com/google/re2/wiki/Syntax).
 *
 * @example regexProblem('(a)\\1', 'line') // {message: 'backreference `\\1` is not supported …', index: 3}
 */
export function regexProblem(source: string, place: RegexPlace): RegexProblem | undefined {
	try {
		compileRegex(source);
		return undefined;
	} catch (error) {
		if (!(error instanceof RE2JSSyntaxException)) return {message: (error as Error).message, index: 0};
		const fragment = error.getPattern() ?? '';
		const at = source.indexOf(fragment);
		return {message: explain(error.getDescription(), fragment, source.slice(Math.max(at, 0)), place), index: Math.max(at, 0)};
	}
}

const linear = 'RE2 has none, so that matching takes linear time';

/** RE2's complaint about `fragment`, in words that say what to write instead; `rest` is the source from the fragment on. */
function explain(description: string, fragment: string, rest: string, place: RegexPlace): string {
	const backreference = /^\\(?:[1-9]|k)/.exec(fragment);
	if (backreference) {
		const shown = /^\\k<[^>]*>|^\\\d+/.exec(rest)?.[0] ?? backreference[0];
		const instead = place === 'line' ? '; capture the text once as {{name}} and write {{name}} again where it repeats' : '';
		return `backreference \`${shown}\` is not supported (${linear})${instead}`;
	}
	const around = /^\(\?<?[=!]/.exec(rest);
	if (around) {
		const kind = around[0].includes('<') ? 'lookbehind' : 'lookahead';
		return `${kind} \`${around[0]}…)\` is not supported (${linear}); match that text as part of the expression instead`;
	}
	const unicode = /^\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(rest);
	if (unicode) return `\`${unicode[0]}\` is not RE2 syntax: write \`\\x{${unicode[1] ?? unicode[2]}}\``;
	const control = /^\\c([A-Za-z])/.exec(rest);
	if (control) return `\`${control[0]}\` is not RE2 syntax: write \`\\x${((control[1] ?? 'A').toUpperCase().charCodeAt(0) - 64).toString(16).padStart(2, '0')}\``;
	if (fragment === '\\Z') return '`\\Z` is not RE2 syntax: write `$` (the end of the text)';
	if (rest.startsWith('[^]')) return '`[^]` is not RE2 syntax: write `[\\s\\S]` for any character';
	if (description === 'invalid nested repetition operator') return `\`${fragment}\` (a possessive or doubled repetition) is not RE2 syntax: write \`${fragment[0] ?? ''}\` alone`;
	if (description === 'invalid repeat count') return `repeat count \`${fragment}\` is not allowed: RE2 counts from 0 to 1000, the smaller first`;
	return `${description}: \`${fragment}\` (RE2 syntax: ${regexSyntaxUrl})`;
}

/** The flags `ready=/…/` accepts after its closing slash, as in JavaScript. */
export const readyFlags = 'imsu';

/**
 * The expression of `ready=/source/flags`, to search a background step's
 * output: `^` and `$` match at each line (always, as `m`); `i` ignores case,
 * `s` lets `.` match a newline; `u` changes nothing (RE2 always reads
 * characters, not UTF-16 units). The source must have passed `regexProblem`.
 */
export function readyRegex(source: string, flags: string): {test(text: string): boolean} {
	let bits = RE2JS.MULTILINE;
	if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
	if (flags.includes('s')) bits |= RE2JS.DOTALL;
	return compileRegex(source, bits);
}
