import {hostOf, type Step} from '../../model.js';
import {onHostText} from '../../reporters/hosts.js';
import {shownPanel, type PlayState, type StepView} from '../state.js';
import {markdownLines} from '../text/markdown.js';
import {shellLines} from '../text/shell.js';
import {span, truncateLine, type Line, type Span} from '../text/styled.js';
import {diffPanel, expectedPanel, outputPanel, panelNeed, writtenPanel} from './panel.js';
import {verdictLines} from './verdict.js';

function titleLine(state: PlayState, step: Step, view: StepView, width: number, edited: boolean): Line {
	const tags: string[] = [];
	if (step.hidden) tags.push('hidden in the notes');
	if (step.attributes.cleanup) tags.push('cleanup');
	if (step.attributes.background) tags.push('background');
	if (step.attributes.interactive) tags.push('interactive');
	if (step.attributes.retryMs !== undefined) tags.push('retries');
	if (edited) tags.push('edited for this run');
	const heading = state.sections.find((section) => section.slug === step.section);
	const spans: Span[] = [span(`${state.cursor + 1}. ${step.name}`, {bold: true})];
	const host = onHostText(step);
	if (host) spans.push(span(host, {color: 'cyan', bold: true}));
	if (heading) spans.push(span(` · ${heading.title}`, {color: 'gray'}));
	for (const tag of tags) spans.push(span(` [${tag}]`, {color: tag.startsWith('edited') ? 'yellow' : 'magenta'}));
	if (view.phase === 'cleanup' && view.state === 'running') spans.push(span(' (cleanup)', {color: 'gray'}));
	return truncateLine(spans, width);
}

/**
 * At most `budget` lines of the notes: the end by default (it leads to the
 * command), `back` lines further up after pgup, with a marker where lines are hidden.
 */
function clipProse(lines: readonly Line[], budget: number, back: number): Line[] {
	if (budget <= 0) return [];
	if (lines.length <= budget) return [...lines];
	const marker = (count: number, where: string): Line => [span(`⋮ ${count} more line${count === 1 ? '' : 's'} ${where}`, {color: 'gray'})];
	if (budget < 3) return lines.slice(lines.length - budget);
	const bottom = lines.length - (budget - 1);
	const start = Math.max(0, bottom - back);
	if (start === 0) return [...lines.slice(0, budget - 1), marker(lines.length - (budget - 1), 'below (pgdn)')];
	if (start === bottom) return [marker(start, 'above (pgup)'), ...lines.slice(start)];
	const end = start + budget - 2;
	return [marker(start, 'above (pgup)'), ...lines.slice(start, end), marker(lines.length - end, 'below (pgdn)')];
}

function clipCommand(lines: readonly Line[], budget: number): Line[] {
	if (lines.length <= budget) return [...lines];
	const shown = lines.slice(0, Math.max(1, budget - 1));
	return [...shown, [span(`  … ${lines.length - shown.length} more lines`, {color: 'gray'})]];
}

/**
 * The current step: its title (` on NAME` for a step not on local), the
 * notes before it, its command after the prompt (`NAME $ ` when the
 * runbook has steps on other hosts: `hostPrompts`), its output (live) or
 * its diff, and its verdict, in exactly `height` lines or fewer.
 */
export function stepLines(state: PlayState, width: number, height: number, now: number): Line[] {
	const step = state.steps[state.cursor];
	const view = state.views[state.cursor];
	if (!step || !view) return [];
	const edited = view.command !== undefined && view.state !== 'pending' && view.command !== step.command;
	const title = titleLine(state, step, view, width, edited);
	const prose = markdownLines(step.prose, width);
	const command = clipCommand(shellLines(edited ? (view.command ?? step.command) : step.command, width, state.hostPrompts ? hostOf(step) : undefined), Math.max(3, Math.floor(height * 0.4)));
	const verdict = verdictLines(step, view, width, now, state.file).slice(0, 3);
	const hasPanel = !step.attributes.interactive && (view.state === 'running' || (view.result !== undefined && view.result.status !== 'skipped'));
	const room = Math.max(0, height - 1 - command.length - verdict.length);
	// Before it runs, what the step should print; once it runs, its output (or diff, or what `a` wrote) takes that place.
	const expected = hasPanel || step.attributes.interactive ? [] : expectedPanel(step, width, room);
	const need = hasPanel ? Math.min(panelNeed(view, shownPanel(state, view)), room) : expected.length;
	let proseBudget: number;
	let panelHeight = 0;
	if (!hasPanel && need > 0) {
		// The notes come first; the expected output keeps a few lines at least.
		proseBudget = Math.max(0, Math.min(prose.length, room - Math.min(need, 4) - 1));
		panelHeight = room - proseBudget - (proseBudget > 0 ? 1 : 0);
	} else if (need > 0) {
		proseBudget = Math.min(prose.length, Math.max(room - need - 1, Math.min(Math.floor(room / 4), room - 3)));
		proseBudget = Math.max(0, proseBudget);
		panelHeight = room - proseBudget - (proseBudget > 0 ? 1 : 0);
	} else {
		proseBudget = Math.max(0, Math.min(prose.length, room - 1));
	}
	const shownProse = clipProse(prose, proseBudget, hasPanel ? 0 : state.scroll);
	const panel = panelHeight <= 0 ? [] : hasPanel ? ranPanel(state, view, width, panelHeight) : expectedPanel(step, width, panelHeight);
	const gap: Line[] = shownProse.length > 0 ? [[]] : [];
	return [title, ...shownProse, ...gap, ...command, ...panel, ...verdict].slice(0, height);
}

/** The panel of a step that ran: its output, its diff, or the lines `a` wrote. */
function ranPanel(state: PlayState, view: StepView, width: number, height: number): Line[] {
	switch (shownPanel(state, view)) {
		case 'diff':
			return diffPanel(view, width, height, state.scroll);
		case 'written':
			return writtenPanel(view, state.file, width, height, state.scroll);
		case 'output':
			return outputPanel(view, width, height, state.scroll);
	}
}
