import {onHostText} from '../../reporters/hosts.js';
import {shownCounts, type PlayState} from '../state.js';
import {markdownLines} from '../text/markdown.js';
import {span, truncateLine, wrapSpans, type Line} from '../text/styled.js';
import {plural} from './format.js';

/** The page after the last step: the notes' last words and the summary. */
export function endLines(state: PlayState, width: number, height: number): Line[] {
	const tally = shownCounts(state);
	const lines: Line[] = [[span(state.sectionTitle ? `End of “${state.sectionTitle}”` : 'End of the runbook', {bold: true})]];
	const summary: Line[] = [];
	summary.push([
		span(`✓ ${tally.passed} passed`, {color: 'green'}),
		span('  '),
		span(`✗ ${tally.failed} failed`, {color: tally.failed > 0 ? 'red' : 'gray'}),
		span('  '),
		span(`↷ ${tally.skipped} skipped`, {color: 'gray'}),
		...(tally.accepted > 0 ? [span('  '), span(`✎ ${tally.accepted} accepted`, {color: 'cyan'})] : []),
	]);
	const failed = state.views.flatMap((view, position) => (view.state === 'failed' ? [position] : []));
	for (const position of failed.slice(0, 5)) {
		const step = state.steps[position];
		const view = state.views[position];
		if (step) summary.push(truncateLine([span(`  ✗ ${position + 1}. ${step.name}${onHostText(step)}`, {color: 'red'}), span(`: ${view?.result?.message ?? 'failed'}`, {color: 'gray'})], width));
	}
	if (failed.length > 5) summary.push([span(`  … and ${failed.length - 5} more`, {color: 'gray'})]);
	const notRun = state.views.filter((view, position) => view.state === 'pending' && !state.steps[position]?.attributes.cleanup).length;
	if (notRun > 0) summary.push([span(`${plural(notRun, 'step')} not run yet: ← goes back to them`, {color: 'gray'})]);
	const cleanups = state.steps.filter((step) => step.attributes.cleanup).length;
	const quitText = cleanups > 0 ? `q quits, after running ${plural(cleanups, 'cleanup step')}` : 'q quits';
	summary.push(...wrapSpans([span(quitText, {color: 'gray'})], width));
	const epilogue = markdownLines(state.epilogue, width);
	const room = Math.max(0, height - lines.length - summary.length - 1);
	if (epilogue.length > 0 && room > 0) lines.push(...epilogue.slice(0, room), []);
	return [...lines, ...summary].slice(0, height);
}
