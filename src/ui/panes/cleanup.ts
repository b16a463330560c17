import {onHostText} from '../../reporters/hosts.js';
import {lastLines} from '../output-tail.js';
import type {PlayState} from '../state.js';
import {displayText, span, truncateLine, type Line} from '../text/styled.js';
import {elapsedOf, stateIcon} from './format.js';

/** While quitting: the cleanup steps (in the order they run; ` on NAME` for one not on local) and the background steps stopped. */
export function cleanupLines(state: PlayState, width: number, height: number, now: number): Line[] {
	const lines: Line[] = [[span('Quitting: cleaning up', {bold: true})], []];
	const cleanups = state.steps.map((step, position) => ({step, position})).filter(({step}) => step.attributes.cleanup).reverse();
	if (cleanups.length === 0) lines.push([span('(no cleanup steps)', {color: 'gray'})]);
	for (const {step, position} of cleanups) {
		const view = state.views[position];
		if (!view) continue;
		const message = view.state === 'failed' ? `: ${view.result?.message ?? 'failed'}` : '';
		const time = view.state === 'pending' ? '' : ` ${elapsedOf(view, now)}`;
		lines.push(truncateLine([stateIcon(view.state, now), span(` ${position + 1}. ${step.name}${onHostText(step)}`), span(time, {color: 'gray'}), span(message, {color: 'red'})], width));
		if (view.state === 'running' || view.state === 'failed') {
			for (const text of lastLines(view.output, 3)) lines.push(truncateLine([span('    '), span(displayText(text), {color: 'gray'})], width));
		}
	}
	for (const name of state.stoppedBackgrounds) lines.push(truncateLine([span('■', {color: 'gray'}), span(` stopped background step ${name}`, {color: 'gray'})], width));
	return lines.slice(0, height);
}
