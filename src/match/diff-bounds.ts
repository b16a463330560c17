import {diffContextLines, isChange, maxDiffLines, type AlignedLine, type DiffLine, type OmittedLines} from './diff-line.js';

/**
 * Cut a long alignment down to at most `limit` lines and one last `omitted`
 * line: runs of agreeing lines far from any change become one `omitted` line
 * each, and whatever lies past the limit becomes the last one. An alignment
 * within the limit comes back whole, so small diffs are never cut.
 *
 * @example boundDiff(alignment).at(-1) // {kind: 'omitted', count: 289_000, changes: 289_000, text: ''}
 */
export function boundDiff(lines: readonly AlignedLine[], limit = maxDiffLines, context = diffContextLines): DiffLine[] {
	if (lines.length <= limit) return lines.slice();
	return truncate(collapseAgreeing(lines, context, limit), limit);
}

function omitted(count: number, changes: number): OmittedLines {
	return {kind: 'omitted', text: '', count, changes};
}

/** Loops rather than `push(...slice)`: spreading a huge array overflows the stack. */
function pushRange(target: DiffLine[], lines: readonly AlignedLine[], from: number, to: number): void {
	for (let i = from; i < to; i++) {
		const line = lines[i];
		if (line) target.push(line);
	}
}

function collapseAgreeing(lines: readonly AlignedLine[], context: number, limit: number): DiffLine[] {
	const changedAt = (index: number) => {
		const line = lines[index];
		return line !== undefined && isChange(line);
	};
	const result: DiffLine[] = [];
	let i = 0;
	while (i < lines.length) {
		if (changedAt(i)) {
			pushRange(result, lines, i, i + 1);
			i++;
			continue;
		}
		let end = i;
		while (end < lines.length && !changedAt(end)) end++;
		// A diff without a change (a captured value differs) keeps its first lines.
		const head = i === 0 ? (end === lines.length ? limit : 0) : context;
		const tail = end === lines.length ? 0 : context;
		if (end - i <= head + tail + 1) pushRange(result, lines, i, end);
		else {
			pushRange(result, lines, i, i + head);
			result.push(omitted(end - i - head - tail, 0));
			pushRange(result, lines, end - tail, end);
		}
		i = end;
	}
	return result;
}

function truncate(lines: readonly DiffLine[], limit: number): DiffLine[] {
	if (lines.length <= limit) return lines.slice();
	const kept = lines.slice(0, limit);
	let count = 0;
	let changes = 0;
	for (let i = limit; i < lines.length; i++) {
		const line = lines[i];
		if (!line) continue;
		if (line.kind === 'omitted') {
			count += line.count;
			changes += line.changes;
		} else {
			count++;
			if (isChange(line)) changes++;
		}
	}
	kept.push(omitted(count, changes));
	return kept;
}
