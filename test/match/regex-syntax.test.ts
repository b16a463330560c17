/**
 * Patterns are RE2 syntax: what RE2 leaves out (backreferences, lookaround,
 * JavaScript-only escapes) is reported at its place with what to write
 * instead, in `{{/…/}}` and in `ready=/…/`; `ready=`'s flags keep working.
 */
import {describe, expect, it} from 'vitest';
import {matchOutput} from '../../src/match/match.js';
import {compileLine} from '../../src/match/pattern.js';
import {readyRegex} from '../../src/match/regex.js';
import {parseRunbook} from '../../src/parse/index.js';

describe('{{/regex/}} that RE2 does not support', () => {
	it.each([
		['v={{/(a)\\1/}}', 9, 'backreference `\\1` is not supported (RE2 has none, so that matching takes linear time); capture the text once as {{name}} and write {{name}} again where it repeats'],
		['v={{/(?<w>a)\\k<w>/}}', 13, 'backreference `\\k<w>` is not supported (RE2 has none, so that matching takes linear time); capture the text once as {{name}} and write {{name}} again where it repeats'],
		['v={{/a(?=b)/}}', 7, 'lookahead `(?=…)` is not supported (RE2 has none, so that matching takes linear time); match that text as part of the expression instead'],
		['v={{/a(?!b)/}}', 7, 'lookahead `(?!…)` is not supported (RE2 has none, so that matching takes linear time); match that text as part of the expression instead'],
		['v={{/(?<=a)b/}}', 6, 'lookbehind `(?<=…)` is not supported (RE2 has none, so that matching takes linear time); match that text as part of the expression instead'],
		['v={{x:/(?<!a)b/}}', 8, 'lookbehind `(?<!…)` is not supported (RE2 has none, so that matching takes linear time); match that text as part of the expression instead'],
		['v={{/\\u00e9/}}', 6, '`\\u00e9` is not RE2 syntax: write `\\x{00e9}`'],
		['v={{/\\cA/}}', 6, '`\\cA` is not RE2 syntax: write `\\x01`'],
		['v={{/a++/}}', 7, '`++` (a possessive or doubled repetition) is not RE2 syntax: write `+` alone'],
		['v={{/[^]/}}', 6, '`[^]` is not RE2 syntax: write `[\\s\\S]` for any character'],
		['v={{/a{1001}/}}', 7, 'repeat count `{1001}` is not allowed: RE2 counts from 0 to 1000, the smaller first'],
	])('%s: column %i', (line, column, why) => {
		const source = /\/(.*)\/\}\}/.exec(line)?.[1] ?? '';
		expect(compileLine(line)).toEqual({message: `bad regular expression \`${source}\`: ${why}`, column});
	});

	it('says how to write a flag: inside the expression', () => {
		expect(compileLine('{{/http/i}}')).toEqual({
			message: 'flags (`i`) are not supported in `{{/…/}}`: the whole line is one regular expression; write them inside it, such as {{/(?i)http/}}',
			column: 1,
		});
		expect(matchOutput('GET {{/(?i)http/}}/1.1', 'GET HTTP/1.1').ok).toBe(true);
		// The flag holds inside its pattern only.
		expect(matchOutput('get {{/(?i)http/}}', 'GET http').ok).toBe(false);
	});

	it('accepts RE2-only syntax', () => {
		expect(matchOutput('{{/\\x{e9}\\pL+/}}', 'éte').ok).toBe(true);
		expect(matchOutput('{{/[[:digit:]]+/}}', '123').ok).toBe(true);
	});
});

describe('ready=/regex/flags', () => {
	const diagnosticsOf = (attributes: string) =>
		parseRunbook(`# Ready\n\n\`\`\`sh {#server background ${attributes}}\nserve\n\`\`\`\n`).diagnostics.map(({message, line, column, rule}) => ({message, line, column, rule}));

	it('reports what RE2 does not support at the attribute, with what to write instead', () => {
		expect(diagnosticsOf('ready=/listening(?=\\s)/')).toEqual([
			{message: 'bad regular expression for `ready`: lookahead `(?=…)` is not supported (RE2 has none, so that matching takes linear time); match that text as part of the expression instead', line: 3, column: 27, rule: 'attribute-value'},
		]);
		expect(diagnosticsOf('ready=/(up)\\1/')).toEqual([
			{message: 'bad regular expression for `ready`: backreference `\\1` is not supported (RE2 has none, so that matching takes linear time)', line: 3, column: 27, rule: 'attribute-value'},
		]);
		expect(diagnosticsOf('ready=/listening/i')).toEqual([]);
	});

	it('maps i, m, s and u to RE2', () => {
		expect(readyRegex('listening', 'i').test('Server LISTENING on 80')).toBe(true);
		expect(readyRegex('listening', '').test('Server LISTENING on 80')).toBe(false);
		// ^ and $ match at each line, with or without m.
		expect(readyRegex('^ready$', '').test('starting\nready\nmore')).toBe(true);
		expect(readyRegex('^ready$', 'm').test('starting\nready\nmore')).toBe(true);
		expect(readyRegex('start.*ready', 's').test('starting\nready')).toBe(true);
		expect(readyRegex('start.*ready', '').test('starting\nready')).toBe(false);
		expect(readyRegex('^.$', 'u').test('😀')).toBe(true);
	});
});

describe('a name repeated on one line', () => {
	it('takes one value at each place, compared after the match', () => {
		expect(matchOutput('{{a}} and {{a}}', 'x and x').captures).toEqual(new Map([['a', 'x']]));
		expect(matchOutput('{{a}} and {{a}}', 'x and y').ok).toBe(false);
		expect(matchOutput('{{n:int}}/{{n}}', '12/12').ok).toBe(true);
		expect(matchOutput('{{n:int}}/{{n}}', '12/13').ok).toBe(false);
	});

	it('is read as RE2 reads the line: leftmost-first, each pattern as long as the rest allows', () => {
		// `{{a}}{{a}}` reads `abab` as `aba` then `b`: no backtracking to try `ab` twice.
		expect(matchOutput('{{a}}{{a}}', 'abab').ok).toBe(false);
		expect(matchOutput('{{a}}-{{a}}', 'ab-ab').ok).toBe(true);
	});

	it('matches a value bound by an earlier line literally, also across the literal ends of the line', () => {
		const result = matchOutput('id {{id}}\nprefix {{id}} suffix\n{{id}}', 'id a.b\nprefix a.b suffix\na.b');
		expect(result.ok).toBe(true);
		expect(matchOutput('id {{id}}\n{{id}}', 'id a.b\naxb').ok).toBe(false);
	});
});

describe('a line whose patterns look around them', () => {
	it('is matched with the whole line around each pattern', () => {
		expect(matchOutput('ab{{/\\bc/}}', 'abc').ok).toBe(false);
		expect(matchOutput('ab {{/\\bc/}}', 'ab c').ok).toBe(true);
		expect(matchOutput('x{{/^y/}}', 'xy').ok).toBe(false);
	});
});

describe('{{name}}', () => {
	it('is non-blank text: Unicode blanks end it too, as JavaScript\'s \\S did', () => {
		expect(matchOutput('{{x}}', 'a\u00a0b').ok).toBe(false);
		expect(matchOutput('{{x}} {{y}}', 'a\u3000b c').ok).toBe(false);
		expect(matchOutput('{{x}}', 'é😀b').captures).toEqual(new Map([['x', 'é😀b']]));
	});
});
