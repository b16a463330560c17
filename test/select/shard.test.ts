import {describe, expect, it} from 'vitest';
import {parseShard, pickShard, splitShards, type Weighed} from '../../src/select/shard.js';

const files: Weighed[] = [
	{path: 'docs/a.md', steps: 5},
	{path: 'docs/b.md', steps: 1},
	{path: 'docs/c.md', steps: 8},
	{path: 'docs/d.md', steps: 3},
	{path: 'docs/e.md', steps: 3},
	{path: 'docs/f.md', steps: 0},
	{path: 'docs/g.md', steps: 0},
	{path: 'docs/h.md', steps: 2},
];

const stepsOf = (part: readonly number[], items: readonly Weighed[]) => part.reduce((sum, position) => sum + (items[position]?.steps ?? 0), 0);
const pathsOf = (part: readonly number[], items: readonly Weighed[]) => part.map((position) => items[position]?.path);

describe('parseShard', () => {
	it('reads i/n', () => {
		expect(parseShard('2/3')).toEqual({index: 2, count: 3});
		expect(parseShard('1/1')).toEqual({index: 1, count: 1});
		expect(parseShard(' 4/4 ')).toEqual({index: 4, count: 4});
	});

	it.each([
		['0/3', '--shard 0/3: the part must be from 1 to 3'],
		['4/3', '--shard 4/3: the part must be from 1 to 3'],
		['1/0', '--shard 1/0: the number of parts must be a whole number from 1 up'],
		['1.5/3', '--shard takes i/n, such as 2/3 (the second of three parts), not `1.5/3`'],
		['-1/3', '--shard takes i/n, such as 2/3 (the second of three parts), not `-1/3`'],
		['2', '--shard takes i/n, such as 2/3 (the second of three parts), not `2`'],
		['a/b', '--shard takes i/n, such as 2/3 (the second of three parts), not `a/b`'],
		['1/99999999999999999999', '--shard 1/99999999999999999999: the number of parts must be a whole number from 1 up'],
	])('refuses %s', (text, message) => {
		expect(parseShard(text)).toBe(message);
	});
});

describe('splitShards', () => {
	it('puts every item in exactly one part, for any number of parts', () => {
		for (let count = 1; count <= 10; count++) {
			const parts = splitShards(files, count);
			const all = parts.flat().sort((a, b) => a - b);
			expect(all).toEqual(files.map((_, position) => position));
			expect(parts.length).toBe(Math.min(count, files.length));
		}
	});

	it('gives each, the heaviest first, to the part with the fewest steps, then the fewest files, then the lowest number', () => {
		// Sorted: c 8, a 5, d 3, e 3, h 2, b 1, f 0, g 0. c→1 (8), a→2 (5), d→3 (3), e→3 (6), h→2 (7), b→3 (7);
		// f: 2 and 3 have 7 steps, 2 fewer files → 2; g: 2 and 3 have 7 steps and 3 files → 2.
		const parts = splitShards(files, 3);
		expect(parts.map((part) => pathsOf(part, files))).toEqual([['docs/c.md'], ['docs/a.md', 'docs/f.md', 'docs/g.md', 'docs/h.md'], ['docs/b.md', 'docs/d.md', 'docs/e.md']]);
		expect(parts.map((part) => stepsOf(part, files))).toEqual([8, 7, 7]);
	});

	it('keeps parts within the heaviest file of each other', () => {
		const heaviest = Math.max(...files.map((item) => item.steps));
		for (let count = 1; count <= 8; count++) {
			const steps = splitShards(files, count).map((part) => stepsOf(part, files));
			expect(Math.max(...steps) - Math.min(...steps)).toBeLessThanOrEqual(heaviest);
		}
	});

	it('spreads files with no step over the parts instead of piling them on the first', () => {
		const empty = Array.from({length: 6}, (_, n) => ({path: `f${n}.md`, steps: 0}));
		expect(splitShards(empty, 3).map((part) => part.length)).toEqual([2, 2, 2]);
	});

	it('depends on paths and steps, not on the order the items come in', () => {
		const reversed = [...files].reverse();
		for (let count = 1; count <= 5; count++) {
			const forward = splitShards(files, count).map((part) => pathsOf(part, files).sort());
			const backward = splitShards(reversed, count).map((part) => pathsOf(part, reversed).sort());
			expect(backward).toEqual(forward);
		}
	});

	it('keeps the members of a part in the order of the items', () => {
		for (const part of splitShards(files, 2)) expect([...part].sort((a, b) => a - b)).toEqual(part);
	});

	it('leaves the parts past the number of items empty', () => {
		expect(pickShard(files.slice(0, 2), {index: 3, count: 5})).toEqual([]);
		expect(pickShard(files.slice(0, 2), {index: 2, count: 5})).toEqual([files[1]]);
		expect(pickShard([], {index: 1, count: 1})).toEqual([]);
	});

	it('copes with a very large number of parts', () => {
		expect(pickShard(files, {index: 1, count: Number.MAX_SAFE_INTEGER})).toEqual([files[2]]);
	});
});
