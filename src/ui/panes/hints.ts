import {backgroundLogs, currentView, endPosition, finished, type PlayState} from '../state.js';
import {lineWidth, span, truncateLine, type Line, type Span} from '../text/styled.js';
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
	} else if (state.confirmAccept && state.phase === 'playing' && !state.notice && state.overlay === undefined) {
		line.push(span(`Write these lines to ${state.file.split('/').pop() ?? state.file}? `, {color: 'yellow', bold: true}), ...join([['y/enter', 'write'], ['n/esc', 'leave it as it is']]));
	} else if (state.notice) {
		line.push(span(state.notice.text, {color: tones[state.notice.tone]}));
	} else line.push(...join(fitted(hintsFor(state), width - 1)));
	return truncateLine(line, width);
}

/** Hints that can go when the line is too narrow for all, the first first: the others say what the step allows. */
const droppable = ['←→', 'c', 'e', 'pgup pgdn'];

function fitted(hints: ReadonlyArray<readonly [string, string]>, width: number): ReadonlyArray<readonly [string, string]> {
	let kept = hints;
	for (const key of droppable) {
		if (lineWidth(join(kept)) <= width) break;
		kept = kept.filter(([candidate]) => candidate !== key);
	}
	return kept;
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
	if (state.log !== undefined) {
		const more: Array<readonly [string, string]> = backgroundLogs(state).length > 1 ? [['tab', 'next log']] : [];
		return [['l/esc', 'close the log'], ...more, ['pgup pgdn', 'scroll'], ['q', 'quit']];
	}
	// `l` only once there is a background step's log to show.
	const log: Array<readonly [string, string]> = backgroundLogs(state).length > 0 ? [['l', 'log']] : [];
	const tail: Array<readonly [string, string]> = [...log, ['?', 'keys'], ['q', 'quit']];
	if (state.running !== undefined) return [['ctrl-c', 'interrupt'], ['←→', 'move'], ...tail];
	if (state.cursor >= endPosition(state)) return [['←', 'back'], ...tail];
	const view = currentView(state);
	if (view && finished(view.state)) {
		const step = state.steps[state.cursor];
		const mismatch = view.state === 'failed' && view.result?.match?.ok === false;
		const unrecorded = view.state === 'passed' && step && !step.expected && !step.attributes.background && (view.result?.output.trim() ?? '') !== '';
		const accepted = view.state === 'accepted' && state.undo.at(-1)?.position === state.cursor;
		const extra: Array<readonly [string, string]> = mismatch ? [['a', 'accept'], ['o', 'output']] : unrecorded ? [['a', 'record the output']] : accepted ? [['u', 'undo']] : [];
		return [['enter', 'next'], ['r', 're-run'], ...extra, ['c', 'continue'], ...tail];
	}
	return [['enter', 'run'], ['s', 'skip'], ['c', 'continue'], ['e', 'edit'], ['←→', 'move'], ...tail];
}
