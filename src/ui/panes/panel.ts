import {lastLines, shownLineCount} from '../output-tail.js';
import type {Step} from '../../model.js';
import type {PanelKind, StepView} from '../state.js';
import {changeLines} from '../text/changes.js';
import {diffLegend, diffLines} from '../text/diff.js';
import {displayText, span, textWidth, truncateLine, wrapSpans, type Line} from '../text/styled.js';
import {exitText, plural} from './format.js';

export function rule(title: string, width: number): Line {
	const text = truncateLine([span(`── ${title} `)], width).map((part) => part.text).join('');
	return [span(text + '─'.repeat(Math.max(0, width - textWidth(text))), {color: 'gray'})];
}

/** Lines of the output panel, following the end (or `scroll` lines back from it). */
export function outputPanel(view: StepView, width: number, height: number, scroll: number): Line[] {
	const total = shownLineCount(view.output);
	const seen = view.output.lineCount + (view.output.partial === '' ? 0 : 1);
	const room = Math.max(0, height - 1);
	const back = Math.max(0, Math.min(scroll, total - room));
	const cut = view.result?.cut || seen > total ? ' · only the end is kept' : '';
	const where = back > 0 ? ` · ${back} up (pgdn goes down)` : '';
	const toggle = view.result?.match?.ok === false ? ' · o shows the diff' : '';
	const head = rule(`output · ${plural(seen, 'line')}${cut}${where}${toggle}`, width);
	if (total === 0) {
		const empty = view.state === 'running' ? '(nothing yet)' : '(no output)';
		return [head, [span(empty, {color: 'gray'})]].slice(0, height);
	}
	const lines = lastLines(view.output, room, back).map((text) => truncateLine([span(displayText(text))], width));
	return [head, ...lines].slice(0, height);
}

/** Lines of the diff panel: expected against actual, from the top (or `scroll` lines down). */
export function diffPanel(view: StepView, width: number, height: number, scroll: number): Line[] {
	const match = view.result?.match;
	if (!match) return [];
	const note = match.note ? wrapSpans([span(match.note, {color: 'yellow'})], width) : [];
	const body = [...note, truncateLine(diffLegend(), width), ...diffLines(match.diff, width)];
	const room = Math.max(0, height - 1);
	const down = Math.max(0, Math.min(scroll, body.length - room));
	const more = body.length - down - room;
	const head = rule(`diff · o shows the output${more > 0 ? ` · ${more} more below (pgdn)` : ''}`, width);
	return [head, ...body.slice(down, down + room)].slice(0, height);
}

/** Lines of the panel of an accepted step: the lines of the file that `a` changed, from the top (or `scroll` lines down). */
export function writtenPanel(view: StepView, file: string, width: number, height: number, scroll: number): Line[] {
	const body = changeLines(view.accepted?.changes ?? [], width);
	const room = Math.max(0, height - 1);
	const down = Math.max(0, Math.min(scroll, body.length - room));
	const more = body.length - down - room;
	const head = rule(`written to ${file.split('/').pop() ?? file} · u undoes${more > 0 ? ` · ${more} more below (pgdn)` : ''}`, width);
	return [head, ...body.slice(down, down + room)].slice(0, height);
}

/**
 * What a step should print, dimmed, before it runs (its output takes its
 * place once it does): its expected output, the exit status it expects if
 * not 0, or the line a background step waits for.
 */
export function expectedPanel(step: Step, width: number, height: number): Line[] {
	const exit = exitText(step.attributes.exit);
	const expects = exit === '0' ? '' : ` · exit ${exit}`;
	if (step.attributes.background) return step.attributes.ready === undefined ? [] : [rule(`waits for a line matching /${step.attributes.ready}/`, width)].slice(0, height);
	if (!step.expected) return exit === '0' ? [] : [rule(`expected: exit status ${exit} (the output is not checked)`, width)].slice(0, height);
	if (step.expected.text === '') return [rule(`expected: no output${expects}`, width)].slice(0, height);
	const lines = step.expected.text.replace(/\r?\n$/, '').split(/\r?\n/);
	const head = rule(`expected output · ${plural(lines.length, 'line')}${expects}`, width);
	const room = Math.max(0, height - 1);
	const shown = lines.length > room ? lines.slice(0, Math.max(0, room - 1)) : lines;
	const body = shown.map((text) => truncateLine([span(displayText(text), {dimColor: true})], width));
	if (shown.length < lines.length) body.push([span(`⋯ ${plural(lines.length - shown.length, 'more line')}`, {dimColor: true})]);
	return [head, ...body].slice(0, height);
}

/** How many lines a panel would fill if it had the room. */
export function panelNeed(view: StepView, kind: PanelKind): number {
	if (kind === 'diff') return 2 + (view.result?.match?.diff.length ?? 0) + (view.result?.match?.note ? 1 : 0);
	if (kind === 'written') return 1 + (view.accepted?.changes.length ?? 0);
	return 1 + Math.max(1, shownLineCount(view.output));
}
