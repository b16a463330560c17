import {describe, expect, it} from 'vitest';
import {formatUnifiedDiff} from '../../src/match/diff.js';
import {matchOutput} from '../../src/match/match.js';
import {normaliseLines} from '../../src/match/normalise.js';
import {compileLine, isPatternError} from '../../src/match/pattern.js';

describe('normalise', () => {
	it('turns CRLF into LF and drops trailing blanks and blank lines', () => {
		expect(normaliseLines('a  \r\nb\t\r\n\r\n\n')).toEqual(['a', 'b']);
	});
	it('resolves carriage returns as a terminal shows them', () => {
		expect(normaliseLines('progress 10%\rprogress 100%\n')).toEqual(['progress 100%']);
		expect(normaliseLines('abcdef\rXY')).toEqual(['XYcdef']);
	});
	it('strips ANSI escapes unless asked to keep them', () => {
		expect(normaliseLines('\u001B[31mred\u001B[0m')).toEqual(['red']);
		expect(normaliseLines('\u001B[31mred\u001B[0m', 'keep')).toEqual(['\u001B[31mred\u001B[0m']);
	});
	it('treats empty output as no lines', () => {
		expect(normaliseLines('')).toEqual([]);
		expect(normaliseLines('\n\n')).toEqual([]);
	});
});

describe('patterns', () => {
	const ok = (expected: string, actual: string) => matchOutput(expected, actual).ok;
	it('matches literal lines exactly', () => {
		expect(ok('hello', 'hello\n')).toBe(true);
		expect(ok('hello', 'hello world\n')).toBe(false);
	});
	it('matches [..] within a line only', () => {
		expect(ok('at [..] ok', 'at 12:00:01 ok')).toBe(true);
		expect(ok('at [..] ok', 'at 12\n ok')).toBe(false);
	});
	it('matches ... to zero or more whole lines', () => {
		expect(ok('a\n...\nz', 'a\nz')).toBe(true);
		expect(ok('a\n...\nz', 'a\nb\nc\nz')).toBe(true);
		expect(ok('...', '')).toBe(true);
		expect(ok('a\n...', 'a\nb')).toBe(true);
		expect(ok('a\n...\nz', 'a\nb')).toBe(false);
	});
	it.each([
		['int', '-42', '4x'],
		['hex', 'deadBEEF', 'xyz'],
		['hex12', '0123456789ab', '0123456789a'],
		['hex64', 'a'.repeat(64), 'a'.repeat(63)],
		['uuid', '123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-12d3-a456'],
		['ipv4', '172.17.0.2', '172.17.0'],
		['ipv6', 'fe80::42:acff:fe11:2', 'fe80'],
		['cidr', '192.168.0.0/24', '192.168.0.0'],
		['mac', '02:42:ac:11:00:02', '02:42:ac:11:00'],
		['word', 'eth0', 'eth 0'],
	])('{{x:%s}} matches %s and not %s', (type, good, bad) => {
		expect(ok(`v={{x:${type}}}`, `v=${good}`)).toBe(true);
		expect(ok(`v={{x:${type}}}`, `v=${bad}`)).toBe(false);
	});
	it('captures values and requires the same value where a name appears again', () => {
		const result = matchOutput('id {{id}}\nagain {{id}}', 'id abc\nagain abc');
		expect(result.ok).toBe(true);
		expect(result.captures.get('id')).toBe('abc');
		const again = matchOutput('id {{id}}\nagain {{id}}', 'id abc\nagain abd');
		expect(again.ok).toBe(false);
		expect(again.note).toMatch(/captured value differs/);
	});
	it('keeps the captures of the lines that matched when another line differs', () => {
		const result = matchOutput('id {{id:int}}\nbar', 'id 12345\nfoo');
		expect(result.ok).toBe(false);
		expect(result.captures.get('id')).toBe('12345');
	});
	it('tries other ways through ... when a captured name must match again', () => {
		const result = matchOutput('...\nid {{x}}\n...\nref {{x}}', 'id 1\nid 2\nref 2');
		expect(result.ok).toBe(true);
		expect(result.captures.get('x')).toBe('2');
		expect(matchOutput('...\nid {{x}}\n...\nref {{x}}', 'id 1\nid 2\nref 3').ok).toBe(false);
	});
	it('repeats a name within one line as the same value', () => {
		expect(ok('{{a}}={{a}}', 'x=x')).toBe(true);
		expect(ok('{{a}}={{a}}', 'x=y')).toBe(false);
	});
	it('matches a value bound by an earlier step literally', () => {
		const bound = new Map([['id', 'abc']]);
		expect(matchOutput('it is {{id}}', 'it is abc', {bound}).ok).toBe(true);
		expect(matchOutput('it is {{id}}', 'it is abd', {bound}).ok).toBe(false);
	});
	it('runs anonymous and named regexes to the first /}}', () => {
		expect(ok('{{/\\d{3}/}} items', '123 items')).toBe(true);
		expect(ok('{{/\\d{3}/}} items', '12 items')).toBe(false);
		expect(ok('{{n:/[a-z]+ [a-z]+/}}!', 'two words!')).toBe(true);
	});
	it('treats every line as literal with patterns=off', () => {
		expect(matchOutput('{{x}}', 'abc', {patterns: false}).ok).toBe(false);
		expect(matchOutput('{{x}} [..]', '{{x}} [..]', {patterns: false}).ok).toBe(true);
	});
	it('reports patterns that do not compile, with their column', () => {
		const bad = compileLine('ok {{x:nope}}');
		expect(isPatternError(bad) && bad.column).toBe(4);
		expect(isPatternError(compileLine('{{/(/}}'))).toBe(true);
		expect(isPatternError(compileLine('{{x'))).toBe(true);
	});
});

describe('diff', () => {
	it('shows only real differences, pattern-matched lines as context', () => {
		const result = matchOutput('id {{id:int}}\nname alpha\nend', 'id 7\nname beta\nend');
		expect(result.ok).toBe(false);
		expect(formatUnifiedDiff(result.diff)).toBe(['--- expected', '+++ actual', '@@ -1,3 +1,3 @@', ' id 7', '-name alpha', '+name beta', ' end'].join('\n'));
	});
	it('shows lines covered by ... as context, not as added', () => {
		const result = matchOutput('start\n...\nend', 'start\nx\ny\nEND');
		const diff = formatUnifiedDiff(result.diff);
		expect(diff).toContain(' x\n y');
		expect(diff).toContain('-end\n+END');
	});
	it('matches or diffs 100,000 lines without backtracking blow-up', () => {
		const lines = Array.from({length: 100_000}, (_, i) => `line-${i} {{/\\d+/}} [..]`).join('\n');
		const actual = Array.from({length: 100_000}, (_, i) => `line-${i} ${i * 7} tail`).join('\n');
		expect(matchOutput(lines, actual).ok).toBe(true);
		const broken = matchOutput(lines, actual.replace('line-500 3500', 'line-500 x'));
		expect(broken.ok).toBe(false);
		expect(formatUnifiedDiff(broken.diff)).toContain('+line-500 x tail');
	});
});
