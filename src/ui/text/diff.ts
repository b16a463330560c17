import type {DiffLine, OmittedLines} from '../../match/diff.js';
import {chunkText, displayText, span, type Line, type Style} from './styled.js';

const marks: Readonly<Record<DiffLine['kind'], {readonly sign: string; readonly style: Style}>> = {
	removed: {sign: '-', style: {color: 'red'}},
	added: {sign: '+', style: {color: 'green'}},
	same: {sign: ' ', style: {}},
	matched: {sign: '~', style: {color: 'cyan'}},
	elided: {sign: '…', style: {dimColor: true}},
	omitted: {sign: '⋯', style: {dimColor: true}},
};

const context = 3;

/** The legend above a diff: which colour is which side. */
export function diffLegend(): Line {
	return [
		span('- expected', marks.removed.style),
		span('  '),
		span('+ actual', marks.added.style),
		span('  '),
		span('~ matched a pattern', marks.matched.style),
		span('  '),
		span('… under ...', marks.elided.style),
	];
}

/**
 * The matcher's alignment as coloured lines, long runs of agreeing lines
 * folded to three lines of context on each side.
 */
export function diffLines(diff: readonly DiffLine[], width: number): Line[] {
	const lines: Line[] = [];
	const agrees = (index: number) => {
		const kind = diff[index]?.kind;
		// An `omitted` line is never folded away: it says what the diff left out.
		return kind !== undefined && kind !== 'removed' && kind !== 'added' && kind !== 'omitted';
	};
	const show = (from: number, to: number) => {
		for (const line of diff.slice(from, to)) for (const piece of render(line, width)) lines.push(piece);
	};
	let i = 0;
	while (i < diff.length) {
		let end = i;
		while (end < diff.length && agrees(end)) end++;
		if (end === i) {
			show(i, i + 1);
			i++;
			continue;
		}
		const keepHead = i === 0 ? 0 : context;
		const keepTail = end === diff.length ? 0 : context;
		const whole = i === 0 && end === diff.length;
		if (!whole && end - i > keepHead + keepTail + 1) {
			show(i, i + keepHead);
			lines.push([span(`  ⋯ ${end - i - keepHead - keepTail} agreeing lines`, {dimColor: true})]);
			show(end - keepTail, end);
		} else show(i, end);
		i = end;
	}
	return lines;
}

/** A long line wraps rather than being cut: the difference may be at its end. */
function render(line: DiffLine, width: number): Line[] {
	const mark = marks[line.kind];
	if (line.kind === 'omitted') return [[span(`  ${mark.sign} ${omittedText(line)}`, mark.style)]];
	return chunkText(displayText(line.text), Math.max(1, width - 2)).map((piece, index) => [span(index === 0 ? `${mark.sign} ` : '  ', mark.style), span(piece, mark.style)]);
}

/** Worded here, not imported from match/: the player's first frame loads no matcher (nor jsdiff). */
function omittedText(line: OmittedLines): string {
	if (line.changes === 0) return `${line.count} agreeing lines`;
	return `${line.changes} more ${line.changes === 1 ? 'line' : 'lines'} of diff not shown`;
}
