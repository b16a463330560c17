import {boundDiff, diffLines, maxDiffLines, type AlignedLine, type DiffLine} from './diff.js';
import type {CompiledLine} from './pattern.js';
import type {LineMatcher} from './stream-glob.js';

/**
 * The diff of an expectation with an output given line by line, in bounded
 * memory: the lines that agree from the start are paired as they come; the
 * rest (the middle) is kept while it holds at most `middleChars` characters,
 * and then aligned with the rest of the expectation as `diffLines` does. A
 * middle past that size keeps its first lines and, in a ring, as many last
 * lines as the expectation has left: the common tail is paired from them and
 * the lines between show as all removed, then all added, as `diffLines` shows
 * a diff past its comparison budget; only the first of those added lines are
 * kept, the others are counted in the last `omitted` line.
 */
export class StreamDiff {
	private readonly head: AlignedLine[] = [];
	private inHead = true;
	private middle: string[] = [];
	private middleSize = 0;
	/** Lines of the middle in all. */
	private middleCount = 0;
	/** Once the middle is past its size: its last lines (a ring of `ringSize`), the oldest at `ringAt`. */
	private ring: string[] | undefined;
	private ringAt = 0;
	private ringSize = 0;

	constructor(
		private readonly compiled: readonly CompiledLine[],
		private readonly expectedLines: readonly string[],
		private readonly matches: LineMatcher,
		private readonly bound: ReadonlyMap<string, string>,
		private readonly middleChars: number,
	) {}

	/** The next actual line. */
	push(line: string): void {
		if (this.inHead) {
			const e = this.head.length;
			const expected = this.compiled[e];
			if (expected && expected.kind !== 'ellipsis' && this.matches(e, line, this.bound, false)) {
				this.head.push({kind: expected.kind === 'literal' ? 'same' : 'matched', text: expected.kind === 'literal' ? (this.expectedLines[e] ?? line) : line, expectedLine: e + 1, actualLine: e + 1});
				return;
			}
			this.inHead = false;
		}
		this.middleCount++;
		if (this.ring) {
			this.remember(line);
			return;
		}
		this.middle.push(line);
		this.middleSize += line.length + 1;
		if (this.middleSize > this.middleChars) this.overflow();
	}

	/** The alignment of the whole output, cut down for display (`boundDiff`), before that cut. */
	end(): {readonly diff: DiffLine[]; readonly alignment: AlignedLine[]} {
		const h = this.head.length;
		if (!this.ring) {
			const rest = diffLines(this.compiled.slice(h), this.expectedLines.slice(h), this.middle, (index, actual, bindings, bind) => this.matches(index + h, actual, bindings, bind), this.bound);
			const shifted = rest.map((line) => ({
				...line,
				...(line.expectedLine === undefined ? {} : {expectedLine: line.expectedLine + h}),
				...(line.actualLine === undefined ? {} : {actualLine: line.actualLine + h}),
			}));
			const alignment = this.head.concat(shifted);
			return {diff: boundDiff(alignment), alignment};
		}
		return this.endPastSize(h);
	}

	private endPastSize(h: number): {readonly diff: DiffLine[]; readonly alignment: AlignedLine[]} {
		const expectedCount = this.expectedLines.length;
		const ring = this.ring ?? [];
		// The ring's newest line is just before its oldest (at `ringAt`), or last while it fills.
		const last = (k: number) => ring[(this.ringAt + ring.length - 1 - k) % ring.length] ?? '';
		const available = ring.length;
		const tail: AlignedLine[] = [];
		for (let k = 0; k < available && k < expectedCount - h; k++) {
			const e = expectedCount - 1 - k;
			const expected = this.compiled[e];
			if (!expected || expected.kind === 'ellipsis' || !this.matches(e, last(k), this.bound, false)) break;
			tail.unshift({kind: expected.kind === 'literal' ? 'same' : 'matched', text: last(k), expectedLine: e + 1, actualLine: h + this.middleCount - k});
		}
		const t = tail.length;
		const alignment: AlignedLine[] = this.head.slice();
		for (let e = h; e < expectedCount - t; e++) {
			alignment.push({kind: this.compiled[e]?.kind === 'ellipsis' ? 'elided' : 'removed', text: this.expectedLines[e] ?? '', expectedLine: e + 1});
		}
		const added = Math.min(this.middle.length, this.middleCount - t);
		for (let i = 0; i < added; i++) alignment.push({kind: 'added', text: this.middle[i] ?? '', actualLine: h + i + 1});
		const unshown = this.middleCount - t - added;
		if (unshown === 0) {
			const whole = alignment.concat(tail);
			return {diff: boundDiff(whole), alignment: whole};
		}
		const diff = boundDiff(alignment);
		const cut = diff.at(-1);
		if (cut?.kind === 'omitted') diff[diff.length - 1] = {...cut, count: cut.count + unshown + t, changes: cut.changes + unshown};
		else diff.push({kind: 'omitted', text: '', count: unshown + t, changes: unshown});
		return {diff, alignment: alignment.concat(tail)};
	}

	/** The middle is past its size: keep its first lines for display, and a ring of its last ones. */
	private overflow(): void {
		this.ringSize = Math.max(1, this.expectedLines.length - this.head.length);
		this.ring = [];
		this.ringAt = 0;
		for (const line of this.middle.slice(-this.ringSize)) this.remember(line);
		this.middle = this.middle.slice(0, maxDiffLines);
		this.middleSize = 0;
	}

	private remember(line: string): void {
		const ring = this.ring;
		if (!ring) return;
		if (ring.length < this.ringSize) {
			ring.push(line);
			return;
		}
		ring[this.ringAt] = line;
		this.ringAt = (this.ringAt + 1) % this.ringSize;
	}
}
