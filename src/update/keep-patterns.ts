import {diffArrays} from 'diff';
import {compileLine, isPatternError, lineRegex, type LinePart} from '../match/pattern.js';

/** A pattern of an expected line (`{{name}}`, `{{name:TYPE}}`, `{{/re/}}`, `[..]`) among its text tokens. */
type PatternToken = {readonly part: Extract<LinePart, {kind: 'any' | 'capture'}>};
type Token = string | PatternToken;

/**
 * Lines longer than this, in tokens, are not aligned: the alignment is
 * quadratic in the tokens between two agreeing ones, and such lines are data,
 * not prose an author wrote patterns into.
 */
const maxTokens = 400;

/** Words, runs of blanks, and single other characters: `[main 1a2b3c4]` is `[`, `main`, ` `, `1a2b3c4`, `]`. */
function tokenize(text: string): string[] {
	return text.match(/\w+|\s+|[^\w\s]/gu) ?? [];
}

/** The tokens of an expected line, its patterns as single tokens; undefined when it has none. */
function tokensOf(expectedLine: string): Token[] | undefined {
	const compiled = compileLine(expectedLine);
	if (isPatternError(compiled) || compiled.kind !== 'pattern') return undefined;
	return compiled.parts.flatMap((part): Token[] => (part.kind === 'text' ? tokenize(part.text) : [{part}]));
}

const sameToken = (left: Token, right: Token) => typeof left === 'string' && left === right;


/**
 * How alike an expected line with patterns and an actual line are: the share
 * of their literal tokens they have in common, from 0 to 1.
 */
export function likeness(expectedLine: string, actualLine: string): number {
	const old = tokensOf(expectedLine);
	if (!old) return 0;
	const fresh = tokenize(actualLine);
	if (old.length > maxTokens || fresh.length > maxTokens) return 0;
	const literal = old.filter((token) => typeof token === 'string').length;
	let common = 0;
	for (const change of diffArrays(old, fresh, {comparator: sameToken})) if (!change.added && !change.removed) common += change.count;
	return literal + fresh.length === 0 ? 0 : (2 * common) / (literal + fresh.length);
}

/**
 * The new expected line for an actual line that replaced an expected line
 * holding patterns: the literal parts of the old line are aligned with the
 * new line (a token diff), and each pattern is kept where the text in its
 * place still matches it; the rest is the new text, made literal by
 * `literal`. Undefined when the old line holds no pattern.
 *
 * @example keepPatterns('[main {{id:hex}}] Extend README', '[main 1a2b3c4] Extend the README', (t) => t)
 * // '[main {{id:hex}}] Extend the README'
 */
export function keepPatterns(expectedLine: string, actualLine: string, literal: (text: string) => string): string | undefined {
	const old = tokensOf(expectedLine);
	if (!old) return undefined;
	const fresh = tokenize(actualLine);
	if (old.length > maxTokens || fresh.length > maxTokens) return undefined;
	let result = '';
	let patterns: PatternToken[] = [];
	let added: string[] = [];
	const closeGap = () => {
		result += fillGap(patterns, added, literal);
		patterns = [];
		added = [];
	};
	for (const change of diffArrays(old, fresh, {comparator: sameToken})) {
		if (change.removed) patterns.push(...change.value.filter((token): token is PatternToken => typeof token !== 'string'));
		else if (change.added) added.push(...change.value.filter((token): token is string => typeof token === 'string'));
		else {
			closeGap();
			result += literal(change.value.join(''));
		}
	}
	closeGap();
	return result;
}

/**
 * Between two agreeing stretches: each old pattern, in order, takes the first
 * run of new tokens it matches whole (the longest such run); new text no
 * pattern takes stays as literal text.
 */
function fillGap(patterns: readonly PatternToken[], added: readonly string[], literal: (text: string) => string): string {
	let result = '';
	let cursor = 0;
	for (const pattern of patterns) {
		const run = firstRunMatching(pattern, added, cursor);
		if (!run) continue;
		result += literal(added.slice(cursor, run.start).join('')) + pattern.part.raw;
		cursor = run.end;
	}
	return result + literal(added.slice(cursor).join(''));
}

function firstRunMatching(pattern: PatternToken, tokens: readonly string[], from: number): {start: number; end: number} | undefined {
	// The pattern alone, anchored at both ends.
	const {regex} = lineRegex([pattern.part], new Map());
	for (let start = from; start <= tokens.length; start++) {
		for (let end = tokens.length; end >= start; end--) {
			if (regex.test(tokens.slice(start, end).join(''))) return {start, end};
		}
	}
	return undefined;
}
