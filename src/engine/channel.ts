/** A push-to-pull queue: the engine pushes events, a front end iterates them. */
export class Channel<T> implements AsyncIterable<T> {
	private readonly items: T[] = [];
	private waiting: ((result: IteratorResult<T>) => void) | undefined;
	private closed = false;

	push(item: T): void {
		if (this.closed) return;
		if (this.waiting) {
			const resolve = this.waiting;
			this.waiting = undefined;
			resolve({value: item, done: false});
		} else {
			this.items.push(item);
		}
	}

	close(): void {
		this.closed = true;
		if (this.waiting) {
			const resolve = this.waiting;
			this.waiting = undefined;
			resolve({value: undefined, done: true});
		}
	}

	[Symbol.asyncIterator](): AsyncIterator<T> {
		return {
			next: () => {
				const item = this.items.shift();
				if (item !== undefined) return Promise.resolve({value: item, done: false});
				if (this.closed) return Promise.resolve({value: undefined, done: true});
				return new Promise((resolve) => {
					this.waiting = resolve;
				});
			},
		};
	}
}
