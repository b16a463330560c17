import {describe, expect, it} from 'vitest';
import {boundDiff, diffContextLines, formatUnifiedDiff, maxDiffLines, omittedChanges, type AlignedLine, type DiffLine} from '../../src/match/diff.js';
import {matchOutput} from '../../src/match/match.js';

const numbers = (count: number, from = 1) => Array.from({length: count}, (_, i) => String(i + from));
const changes = (diff: readonly DiffLine[]) => diff.filter((line) => line.kind === 'removed' || line.kind === 'added').length;

describe('diff bounds', () => {
	it('fails a million-line mismatch with a bounded diff that counts what it left out', () => {
		const actual = numbers(1_000_000);
		const result = matchOutput('1\n2\nthree\n', `${actual.join('\n')}\n`);
		expect(result.ok).toBe(false);
		expect(result.diff).toHaveLength(maxDiffLines + 1);
		expect(result.diff.slice(0, 4)).toEqual([
			{kind: 'same', text: '1', expectedLine: 1, actualLine: 1},
			{kind: 'same', text: '2', expectedLine: 2, actualLine: 2},
			{kind: 'removed', text: 'three', expectedLine: 3},
			{kind: 'added', text: '3', actualLine: 3},
		]);
		// 500 lines kept: 2 agree, 1 removed, 497 added; the other 999,501 added lines are counted.
		expect(result.diff.at(-1)).toEqual({kind: 'omitted', text: '', count: 999_501, changes: 999_501});
		expect(changes(result.diff) + omittedChanges(result.diff)).toBe(1 + 999_998);
		const printed = formatUnifiedDiff(result.diff).split('\n');
		expect(printed.slice(0, 3)).toEqual(['--- expected', '+++ actual', '@@ -1,3 +1,499 @@']);
		expect(printed.at(-2)).toBe('+499');
		expect(printed.at(-1)).toBe('… 999501 more lines of diff not shown');
		expect(printed).toHaveLength(3 + maxDiffLines + 1);
	});

	it('keeps a change at the end of a million agreeing lines, with its context', () => {
		const expected = numbers(1_000_000);
		const actual = [...expected.slice(0, -1), 'last'];
		const result = matchOutput(expected.join('\n'), actual.join('\n'));
		expect(result.diff).toEqual([
			{kind: 'omitted', text: '', count: 999_996, changes: 0},
			...['999997', '999998', '999999'].map((text, i) => ({kind: 'same', text, expectedLine: 999_997 + i, actualLine: 999_997 + i})),
			{kind: 'removed', text: '1000000', expectedLine: 1_000_000},
			{kind: 'added', text: 'last', actualLine: 1_000_000},
		]);
		expect(formatUnifiedDiff(result.diff)).toBe(['--- expected', '+++ actual', '@@ -999997,4 +999997,4 @@', ' 999997', ' 999998', ' 999999', '-1000000', '+last'].join('\n'));
	});

	it('folds agreeing runs between far-apart changes, and never prints a hunk across them', () => {
		const expected = numbers(2000);
		const actual = expected.map((line, i) => (i % 100 === 50 ? `changed ${line}` : line));
		const result = matchOutput(expected.join('\n'), actual.join('\n'));
		expect(result.diff.filter((line) => line.kind === 'omitted')).toHaveLength(21);
		expect(result.diff.filter((line) => line.kind === 'omitted' && line.count === 100 - 1 - 2 * diffContextLines)).toHaveLength(19);
		expect(changes(result.diff)).toBe(40);
		const printed = formatUnifiedDiff(result.diff);
		expect(printed.split('\n').filter((line) => line.startsWith('@@'))).toHaveLength(20);
		expect(printed).toContain('@@ -48,7 +48,7 @@\n 48\n 49\n 50\n-51\n+changed 51\n 52\n 53\n 54\n@@ -148,7');
		expect(printed).not.toContain('not shown');
	});

	it('leaves a diff within the bound whole', () => {
		const expected = numbers(400);
		const result = matchOutput(expected.join('\n'), [...expected.slice(0, 200), 'x', ...expected.slice(201)].join('\n'));
		expect(result.diff).toHaveLength(401);
		expect(result.diff.some((line) => line.kind === 'omitted')).toBe(false);
	});

	it('gives one diff for one input: a size budget, not a clock, stops the search', () => {
		// Different lengths and nothing in common between head and tail: more edits than the budget allows.
		const expected = numbers(60_000).map((n) => `e${n}`);
		const actual = numbers(60_001).map((n) => `a${n}`);
		const run = () => matchOutput(['same', ...expected, 'end'].join('\n'), ['same', ...actual, 'end'].join('\n')).diff;
		const first = run();
		expect(run()).toEqual(first);
		expect(first.slice(0, 3).map((line) => line.kind)).toEqual(['same', 'removed', 'removed']);
		expect(first.at(-1)).toEqual({kind: 'omitted', text: '', count: 120_003 - maxDiffLines, changes: 120_001 - (maxDiffLines - 1)});
	});

	it('still hands on captures of matching lines the diff leaves out', () => {
		const expected = ['first', ...numbers(2000), 'id {{id:int}}'];
		const actual = ['FIRST', ...numbers(2000), 'id 42'];
		const result = matchOutput(expected.join('\n'), actual.join('\n'));
		expect(result.ok).toBe(false);
		expect(result.diff.some((line) => line.kind === 'omitted')).toBe(true);
		expect(result.captures.get('id')).toBe('42');
	});

	it('keeps the head of a long diff without a change (a captured value that differs)', () => {
		const lines = numbers(1000).map((n) => `{{v}} ${n}`);
		const actual = numbers(1000).map((n) => `${n === '1000' ? 'b' : 'a'} ${n}`);
		const result = matchOutput(lines.join('\n'), actual.join('\n'));
		expect(result.ok).toBe(false);
		expect(result.note).toMatch(/captured value differs/);
		expect(result.diff).toHaveLength(maxDiffLines + 1);
		expect(result.diff.at(-1)).toEqual({kind: 'omitted', text: '', count: 500, changes: 0});
	});

	it('prints at most the bound even of a diff that was never cut down', () => {
		const added: AlignedLine[] = numbers(10_000).map((text, i) => ({kind: 'added', text, actualLine: i + 1}));
		const printed = formatUnifiedDiff(added).split('\n');
		expect(printed).toHaveLength(3 + maxDiffLines + 1);
		expect(printed[2]).toBe(`@@ -0,0 +1,${maxDiffLines} @@`);
		expect(printed.at(-1)).toBe('… 9500 more lines of diff not shown');
		expect(formatUnifiedDiff(added, 3, 1).split('\n').at(-1)).toBe('… 9999 more lines of diff not shown');
		expect(formatUnifiedDiff(boundDiff(added, 10), 3, 100).split('\n').at(-1)).toBe('… 9990 more lines of diff not shown');
	});
});
