import {diffArrays} from 'diff';
import type {AlignedLine} from './diff-line.js';
import type {CompiledLine} from './pattern.js';

export {boundDiff} from './diff-bounds.js';
export {diffContextLines, maxDiffLines, omittedChanges, type AlignedLine, type DiffLine, type OmittedLines} from './diff-line.js';
export {formatUnifiedDiff} from './unified-diff.js';

/**
 * Line comparisons Myers' diff may make. It costs about (n + m) × d for d
 * edits, so it looks for at most this budget over the sizes of both sides:
 * past that, the lines between the common head and tail show as all removed,
 * then all added. A count, not a clock, so one input always gives one diff.
 */
export const diffComparisonBudget = 10_000_000;

type Token = {readonly side: 'expected' | 'actual'; readonly index: number};

type LineMatcher = (index: number, actual: string, bindings: ReadonlyMap<string, string>, bind: boolean) => boolean;

/**
 * Align expected and actual lines with jsdiff, counting pattern matches as
 * equal: every line of both sides, however long they are. `boundDiff` cuts
 * the result down for display.
 */
export function diffLines(
	compiled: readonly CompiledLine[],
	expectedLines: readonly string[],
	actualLines: readonly string[],
	matches: LineMatcher,
	bound: ReadonlyMap<string, string>,
): AlignedLine[] {
	if (expectedLines.length === actualLines.length && compiled.every((line) => line.kind !== 'ellipsis')) {
		return pairwise(expectedLines, actualLines, (index) => matches(index, actualLines[index] ?? '', bound, false), compiled);
	}
	const left: Token[] = expectedLines.map((_, index) => ({side: 'expected', index}));
	const right: Token[] = actualLines.map((_, index) => ({side: 'actual', index}));
	const equal = (e: number, a: number) => {
		const line = compiled[e];
		if (!line || line.kind === 'ellipsis') return false;
		return matches(e, actualLines[a] ?? '', bound, false);
	};
	const comparator = (x: Token, y: Token) => (x.side === 'expected' ? equal(x.index, y.index) : equal(y.index, x.index));
	const maxEditLength = Math.floor(diffComparisonBudget / Math.max(1, left.length + right.length));
	const changes = diffArrays(left, right, {comparator, maxEditLength}) ?? allChanged(left, right, equal);
	const lines: AlignedLine[] = [];
	let e = 0;
	let a = 0;
	for (const change of changes) {
		for (let k = 0; k < change.count; k++) {
			if (change.removed) {
				const isEllipsis = compiled[e]?.kind === 'ellipsis';
				lines.push({kind: isEllipsis ? 'elided' : 'removed', text: expectedLines[e] ?? '', expectedLine: e + 1});
				e++;
			} else if (change.added) {
				lines.push({kind: 'added', text: actualLines[a] ?? '', actualLine: a + 1});
				a++;
			} else {
				const kind = compiled[e]?.kind === 'literal' ? 'same' : 'matched';
				lines.push({kind, text: actualLines[a] ?? '', expectedLine: e + 1, actualLine: a + 1});
				e++;
				a++;
			}
		}
	}
	return absorbEllipses(lines);
}

type Change = {readonly count: number; readonly added: boolean; readonly removed: boolean};

/** Past the edit budget: the common head and tail agree, everything between them changed. */
function allChanged(left: readonly Token[], right: readonly Token[], equal: (e: number, a: number) => boolean): Change[] {
	let head = 0;
	while (head < left.length && head < right.length && equal(head, head)) head++;
	let tail = 0;
	while (tail < left.length - head && tail < right.length - head && equal(left.length - 1 - tail, right.length - 1 - tail)) tail++;
	return [
		{count: head, added: false, removed: false},
		{count: left.length - head - tail, added: false, removed: true},
		{count: right.length - head - tail, added: true, removed: false},
		{count: tail, added: false, removed: false},
	];
}

/** Same number of lines and no `...`: compare line by line, without shifting. */
function pairwise(expectedLines: readonly string[], actualLines: readonly string[], equal: (index: number) => boolean, compiled: readonly CompiledLine[]): AlignedLine[] {
	const lines: AlignedLine[] = [];
	let removed: AlignedLine[] = [];
	let added: AlignedLine[] = [];
	const flush = () => {
		append(lines, removed);
		append(lines, added);
		removed = [];
		added = [];
	};
	expectedLines.forEach((text, index) => {
		const actual = actualLines[index] ?? '';
		if (equal(index)) {
			flush();
			lines.push({kind: compiled[index]?.kind === 'literal' ? 'same' : 'matched', text: actual, expectedLine: index + 1, actualLine: index + 1});
		} else {
			removed.push({kind: 'removed', text, expectedLine: index + 1});
			added.push({kind: 'added', text: actual, actualLine: index + 1});
		}
	});
	flush();
	return lines;
}

/** A loop, not `push(...items)`: spreading a huge array as arguments overflows the stack. */
function append<T>(target: T[], items: readonly T[]): void {
	for (const item of items) target.push(item);
}

/**
 * In a run of changes around a `...`, pair the removed lines before it with the
 * first added lines and those after it with the last ones; the added lines left
 * in between are what the `...` matched, shown as context.
 */
function absorbEllipses(lines: readonly AlignedLine[]): AlignedLine[] {
	const result: AlignedLine[] = [];
	let i = 0;
	while (i < lines.length) {
		const line = lines[i];
		if (!line || line.kind === 'same' || line.kind === 'matched') {
			if (line) result.push(line);
			i++;
			continue;
		}
		let end = i;
		while (end < lines.length && lines[end]?.kind !== 'same' && lines[end]?.kind !== 'matched') end++;
		const region = lines.slice(i, end);
		i = end;
		const ellipsis = region.findIndex((l) => l.kind === 'elided');
		if (ellipsis === -1) {
			append(result, region);
			continue;
		}
		const removed = region.filter((l) => l.kind !== 'added');
		const added = region.filter((l) => l.kind === 'added');
		const firstEllipsis = removed.findIndex((l) => l.kind === 'elided');
		const lastEllipsis = removed.findLastIndex((l) => l.kind === 'elided');
		const before = removed.slice(0, firstEllipsis);
		const after = removed.slice(lastEllipsis + 1);
		const headCount = Math.min(before.length, added.length);
		const tailCount = Math.min(after.length, added.length - headCount);
		append(result, before);
		append(result, added.slice(0, headCount));
		append(result, removed.slice(firstEllipsis, lastEllipsis + 1));
		append(result, added.slice(headCount, added.length - tailCount).map((l) => ({...l, kind: 'elided' as const})));
		append(result, after);
		append(result, added.slice(added.length - tailCount));
	}
	return result;
}
