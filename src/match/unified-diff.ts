import {diffContextLines, isChange, maxDiffLines, omittedChanges, type DiffLine} from './diff-line.js';

/**
 * A unified diff (`--- expected`, `+++ actual`, `@@` hunks with three lines of
 * context). Pattern-matched and elided lines are context, never differences.
 * At most `limit` lines of hunks are printed; a last line says how many lines
 * of diff (removed or added) are not shown, counting those the diff itself
 * left out (`omitted` lines), which no hunk ever spans.
 *
 * @example formatUnifiedDiff(matchOutput('a\nb', 'a\nc').diff) // '--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n a\n-b\n+c'
 */
export function formatUnifiedDiff(lines: readonly DiffLine[], context = diffContextLines, limit = maxDiffLines): string {
	const changedAt = (index: number) => {
		const line = lines[index];
		return line !== undefined && isChange(line);
	};
	const omittedAt = (index: number) => lines[index]?.kind === 'omitted';
	let changes = omittedChanges(lines);
	for (const line of lines) if (isChange(line)) changes++;
	const out: string[] = ['--- expected', '+++ actual'];
	let printed = 0;
	let printedChanges = 0;
	// A hunk starts no earlier than the end of the previous one or the last `omitted` line.
	let floor = 0;
	let i = 0;
	while (i < lines.length && printed < limit) {
		if (omittedAt(i)) floor = i + 1;
		if (!changedAt(i)) {
			i++;
			continue;
		}
		const start = Math.max(floor, i - context);
		let end = i;
		for (;;) {
			let next = end;
			while (next < lines.length && changedAt(next)) next++;
			let gap = next;
			while (gap < lines.length && !changedAt(gap) && !omittedAt(gap)) gap++;
			if (gap < lines.length && changedAt(gap) && gap - next <= context * 2) end = gap;
			else {
				end = Math.min(gap, next + context);
				break;
			}
		}
		const hunk = lines.slice(start, Math.min(end, start + limit - printed));
		const firstExpected = firstNumber(lines, start, 'expectedLine');
		const firstActual = firstNumber(lines, start, 'actualLine');
		const expectedCount = hunk.filter((line) => line.kind !== 'added' && line.kind !== 'omitted' && line.expectedLine !== undefined).length;
		const actualCount = hunk.filter((line) => line.kind !== 'removed' && line.kind !== 'omitted' && line.actualLine !== undefined).length;
		out.push(`@@ -${firstExpected},${expectedCount} +${firstActual},${actualCount} @@`);
		for (const line of hunk) {
			const sign = line.kind === 'removed' ? '-' : line.kind === 'added' ? '+' : ' ';
			out.push(`${sign}${line.text}`);
			if (isChange(line)) printedChanges++;
		}
		printed += hunk.length;
		i = end;
		floor = end;
	}
	if (changes > printedChanges) out.push(`… ${notShown(changes - printedChanges)}`);
	return out.join('\n');
}

/** `12 more lines of diff not shown` (the player words its own, in ui/text/diff.ts). */
function notShown(changes: number): string {
	return `${changes} more ${changes === 1 ? 'line' : 'lines'} of diff not shown`;
}

function firstNumber(lines: readonly DiffLine[], from: number, key: 'expectedLine' | 'actualLine'): number {
	for (let i = from; i < lines.length; i++) {
		const line = lines[i];
		const value = line?.kind === 'omitted' ? undefined : line?.[key];
		if (value !== undefined) return value;
	}
	let last = 0;
	for (let i = from - 1; i >= 0; i--) {
		const line = lines[i];
		const value = line?.kind === 'omitted' ? undefined : line?.[key];
		if (value !== undefined) {
			last = value;
			break;
		}
	}
	return last + (from === 0 ? 0 : 1);
}
