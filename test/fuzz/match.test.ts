/**
 * Fuzzing the matcher (fast-check, fixed seed): random expected lines of
 * text, `[..]`, `{{…}}` and regexes, hostile ones among them (nested
 * repetition, alternation that overlaps, lookaround and backreferences RE2
 * refuses, broken `{{`), against random and long actual lines (runs that make
 * a backtracking engine explode, U+FFFD from invalid UTF-8, control and wide
 * characters). Every case must answer without throwing, an error must have a
 * column within its line, and on short lines the answer must be the one
 * JavaScript's RegExp gives for the syntax both engines share.
 *
 * `FUZZ_RUNS` sets the number of cases of each property (`npm run fuzz`:
 * 10,000); the default keeps the suite within a minute.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {matchOutput} from '../../src/match/match.js';
import {normaliseLines} from '../../src/match/normalise.js';
import {compileLine, isPatternError} from '../../src/match/pattern.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = 20_261_201;
const settings = {seed, numRuns: runs, endOnFailure: true};

/** Regexes both engines read alike (RE2 and JavaScript without flags). */
const sharedRegexes = ['a+', '(a+)+', '(a|aa)+', '(a|a)*b', '(x+x+)+y', '[ab]*c', '\\d+', '\\w+\\.\\w+', 'a{2,5}', '(?:ab)*', '.*', '.+?', 'a|b|', '[^ ]+', '(a*)*$', '^a', 'b$', '\\bab'];
/** Regexes RE2 refuses: `check` errors, never crashes. */
const refusedRegexes = ['(a)\\1', '(?=a)a', '(?!b)a', '(?<=a)b', '(?<!a)b', '\\k<x>', 'a++', '[^]', '\\u0061', '\\cA', 'a{1001}', '(', '[a-', '(?<x>a)(?<x>a)'];

const textPiece = fc.string({unit: fc.constantFrom('a', 'b', 'x', ' ', '.', '*', '$', '^', '(', ')', '\\', '/', '|', '?', '+', '-', ':', 'é', '漢'), maxLength: 6});
const sharedPiece = fc.oneof(
	textPiece,
	fc.constant('[..]'),
	fc.constantFrom('int', 'hex', 'word', 'hex4').map((type) => `{{:${type}}}`),
	fc.constantFrom(...sharedRegexes).map((source) => `{{/${source}/}}`),
);
const anyPiece = fc.oneof(
	sharedPiece,
	fc.constantFrom(...refusedRegexes).map((source) => `{{/${source}/}}`),
	fc.constantFrom('{{x}}', '{{y:int}}', '{{x}}', '{{', '}}', '{{/', '/}}', '{{x:', '{{1x}}', '{{/a/i}}', '{{x:nope}}', '{{/\\{\\{/}}'),
);
/** Named pieces get a fresh name each (`{{:int}}` → `{{n3:int}}`), so that the shared-syntax lines hold no repeated name. */
const line = (piece: fc.Arbitrary<string>) => fc.array(piece, {maxLength: 8}).map((pieces) => pieces.map((p, i) => p.replace('{{:', `{{n${i}:`)).join(''));

const actualUnit = fc.constantFrom('a', 'a', 'a', 'b', 'x', 'y', ' ', '.', '1', '2', '\uFFFD', '\t', 'é', '漢', '👍', '\u00a0');
const shortActual = fc.string({unit: actualUnit, maxLength: 24});
/** Long runs that make backtracking explode: `aaaa…ab`, `xxxx…x`, mixed. */
const longActual = fc.tuple(fc.constantFrom('a', 'x', 'ab', 'a '), fc.integer({min: 1000, max: 20_000}), fc.constantFrom('', 'b', 'y', ' ', '!')).map(([unit, count, end]) => unit.repeat(count) + end);

/** The old engine's reading of a line of the shared syntax, on JavaScript's RegExp (safe here: short lines). */
function referenceMatch(expected: string, actual: string): boolean {
	const compiled = compileLine(expected);
	if (isPatternError(compiled)) throw new Error(`not a shared-syntax line: ${expected}`);
	if (compiled.kind !== 'pattern') return compiled.kind === 'literal' ? compiled.text === actual : true;
	const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	const source = compiled.parts.map((part) => (part.kind === 'text' ? escape(part.text) : part.kind === 'any' ? '.*' : `(?:${part.source})`)).join('');
	// `u`: code points, as RE2 reads them (an emoji is one `.`).
	return new RegExp(`^${source}$`, 'u').test(actual);
}

describe('fuzzing the matcher', () => {
	it('answers every line, hostile or broken, without throwing; errors have a column within the line', () => {
		fc.assert(
			fc.property(line(anyPiece), fc.oneof(shortActual, longActual), (expected, actual) => {
				const compiled = compileLine(expected);
				if (isPatternError(compiled)) {
					expect(compiled.column).toBeGreaterThanOrEqual(1);
					expect(compiled.column).toBeLessThanOrEqual(expected.length + 1);
				}
				const result = matchOutput(`${expected}\n...\n${expected}`, `${actual}\n${actual}\n`);
				expect(typeof result.ok).toBe('boolean');
			}),
			settings,
		);
	});

	it('gives the answer JavaScript gives on short lines, for the syntax both engines share', () => {
		fc.assert(
			fc.property(line(sharedPiece), shortActual, (expected, actual) => {
				// One line each, as the matcher reads them (trailing blanks dropped, tabs placed).
				const [expectedLine, ...moreExpected] = normaliseLines(expected, 'keep');
				const [actualLine, ...moreActual] = normaliseLines(actual);
				fc.pre(expectedLine !== undefined && actualLine !== undefined && moreExpected.length === 0 && moreActual.length === 0 && expectedLine.trim() !== '...');
				expect(matchOutput(expected, actual).ok).toBe(referenceMatch(expectedLine ?? '', actualLine ?? ''));
			}),
			settings,
		);
	});

	it('answers lines of hostile patterns against long runs', () => {
		const hostile = fc.array(fc.oneof(fc.constantFrom(...sharedRegexes).map((source) => `{{/${source}/}}`), fc.constant('[..]'), fc.constantFrom('a', 'x', 'b')), {minLength: 1, maxLength: 12}).map((pieces) => pieces.join(''));
		fc.assert(
			fc.property(hostile, longActual, (expected, actual) => {
				expect(typeof matchOutput(expected, actual).ok).toBe('boolean');
			}),
			{...settings, numRuns: Math.max(1, Math.round(runs / 3))},
		);
	});
});
