import {comparePaths} from './order.js';

/** `--shard i/n`: the `index`-th (1-based) of `count` parts. */
export type Shard = {readonly index: number; readonly count: number};

/** What a shard balances: a file's path as shown (relative, `/` separators) and its number of steps. */
export type Weighed = {readonly path: string; readonly steps: number};

/**
 * Read `i/n` (two integers, 1 ≤ i ≤ n): the shard, or why the text is not one.
 * Playwright's, Jest's and vitest's `--shard` syntax.
 */
export function parseShard(text: string): Shard | string {
	const match = /^(\d+)\/(\d+)$/.exec(text.trim());
	if (!match) return `--shard takes i/n, such as 2/3 (the second of three parts), not \`${text}\``;
	const index = Number(match[1]);
	const count = Number(match[2]);
	if (count < 1 || !Number.isSafeInteger(count)) return `--shard ${text}: the number of parts must be a whole number from 1 up`;
	if (index < 1 || index > count) return `--shard ${text}: the part must be from 1 to ${count}`;
	return {index, count};
}

/**
 * Split `items` into `count` parts balanced by step count, the same on every
 * machine and run (greedy longest-processing-time, as schedulers balance
 * jobs): the items sorted by steps, most first, then by path (UTF-16 code
 * units, no locale); each goes to the part with the fewest steps so far, then
 * the fewest files (so that files with no step spread too), then the lowest
 * number. Returns the parts that get members (the first min(count, items)),
 * each as the positions in `items` of its members, in the order of `items`;
 * every item is in exactly one part, and the parts after them are empty.
 */
export function splitShards(items: readonly Weighed[], count: number): number[][] {
	const order = items.map((item, position) => ({item, position}));
	order.sort((a, b) => b.item.steps - a.item.steps || comparePaths(a.item.path, b.item.path) || a.position - b.position);
	// An empty part always wins the choice, so only the first min(count, items) parts ever get members.
	const used = Array.from({length: Math.min(count, items.length)}, () => ({steps: 0, members: [] as number[]}));
	for (const {item, position} of order) {
		let lightest = used[0];
		for (const part of used) {
			if (!lightest || part.steps < lightest.steps || (part.steps === lightest.steps && part.members.length < lightest.members.length)) lightest = part;
		}
		if (!lightest) break;
		lightest.steps += item.steps;
		lightest.members.push(position);
	}
	return used.map((part) => part.members.sort((a, b) => a - b));
}

/** The members of `shard`, in the order of `items` (none when the shard is past the number of items). */
export function pickShard<T extends Weighed>(items: readonly T[], shard: Shard): T[] {
	const positions = splitShards(items, shard.count)[shard.index - 1] ?? [];
	return positions.flatMap((position) => {
		const item = items[position];
		return item ? [item] : [];
	});
}
