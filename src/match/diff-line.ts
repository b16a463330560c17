/**
 * One line of a diff. `same`: equal text; `matched`: a pattern line that matched
 * (the actual text is shown); `elided`: actual lines a `...` covered; `removed`
 * and `added`: the real differences; `omitted`: lines left out to keep the diff
 * small (see {@link OmittedLines}).
 */
export type DiffLine = AlignedLine | OmittedLines;

/** A line of the alignment of expected and actual output. */
export type AlignedLine = {
	readonly kind: 'same' | 'matched' | 'elided' | 'removed' | 'added';
	readonly text: string;
	/** 1-based line numbers on each side, where the line exists there. */
	readonly expectedLine?: number;
	readonly actualLine?: number;
};

/**
 * Lines of the alignment not kept, in their place: `count` lines, of which
 * `changes` are removed or added lines. `text` is empty: front ends word it.
 */
export type OmittedLines = {
	readonly kind: 'omitted';
	readonly text: '';
	readonly count: number;
	readonly changes: number;
};

/**
 * The most lines of the alignment a diff keeps, and the most lines of diff
 * `formatUnifiedDiff` prints: past it, a diff says how many lines it left
 * out. Output of a million lines must fail a step, not exhaust memory or a
 * CI log; 500 lines is more than anyone reads, enough to see the pattern.
 */
export const maxDiffLines = 500;

/**
 * Agreeing lines kept on each side of a change when a long diff is cut down,
 * and the context of a unified diff's hunks (as `diff -u` has).
 */
export const diffContextLines = 3;

export function isChange(line: DiffLine): boolean {
	return line.kind === 'removed' || line.kind === 'added';
}

/** How many lines of diff (removed or added) a diff left out, in all its `omitted` lines. */
export function omittedChanges(diff: readonly DiffLine[]): number {
	let total = 0;
	for (const line of diff) if (line.kind === 'omitted') total += line.changes;
	return total;
}
