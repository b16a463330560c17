/**
 * Keeps a step's output for matching within a memory bound: all of it while it
 * is small, else its head and its tail, saying how much was cut between them.
 */
export class OutputBuffer {
	private head = '';
	private tail = '';
	private dropped = 0;

	constructor(
		private readonly headLimit = 1 << 20,
		private readonly tailLimit = 1 << 20,
	) {}

	append(text: string): void {
		if (this.head.length < this.headLimit) {
			const room = this.headLimit - this.head.length;
			this.head += text.slice(0, room);
			text = text.slice(room);
		}
		if (!text) return;
		this.tail += text;
		if (this.tail.length > this.tailLimit * 2) this.trimTail();
	}

	private trimTail(): void {
		const excess = this.tail.length - this.tailLimit;
		if (excess > 0) {
			this.dropped += excess;
			this.tail = this.tail.slice(excess);
		}
	}

	get cut(): boolean {
		this.trimTail();
		return this.dropped > 0;
	}

	text(): string {
		this.trimTail();
		if (this.dropped === 0) return this.head + this.tail;
		return `${this.head}\n${cutMarker(this.dropped)}\n${this.tail}`;
	}
}

/** The line that stands where output was cut, between its head and its tail. */
export function cutMarker(dropped: number): string {
	return `[… ${dropped} characters of output cut …]`;
}

export function isCutMarker(line: string): boolean {
	return /^\[… \d+ characters of output cut …\]$/.test(line);
}
