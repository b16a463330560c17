import {onHostText} from '../../reporters/hosts.js';
import {backgroundLogs, type PlayState} from '../state.js';
import {span, truncateLine, type Line} from '../text/styled.js';
import {outputPanel} from './panel.js';
import {verdictLines} from './verdict.js';

/**
 * `l`: a background step's log (its host named when not local), live, its end in view (pgup scrolls back),
 * which of the background logs it is, and the step's state.
 */
export function logLines(state: PlayState, position: number, width: number, height: number, now: number): Line[] {
	const step = state.steps[position];
	const view = state.views[position];
	if (!step || !view) return [];
	const logs = backgroundLogs(state);
	const which = logs.length > 1 ? ` · ${logs.indexOf(position) + 1} of ${logs.length} (tab: the next)` : '';
	const title = truncateLine([span(`Log of ${position + 1}. ${step.name}${onHostText(step)}`, {bold: true}), span(` · background${which}`, {color: 'gray'})], width);
	const stopped = state.stoppedBackgrounds.includes(step.name) ? [[span('■ stopped when the run ended', {color: 'gray'})]] : [];
	const status = [...verdictLines(step, view, width, now, state.file).slice(0, 2), ...stopped];
	const panel = outputPanel(view, width, Math.max(0, height - 1 - status.length), state.scroll);
	return [title, ...panel, ...status].slice(0, height);
}
