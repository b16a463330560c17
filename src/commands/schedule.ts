/** One unit of work for `schedule`: whether it must run with nothing beside it. */
export type Job = {readonly exclusive: boolean};

export type ScheduleOptions<T extends Job, R> = {
	/** At most this many jobs at once (a whole number, 1 or more). */
	readonly jobs: number;
	/** Runs job `index`; its promise must not reject (a failure is a result). */
	readonly run: (item: T, index: number) => Promise<R>;
	/** Asked before each start: false stops starting jobs (a signal, `--bail`). */
	readonly mayStart: () => boolean;
	/** Told each result as its job ends, in the order jobs end. */
	readonly ended?: (index: number, result: R) => void;
};

/**
 * Run `items` with at most `jobs` at once, starting them in list order.
 * An exclusive item waits until every running one has ended, and nothing
 * else starts until it has ended (a barrier on both sides, as a write lock
 * among readers); the items around it keep their order. Once `mayStart`
 * says no, the rest are not started. Resolves when every started item has
 * ended, with each item's result, `undefined` for those never started.
 *
 * @example
 * await schedule([{exclusive: false}, {exclusive: true}], {jobs: 2, run: async () => 'ok', mayStart: () => true});
 * // ['ok', 'ok']: the second started after the first ended
 */
export async function schedule<T extends Job, R>(items: readonly T[], options: ScheduleOptions<T, R>): Promise<(R | undefined)[]> {
	if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new RangeError(`jobs must be a whole number, 1 or more: ${options.jobs}`);
	const results: (R | undefined)[] = Array.from({length: items.length}, () => undefined);
	const running = new Set<Promise<void>>();
	let exclusiveRunning = false;
	for (const [index, item] of items.entries()) {
		// Room for one more: fewer than `jobs` running, none of them exclusive, and none at all for an exclusive one.
		while (running.size > 0 && (exclusiveRunning || item.exclusive || running.size >= options.jobs)) await Promise.race(running);
		if (!options.mayStart()) break;
		exclusiveRunning = item.exclusive;
		const job = options.run(item, index).then((result) => {
			results[index] = result;
			running.delete(job);
			if (item.exclusive) exclusiveRunning = false;
			options.ended?.(index, result);
		});
		running.add(job);
	}
	await Promise.all(running);
	return results;
}

/**
 * Releases results in list order as they come in any order: `release(i)` is
 * called once item `i` and every item before it have come in (as GNU
 * parallel's `--keep-order`), so output stays in a stable order however the
 * runs interleave.
 */
export class InOrder<R> {
	private readonly waiting = new Map<number, R>();
	private next = 0;

	constructor(private readonly release: (index: number, result: R) => void) {}

	/** Item `index` is done; release it and any after it that were waiting for it. */
	done(index: number, result: R): void {
		this.waiting.set(index, result);
		while (this.waiting.has(this.next)) {
			const ready = this.waiting.get(this.next) as R;
			this.waiting.delete(this.next);
			this.release(this.next, ready);
			this.next++;
		}
	}

	/** Index of the next item to release: every item before it has been released. */
	get released(): number {
		return this.next;
	}
}
