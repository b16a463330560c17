import {NormalisedLineStream} from './line-stream.js';
import {capturedValueDiffers, compileExpectation, createLineMatcher, newCaptures, type MatchOptions, type MatchResult} from './match.js';
import {normaliseLines} from './normalise.js';
import {GlobLineStream} from './stream-glob.js';
import {StreamDiff} from './stream-diff.js';

/**
 * `matchOutput` over an output given in pieces as it is printed, in memory
 * bounded by the expectation and `memoryChars` rather than by the output:
 * for outputs too large to hold whole. The verdict and captures are those of
 * `matchOutput`'s walk over the whole output, line for line; differences from
 * `matchOutput`, all in what a failure shows:
 * - its search over every way `...` can divide the output when a captured
 *   name needs another choice is not made (as past that search's budget);
 * - the diff is `StreamDiff`'s (exact while the lines past the common head
 *   hold at most `memoryChars` characters);
 * - `actualLines` is empty: the output is not held.
 *
 * @example const m = new OutputMatchStream('a\n...\nz', {}, 1 << 20); m.push('a\nb\nz\n'); m.end().ok // true
 */
export class OutputMatchStream {
	private readonly lines: NormalisedLineStream;
	private readonly glob: GlobLineStream;
	private readonly diff: StreamDiff;
	private readonly expectedLines: string[];
	private readonly bound: ReadonlyMap<string, string>;
	private readonly matches: ReturnType<typeof createLineMatcher>;

	constructor(expectedText: string, options: MatchOptions, memoryChars: number) {
		const expected = compileExpectation(expectedText, options.patterns ?? true);
		this.expectedLines = normaliseLines(expectedText, 'keep');
		this.bound = options.bound ?? new Map<string, string>();
		this.matches = createLineMatcher(expected);
		this.lines = new NormalisedLineStream(options.ansi ?? 'strip');
		this.glob = new GlobLineStream(expected, this.matches, this.bound);
		this.diff = new StreamDiff(expected, this.expectedLines, this.matches, this.bound, memoryChars);
	}

	/** The next piece of output, as printed. */
	push(text: string): void {
		for (const line of this.lines.push(text)) this.take(line);
	}

	/** The output ended: the comparison, as `matchOutput` gives it. */
	end(): MatchResult {
		for (const line of this.lines.end()) this.take(line);
		const {bound} = this;
		const fresh = (values: ReadonlyMap<string, string>) => newCaptures(values, bound);
		const verdict = this.glob.end();
		if (verdict.ok) return {ok: true, captures: fresh(verdict.bindings), expectedLines: this.expectedLines, actualLines: [], diff: []};
		const {diff, alignment} = this.diff.end();
		// Captures come from every matching line, also those the bounded diff leaves out.
		const partial = new Map(bound);
		for (const line of alignment) {
			if (line.kind === 'matched' && line.expectedLine !== undefined) this.matches(line.expectedLine - 1, line.text, partial, true);
		}
		const result = {ok: false, captures: fresh(partial), expectedLines: this.expectedLines, actualLines: [], diff};
		const shown = diff.some((line) => line.kind === 'removed' || line.kind === 'added' || (line.kind === 'omitted' && line.changes > 0));
		return shown ? result : {...result, note: capturedValueDiffers};
	}

	private take(line: string): void {
		this.glob.push(line);
		this.diff.push(line);
	}
}
