import type {CompiledLine} from './pattern.js';

/** A line matcher as `createLineMatcher` makes it. */
export type LineMatcher = (index: number, actual: string, bindings: Map<string, string> | ReadonlyMap<string, string>, bind: boolean) => boolean;

type Star = {readonly e: number; a: number; readonly bindings: Map<string, string>};

/**
 * The verdict of `matchOutput` (its one-backtracking-point walk, as glob
 * matching does) over actual lines given one at a time. It holds only the
 * lines a backtrack can return to: those since the last `...` began to
 * match, at most about as many as the expected lines after it. Same
 * verdict and captures as `matchOutput`'s first walk, line for line.
 */
export class GlobLineStream {
	private readonly window: string[] = [];
	/** The index in the output of `window[0]`. */
	private base = 0;
	private e = 0;
	private a = 0;
	private star: Star | undefined;
	private bindings: Map<string, string>;
	private failed = false;
	/** Without names to capture, bindings never change: no copy is needed at a backtrack. */
	private readonly copies: boolean;

	constructor(
		private readonly expected: readonly CompiledLine[],
		private readonly matches: LineMatcher,
		bound: ReadonlyMap<string, string>,
	) {
		this.bindings = new Map(bound);
		this.copies = expected.some((line) => line.kind === 'pattern' && line.names.length > 0);
	}

	/** The next actual line. */
	push(line: string): void {
		if (this.failed) return;
		this.window.push(line);
		this.walk();
		// Lines before the backtracking point are never read again.
		const drop = (this.star ? this.star.a : this.a) - this.base;
		if (drop > 1024 && drop * 2 > this.window.length) {
			this.window.splice(0, drop);
			this.base += drop;
		}
	}

	/** Whether the expectation matched every line given; the values bound on the way. */
	end(): {readonly ok: boolean; readonly bindings: Map<string, string>} {
		if (this.failed) return {ok: false, bindings: this.bindings};
		let e = this.e;
		while (this.expected[e]?.kind === 'ellipsis') e++;
		return {ok: e === this.expected.length, bindings: this.bindings};
	}

	private walk(): void {
		const {expected, matches, window} = this;
		const end = this.base + window.length;
		while (this.a < end) {
			if (expected[this.e]?.kind === 'ellipsis') {
				this.star = {e: this.e, a: this.a, bindings: this.copies ? new Map(this.bindings) : this.bindings};
				this.e++;
				continue;
			}
			if (this.e < expected.length && matches(this.e, window[this.a - this.base] ?? '', this.bindings, true)) {
				this.e++;
				this.a++;
				continue;
			}
			const star = this.star;
			if (star) {
				star.a++;
				this.a = star.a;
				this.e = star.e + 1;
				this.bindings = this.copies ? new Map(star.bindings) : star.bindings;
				continue;
			}
			this.failed = true;
			return;
		}
	}
}
