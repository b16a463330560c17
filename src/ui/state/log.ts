import {shownLineCount} from '../output-tail.js';
import {noticed, plain} from './selectors.js';
import type {Key, PlayState, Update} from './types.js';

/**
 * `l`: the log of a background step, live, at any time (its output keeps
 * coming after `ready` matched). `tab` shows the next one, `l` or esc closes it.
 */

/** The positions of the background steps that have started: those with a log to show. */
export function backgroundLogs(state: PlayState): number[] {
	return state.steps.flatMap((step, position) => {
		const view = state.views[position];
		return step.attributes.background && view && view.state !== 'pending' && view.state !== 'skipped' ? [position] : [];
	});
}

/** Open the log of the current step if it is a background step, else of the first one that started. */
export function openLog(state: PlayState): Update {
	const logs = backgroundLogs(state);
	const position = logs.includes(state.cursor) ? state.cursor : logs[0];
	if (position === undefined) return noticed(state, 'no background step has started: l shows the log of one once it has', 'info');
	return plain({...state, log: position, scroll: 0});
}

/** How far the log can scroll back from its end. */
export function logScrollLimit(state: PlayState): number {
	const view = state.log === undefined ? undefined : state.views[state.log];
	return view ? shownLineCount(view.output) : 0;
}

/**
 * Keys while a log is shown: `l` or esc close it, tab shows the next, pgup
 * and pgdn scroll it. Ctrl-C, `q` and `?` do what they always do (undefined:
 * not handled here); other keys would act on a step that is not in view.
 */
export function onLogKey(state: PlayState, key: Key): Update | undefined {
	const char = key.name === 'char' && !key.ctrl ? key.text : '';
	if (char === 'l' || key.name === 'escape') return plain({...state, log: undefined, scroll: 0});
	if (key.name === 'tab') {
		const logs = backgroundLogs(state);
		const next = logs[(logs.indexOf(state.log ?? -1) + 1) % logs.length];
		return plain({...state, log: next, scroll: 0});
	}
	const page = Math.max(1, state.rows - 8);
	const scrollTo = (scroll: number) => plain({...state, scroll: Math.max(0, Math.min(scroll, logScrollLimit(state)))});
	if (key.name === 'pageup' || (key.ctrl && key.text === 'u')) return scrollTo(state.scroll + page);
	if (key.name === 'pagedown' || (key.ctrl && key.text === 'd')) return scrollTo(state.scroll - page);
	if ((key.ctrl && key.text === 'c') || char === 'q' || char === '?') return undefined;
	return noticed(state, 'the log is open: l or esc closes it', 'info');
}
