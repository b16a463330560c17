import type {AnsiMode} from '../model.js';
import {boundDiff, diffLines, type DiffLine} from './diff.js';
import {normaliseLines} from './normalise.js';
import {compileLine, isPatternError, lineRegex, type CompiledLine, type LineRegex} from './pattern.js';

export type MatchOptions = {
	readonly patterns?: boolean;
	readonly ansi?: AnsiMode;
	/** Values captured by earlier steps: a name seen again must match the same value. */
	readonly bound?: ReadonlyMap<string, string>;
};

export type MatchResult = {
	readonly ok: boolean;
	/**
	 * Values captured by this expectation. On a mismatch, those of the lines
	 * that still matched, so that later steps are not run without them.
	 */
	readonly captures: ReadonlyMap<string, string>;
	readonly expectedLines: readonly string[];
	/** Every actual line; empty for output compared as it was printed (`OutputMatchStream`), which is not held. */
	readonly actualLines: readonly string[];
	/**
	 * The alignment of expected and actual lines, for diffs (empty when ok).
	 * Bounded (see `boundDiff`): a long one keeps its first changes, and
	 * `omitted` lines count what was left out.
	 */
	readonly diff: readonly DiffLine[];
	/** Why it failed when the diff alone cannot show it (a capture that changed value). */
	readonly note?: string;
};

/** Why a comparison failed whose diff shows no change. */
export const capturedValueDiffers = 'every line matches on its own, but a captured value differs where it appears again';

/** The values of `bindings` that are new or changed from `bound`: what a match captured. */
export function newCaptures(bindings: ReadonlyMap<string, string>, bound: ReadonlyMap<string, string>): Map<string, string> {
	return new Map([...bindings].filter(([name, value]) => bound.get(name) !== value || !bound.has(name)));
}

type LineMatcher = ReturnType<typeof createLineMatcher>;

type SearchState = {readonly e: number; readonly a: number; readonly bindings: Map<string, string>};

/**
 * Depth-first over every way `...` lines can divide the output, binding names
 * as it goes. Bounded in steps; a stack of choices rather than recursion, so
 * no input can overflow the call stack (larger cases keep the fast answer).
 */
function searchWithCaptures(expected: readonly CompiledLine[], actual: readonly string[], matches: LineMatcher, bound: ReadonlyMap<string, string>): Map<string, string> | undefined {
	if (expected.length > 2000) return undefined;
	let budget = 200_000;
	// Each `...` seen on the way: where the lines after it may start next.
	const choices: {readonly e: number; a: number; readonly bindings: Map<string, string>}[] = [];
	let state: SearchState | undefined = {e: 0, a: 0, bindings: new Map(bound)};
	while (--budget >= 0) {
		if (!state) {
			const choice = choices.at(-1);
			if (!choice) return undefined;
			if (choice.a > actual.length) {
				choices.pop();
				continue;
			}
			state = {e: choice.e + 1, a: choice.a, bindings: choice.bindings};
			choice.a++;
			continue;
		}
		const {e, a, bindings}: SearchState = state;
		if (e === expected.length) {
			if (a === actual.length) return bindings;
			state = undefined;
		} else if (expected[e]?.kind === 'ellipsis') {
			choices.push({e, a, bindings});
			state = undefined;
		} else if (a >= actual.length) {
			state = undefined;
		} else {
			const trial: Map<string, string> = new Map(bindings);
			state = matches(e, actual[a] ?? '', trial, true) ? {e: e + 1, a: a + 1, bindings: trial} : undefined;
		}
	}
	return undefined;
}

/** Expected lines compiled once; literal lines need no regex at all. */
export function compileExpectation(text: string, patterns: boolean): CompiledLine[] {
	return normaliseLines(text, 'keep').map((line) => {
		if (!patterns) return {kind: 'literal', text: line};
		const compiled = compileLine(line);
		return isPatternError(compiled) ? {kind: 'literal', text: line} : compiled;
	});
}

/** One line matcher with a cache of regexes keyed by the values already bound. */
export function createLineMatcher(lines: readonly CompiledLine[]) {
	const cache = new Map<string, LineRegex>();
	return (index: number, actual: string, bindings: Map<string, string> | ReadonlyMap<string, string>, bind: boolean): boolean => {
		const line = lines[index];
		if (!line || line.kind === 'ellipsis') return false;
		if (line.kind === 'literal') return line.text === actual;
		const key = `${index}\0${line.names.map((name) => bindings.get(name) ?? '\u0001').join('\0')}`;
		let regex = cache.get(key);
		if (!regex) {
			regex = lineRegex(line.parts, new Map(line.names.filter((n) => bindings.has(n)).map((n) => [n, bindings.get(n) ?? '']))).regex;
			cache.set(key, regex);
		}
		if (!bind || !(bindings instanceof Map)) return regex.test(actual);
		const values = regex.exec(actual);
		if (!values) return false;
		for (const [name, value] of values) bindings.set(name, value);
		return true;
	};
}

/**
 * Compare actual output with an expectation. `...` matches any run of whole
 * lines; it is matched with one backtracking point, as glob matching is, so
 * large outputs stay linear in practice.
 *
 * @example matchOutput('id: {{id:int}}\n...', 'id: 42\nmore\n').captures.get('id') // '42'
 */
export function matchOutput(expectedText: string, actualText: string, options: MatchOptions = {}): MatchResult {
	const patterns = options.patterns ?? true;
	const expected = compileExpectation(expectedText, patterns);
	const expectedLines = normaliseLines(expectedText, 'keep');
	const actualLines = normaliseLines(actualText, options.ansi ?? 'strip');
	const bound = options.bound ?? new Map<string, string>();
	const matches = createLineMatcher(expected);
	let bindings = new Map(bound);
	let e = 0;
	let a = 0;
	let star: {e: number; a: number; bindings: Map<string, string>} | undefined;
	let ok = true;
	while (a < actualLines.length) {
		if (expected[e]?.kind === 'ellipsis') {
			star = {e, a, bindings: new Map(bindings)};
			e++;
			continue;
		}
		// The matcher binds names only when the whole line matched.
		if (e < expected.length && matches(e, actualLines[a] ?? '', bindings, true)) {
			e++;
			a++;
			continue;
		}
		if (star) {
			star.a++;
			a = star.a;
			e = star.e + 1;
			bindings = new Map(star.bindings);
			continue;
		}
		ok = false;
		break;
	}
	while (ok && expected[e]?.kind === 'ellipsis') e++;
	ok = ok && e === expected.length;
	// One backtracking point is complete only without captures: a name bound on the
	// way may need another choice of lines. Search all choices then, within a budget.
	if (!ok && expected.some((line) => line.kind === 'ellipsis') && expected.some((line) => line.kind === 'pattern' && line.names.length > 0)) {
		const found = searchWithCaptures(expected, actualLines, matches, bound);
		if (found) {
			ok = true;
			bindings = found;
		}
	}
	const captures = newCaptures(bindings, bound);
	if (ok) return {ok, captures, expectedLines, actualLines, diff: []};
	const alignment = diffLines(expected, expectedLines, actualLines, matches, bound);
	// Captures come from every matching line, also those the bounded diff leaves out.
	const partial = new Map(bound);
	for (const line of alignment) {
		if (line.kind === 'matched' && line.expectedLine !== undefined) matches(line.expectedLine - 1, line.text, partial, true);
	}
	const diff: readonly DiffLine[] = boundDiff(alignment);
	const partialCaptures = newCaptures(partial, bound);
	const shown = diff.some((line) => line.kind === 'removed' || line.kind === 'added');
	const note = shown ? undefined : capturedValueDiffers;
	const result = {ok, captures: partialCaptures, expectedLines, actualLines, diff};
	return note === undefined ? result : {...result, note};
}
