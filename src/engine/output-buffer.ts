/**
 * Characters of a step's output held in memory from its start, and as many
 * from its end: an output longer than twice this is "cut" (its middle is
 * not held) and is compared as it is printed instead (`OutputMatchStream`).
 */
export const keptOutputChars = 1 << 20;

/** What reads an output as it is printed, once it is too large to hold whole. */
export type OutputFollower = {push(text: string): void};

/**
 * Keeps a step's output within a memory bound: all of it while it is small,
 * else its head and its tail, saying how much was cut between them. From
 * the moment the output is larger than what it holds, every piece is also
 * handed to a follower (made then by `follow` and given the whole output
 * so far first), which reads the whole output without holding it.
 */
export class OutputBuffer<F extends OutputFollower = OutputFollower> {
	private head = '';
	/** The pieces after the head; whole pieces are dropped from the front past twice `tailLimit`. */
	private tail: string[] = [];
	private tailSize = 0;
	private dropped = 0;
	private followed: F | undefined;

	constructor(
		private readonly follow?: () => F,
		private readonly headLimit = keptOutputChars,
		private readonly tailLimit = keptOutputChars,
	) {}

	/** The follower, once the output grew past what is held whole. */
	get follower(): F | undefined {
		return this.followed;
	}

	append(text: string): void {
		if (text === '') return;
		if (this.followed) this.followed.push(text);
		else if (this.follow && this.head.length + this.tailSize + text.length > this.headLimit + this.tailLimit) {
			this.followed = this.follow();
			this.followed.push(this.head + this.tail.join('') + text);
		}
		if (this.head.length < this.headLimit) {
			const room = this.headLimit - this.head.length;
			this.head += text.slice(0, room);
			text = text.slice(room);
		}
		if (!text) return;
		this.tail.push(text);
		this.tailSize += text.length;
		// Whole pieces go, never a copy of the tail: the last `tailLimit` characters stay.
		if (this.tailSize > this.tailLimit * 2) {
			let drop = 0;
			while (drop < this.tail.length && this.tailSize - (this.tail[drop]?.length ?? 0) >= this.tailLimit) {
				this.tailSize -= this.tail[drop]?.length ?? 0;
				this.dropped += this.tail[drop]?.length ?? 0;
				drop++;
			}
			this.tail.splice(0, drop);
		}
	}

	get cut(): boolean {
		return this.dropped + Math.max(0, this.tailSize - this.tailLimit) > 0;
	}

	/** The output, or its head, a line made by `cutMarker` and its last `tailLimit` characters. */
	text(): string {
		const tail = this.tail.join('');
		const excess = Math.max(0, tail.length - this.tailLimit);
		const dropped = this.dropped + excess;
		if (dropped === 0) return this.head + tail;
		return `${this.head}\n${cutMarker(dropped)}\n${tail.slice(excess)}`;
	}
}

/** The line that stands where output was cut, between its head and its tail. */
export function cutMarker(dropped: number): string {
	return `[… ${dropped} characters of output cut …]`;
}

export function isCutMarker(line: string): boolean {
	return /^\[… \d+ characters of output cut …\]$/.test(line);
}
