import {describe, expect, it} from 'vitest';
import {InOrder, schedule} from '../../src/commands/schedule.js';

/** Jobs that end only when the test says so: what ran, and at once with what. */
function controlled(count: number) {
	const finish: Array<(value: string) => void> = [];
	const started: number[] = [];
	const log: string[] = [];
	let active = 0;
	let most = 0;
	const run = (_item: unknown, index: number) =>
		new Promise<string>((resolve) => {
			started.push(index);
			active++;
			most = Math.max(most, active);
			log.push(`start ${index} (${active} running)`);
			finish[index] = (value) => {
				active--;
				log.push(`end ${index}`);
				resolve(value);
			};
		});
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	return {run, started, log, finish: (index: number) => finish[index]?.(`r${index}`), most: () => most, settle, count};
}

describe('schedule', () => {
	it('runs at most `jobs` at once, in list order', async () => {
		const jobs = controlled(5);
		const items = Array.from({length: 5}, () => ({exclusive: false}));
		const done = schedule(items, {jobs: 2, run: jobs.run, mayStart: () => true});
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1]);
		jobs.finish(1);
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1, 2]);
		jobs.finish(0);
		jobs.finish(2);
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1, 2, 3, 4]);
		jobs.finish(3);
		jobs.finish(4);
		expect(await done).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
		expect(jobs.most()).toBe(2);
	});

	it('runs an exclusive item with nothing beside it, before or after', async () => {
		const jobs = controlled(4);
		const items = [{exclusive: false}, {exclusive: true}, {exclusive: false}, {exclusive: false}];
		const done = schedule(items, {jobs: 3, run: jobs.run, mayStart: () => true});
		await jobs.settle();
		// The exclusive one waits for the first to end.
		expect(jobs.started).toEqual([0]);
		jobs.finish(0);
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1]);
		// Nothing starts beside it.
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1]);
		jobs.finish(1);
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1, 2, 3]);
		jobs.finish(2);
		jobs.finish(3);
		await done;
		expect(jobs.log).toEqual(['start 0 (1 running)', 'end 0', 'start 1 (1 running)', 'end 1', 'start 2 (1 running)', 'start 3 (2 running)', 'end 2', 'end 3']);
	});

	it('starts nothing once mayStart says no, and waits for those running', async () => {
		const jobs = controlled(4);
		let may = true;
		const items = Array.from({length: 4}, () => ({exclusive: false}));
		const ended: number[] = [];
		const done = schedule(items, {jobs: 2, run: jobs.run, mayStart: () => may, ended: (index) => ended.push(index)});
		await jobs.settle();
		may = false;
		jobs.finish(0);
		await jobs.settle();
		expect(jobs.started).toEqual([0, 1]);
		jobs.finish(1);
		expect(await done).toEqual(['r0', 'r1', undefined, undefined]);
		expect(ended).toEqual([0, 1]);
	});

	it('refuses a number of jobs that is not a whole number, 1 or more', async () => {
		await expect(schedule([], {jobs: 0, run: async () => 1, mayStart: () => true})).rejects.toThrow(/1 or more/);
		await expect(schedule([], {jobs: 1.5, run: async () => 1, mayStart: () => true})).rejects.toThrow(/whole number/);
	});
});

describe('InOrder', () => {
	it('releases each item once it and every item before it are done', () => {
		const released: string[] = [];
		const order = new InOrder<string>((index, value) => released.push(`${index}:${value}`));
		order.done(2, 'c');
		order.done(1, 'b');
		expect(released).toEqual([]);
		order.done(0, 'a');
		expect(released).toEqual(['0:a', '1:b', '2:c']);
		order.done(4, 'e');
		expect(order.released).toBe(3);
		order.done(3, 'd');
		expect(released).toEqual(['0:a', '1:b', '2:c', '3:d', '4:e']);
	});
});
