import {currentView, endPosition, finished, type PlayState} from '../state.js';
import {span, truncateLine, type Line, type Span} from '../text/styled.js';
import {keyHint} from './format.js';

const tones = {info: 'cyan', warn: 'yellow', error: 'red', success: 'green'} as const;

function join(hints: ReadonlyArray<readonly [string, string]>): Span[] {
	return hints.flatMap(([key, what], index) => [...(index > 0 ? [span(' · ', {color: 'gray'})] : []), ...keyHint(key, what)]);
}

/** The bottom line: a notice, a question, or the keys that do something now. */
export function hintLine(state: PlayState, width: number): Line {
	const line: Span[] = [span(' ')];
	if (state.overlay === 'confirm-quit') {
		line.push(span('A step is running. Interrupt it and quit? ', {color: 'yellow', bold: true}), ...join([['y', 'yes'], ['any other key', 'no']]));
	} else if (state.notice) {
		line.push(span(state.notice.text, {color: tones[state.notice.tone]}));
	} else line.push(...join(hintsFor(state)));
	return truncateLine(line, width);
}

function hintsFor(state: PlayState): Array<readonly [string, string]> {
	if (state.overlay === 'help') return [['any key', 'closes the help']];
	switch (state.phase) {
		case 'env':
			return state.env.editing === undefined
				? [['↑↓', 'choose'], ['e', 'edit'], ['enter', 'start'], ['q', 'quit']]
				: [['enter', 'keep'], ['esc', 'cancel'], ['ctrl-u', 'clear']];
		case 'quitting':
			return [['ctrl-c', 'interrupts the running cleanup step']];
		case 'ended':
			return [['←→', 'move'], ['q', 'quit']];
		case 'playing':
			break;
	}
	if (state.running !== undefined) return [['ctrl-c', 'interrupt'], ['←→', 'move'], ['?', 'keys'], ['q', 'quit']];
	if (state.cursor >= endPosition(state)) return [['←', 'back'], ['?', 'keys'], ['q', 'quit']];
	const view = currentView(state);
	if (view && finished(view.state)) {
		const step = state.steps[state.cursor];
		const mismatch = view.state === 'failed' && view.result?.match?.ok === false;
		const unrecorded = view.state === 'passed' && step && !step.expected && !step.attributes.background && (view.result?.output.trim() ?? '') !== '';
		const extra: Array<readonly [string, string]> = mismatch ? [['a', 'accept'], ['o', 'output']] : unrecorded ? [['a', 'record the output']] : [];
		return [['enter', 'next'], ['r', 're-run'], ...extra, ['c', 'continue'], ['?', 'keys'], ['q', 'quit']];
	}
	return [['enter', 'run'], ['s', 'skip'], ['c', 'continue'], ['e', 'edit'], ['←→', 'move'], ['?', 'keys'], ['q', 'quit']];
}
