import {counts, endPosition, shownCounts, type PlayState} from '../state.js';
import {lineWidth, span, truncateLine, type Line, type Span} from '../text/styled.js';
import {clock} from './format.js';

function bar(done: number, total: number, width: number): Span[] {
	const filled = total === 0 ? width : Math.round((done / total) * width);
	return [span('█'.repeat(filled), {color: 'green'}), span('░'.repeat(width - filled), {color: 'gray'})];
}

/** Title, where the cursor is, a progress bar, the time since the run started and the counts. */
export function headerLine(state: PlayState, width: number, now: number): Line {
	const progress = counts(state);
	const tally = shownCounts(state);
	const total = endPosition(state);
	const where = state.cursor >= total ? `end/${total}` : `step ${state.cursor + 1}/${total}`;
	const right: Span[] = [
		span(where, {bold: true}),
		span(' '),
		...bar(progress.done, total, width >= 100 ? 20 : 10),
		span(` ${clock(now - state.startedAt)} `, {color: 'gray'}),
		span(` ✓${tally.passed}`, {color: 'green'}),
		span(` ✗${tally.failed}`, {color: tally.failed > 0 ? 'red' : 'gray'}),
		span(` ↷${tally.skipped}`, {color: 'gray'}),
		...(tally.accepted > 0 ? [span(` ✎${tally.accepted}`, {color: 'cyan'})] : []),
		span(' '),
	];
	const title: Span[] = [span(' '), span(state.title, {bold: true})];
	if (state.sectionTitle) title.push(span(` › ${state.sectionTitle}`, {color: 'gray'}));
	const room = width - lineWidth(right) - 1;
	if (room < 8) return truncateLine(right, width);
	const left = truncateLine(title, room);
	return [...left, span(' '.repeat(Math.max(1, width - lineWidth(left) - lineWidth(right)))), ...right];
}
