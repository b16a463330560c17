import {diffArrays} from 'diff';
import type {CompiledLine} from './pattern.js';

/**
 * One line of a diff. `same`: equal text; `matched`: a pattern line that matched
 * (the actual text is shown); `elided`: actual lines a `...` covered; `removed`
 * and `added`: the real differences.
 */
export type DiffLine = {
	readonly kind: 'same' | 'matched' | 'elided' | 'removed' | 'added';
	readonly text: string;
	/** 1-based line numbers on each side, where the line exists there. */
	readonly expectedLine?: number;
	readonly actualLine?: number;
};

type Token = {readonly side: 'expected' | 'actual'; readonly index: number};

type LineMatcher = (index: number, actual: string, bindings: ReadonlyMap<string, string>, bind: boolean) => boolean;

/** Align expected and actual lines with jsdiff, counting pattern matches as equal. */
export function diffLines(
	compiled: readonly CompiledLine[],
	expectedLines: readonly string[],
	actualLines: readonly string[],
	matches: LineMatcher,
	bound: ReadonlyMap<string, string>,
): DiffLine[] {
	if (expectedLines.length === actualLines.length && compiled.every((line) => line.kind !== 'ellipsis')) {
		return pairwise(expectedLines, actualLines, (index) => matches(index, actualLines[index] ?? '', bound, false), compiled);
	}
	const left: Token[] = expectedLines.map((_, index) => ({side: 'expected', index}));
	const right: Token[] = actualLines.map((_, index) => ({side: 'actual', index}));
	const comparator = (x: Token, y: Token) => {
		const [e, a] = x.side === 'expected' ? [x, y] : [y, x];
		const line = compiled[e.index];
		if (!line || line.kind === 'ellipsis') return false;
		return matches(e.index, actualLines[a.index] ?? '', bound, false);
	};
	// Very different outputs make Myers' diff quadratic: past the limit, show all as changed.
	const changes = diffArrays(left, right, {comparator, timeout: 2000}) ?? [
		{value: left, removed: true, added: false, count: left.length},
		{value: right, removed: false, added: true, count: right.length},
	];
	const lines: DiffLine[] = [];
	let e = 0;
	let a = 0;
	for (const change of changes) {
		const count = change.value.length;
		for (let k = 0; k < count; k++) {
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

/** Same number of lines and no `...`: compare line by line, without shifting. */
function pairwise(expectedLines: readonly string[], actualLines: readonly string[], equal: (index: number) => boolean, compiled: readonly CompiledLine[]): DiffLine[] {
	const lines: DiffLine[] = [];
	let removed: DiffLine[] = [];
	let added: DiffLine[] = [];
	const flush = () => {
		lines.push(...removed, ...added);
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

/**
 * In a run of changes around a `...`, pair the removed lines before it with the
 * first added lines and those after it with the last ones; the added lines left
 * in between are what the `...` matched, shown as context.
 */
function absorbEllipses(lines: DiffLine[]): DiffLine[] {
	const result: DiffLine[] = [];
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
			result.push(...region);
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
		result.push(...before, ...added.slice(0, headCount));
		result.push(...removed.slice(firstEllipsis, lastEllipsis + 1));
		result.push(...added.slice(headCount, added.length - tailCount).map((l) => ({...l, kind: 'elided' as const})));
		result.push(...after, ...added.slice(added.length - tailCount));
	}
	return result;
}

/**
 * A unified diff (`--- expected`, `+++ actual`, `@@` hunks with three lines of
 * context). Pattern-matched and elided lines are context, never differences.
 */
export function formatUnifiedDiff(lines: readonly DiffLine[], context = 3): string {
	const changed = lines.map((line) => line.kind === 'removed' || line.kind === 'added');
	const out: string[] = ['--- expected', '+++ actual'];
	let i = 0;
	while (i < lines.length) {
		if (!changed[i]) {
			i++;
			continue;
		}
		let start = Math.max(0, i - context);
		let end = i;
		while (end < lines.length) {
			let next = end;
			while (next < lines.length && changed[next]) next++;
			let gap = next;
			while (gap < lines.length && !changed[gap]) gap++;
			if (gap < lines.length && gap - next <= context * 2) end = gap;
			else {
				end = Math.min(lines.length, next + context);
				break;
			}
		}
		const hunk = lines.slice(start, end);
		const firstExpected = firstNumber(lines, start, 'expectedLine');
		const firstActual = firstNumber(lines, start, 'actualLine');
		const expectedCount = hunk.filter((line) => line.kind !== 'added' && line.expectedLine !== undefined).length;
		const actualCount = hunk.filter((line) => line.kind !== 'removed' && line.actualLine !== undefined).length;
		out.push(`@@ -${firstExpected},${expectedCount} +${firstActual},${actualCount} @@`);
		for (const line of hunk) {
			const sign = line.kind === 'removed' ? '-' : line.kind === 'added' ? '+' : ' ';
			out.push(`${sign}${line.text}`);
		}
		i = end;
		start = end;
	}
	return out.join('\n');
}

function firstNumber(lines: readonly DiffLine[], from: number, key: 'expectedLine' | 'actualLine'): number {
	for (let i = from; i < lines.length; i++) {
		const value = lines[i]?.[key];
		if (value !== undefined) return value;
	}
	let last = 0;
	for (let i = from - 1; i >= 0; i--) {
		const value = lines[i]?.[key];
		if (value !== undefined) {
			last = value;
			break;
		}
	}
	return last + (from === 0 ? 0 : 1);
}
