import {hostTag} from '../../reporters/hosts.js';
import type {PlayState} from '../state.js';
import {lineWidth, padLine, span, truncateLine, type Line, type Span} from '../text/styled.js';
import {stateIcon} from './format.js';

type Row = {readonly line: Line; readonly position?: number};

function rows(state: PlayState, width: number, now: number): Row[] {
	const result: Row[] = [];
	let section: string | undefined;
	state.steps.forEach((step, position) => {
		if (step.section !== section) {
			section = step.section;
			const heading = state.sections.find((candidate) => candidate.slug === step.section);
			if (heading) result.push({line: [span(heading.title, {bold: true, color: 'cyan'})]});
		}
		const view = state.views[position];
		const line: Span[] = [span(' '), stateIcon(view?.state ?? 'pending', now)];
		// The host of a step not on local, whole: the name is cut first to make room for it.
		const host = hostTag(step);
		const name = [span(` ${step.name}`)];
		line.push(...(host ? truncateLine(name, Math.max(0, width - lineWidth(line) - host.length)) : name));
		if (host) line.push(span(host, {color: 'cyan'}));
		const tag = step.attributes.cleanup ? ' cleanup' : step.attributes.background ? ' background' : '';
		// A tag only when it fits whole: a cut name says more than a cut tag.
		if (tag && lineWidth(line) + tag.length <= width) line.push(span(tag, {color: 'gray'}));
		result.push({line, position});
	});
	result.push({line: [span(' '), span('■', {color: 'gray'}), span(' end', {color: 'gray'})], position: state.steps.length});
	return result;
}

/**
 * Sections and steps with their state, the current one highlighted, scrolled
 * so that it stays in view (a third of the way down when it can). Only the
 * rows in view are measured and padded to `width` (cells): a runbook of 500
 * steps costs a screenful of text measuring per frame, not 500 rows.
 */
export function outlineLines(state: PlayState, width: number, height: number, now: number): Line[] {
	const all = rows(state, width, now);
	const at = Math.max(0, all.findIndex((row) => row.position === state.cursor));
	const first = Math.max(0, Math.min(at - Math.floor(height / 3), all.length - height));
	return all.slice(first, first + height).map((row) => {
		const line = padLine(row.line, width);
		return row.position === state.cursor ? line.map((part) => ({...part, style: {...part.style, inverse: true}})) : line;
	});
}
