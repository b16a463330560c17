import {diffArrays} from 'diff';
import type {FileLine} from './state.js';

/** A text's lines, without the empty one after a last line end. */
function linesOf(text: string): string[] {
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

const shown = (line: string) => line.replace(/\r$/, '');

/**
 * The lines that differ between two versions of a file, as a person reads a
 * diff: removed lines numbered as in `before`, added and unchanged ones as in
 * `after`, with `context` unchanged lines on each side. A CR before a line
 * end is compared, not shown. Pure; loaded with `a` (it brings jsdiff).
 *
 * @example fileChanges('a\nb\nc\n', 'a\nB\nc\n') // same 1 a, removed 2 b, added 2 B, same 3 c
 */
export function fileChanges(before: string, after: string, context = 1): FileLine[] {
	const old = linesOf(before);
	const next = linesOf(after);
	let head = 0;
	while (head < old.length && head < next.length && old[head] === next[head]) head++;
	let tail = 0;
	while (tail < old.length - head && tail < next.length - head && old[old.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
	const lines: FileLine[] = [];
	for (let index = Math.max(0, head - context); index < head; index++) lines.push({kind: 'same', line: index + 1, text: shown(old[index] ?? '')});
	let oldAt = head;
	let newAt = head;
	for (const part of diffArrays(old.slice(head, old.length - tail), next.slice(head, next.length - tail))) {
		for (const text of part.value) {
			if (part.removed) lines.push({kind: 'removed', line: ++oldAt, text: shown(text)});
			else if (part.added) lines.push({kind: 'added', line: ++newAt, text: shown(text)});
			else {
				oldAt++;
				lines.push({kind: 'same', line: ++newAt, text: shown(text)});
			}
		}
	}
	for (let index = next.length - tail; index < Math.min(next.length, next.length - tail + context); index++) lines.push({kind: 'same', line: index + 1, text: shown(next[index] ?? '')});
	return lines;
}
