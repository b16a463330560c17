import {onConfirmKey, undoLast} from './accept.js';
import {onEditKey, onFormKey} from './env.js';
import {request, startContinuing} from './gate.js';
import {onLogKey, openLog} from './log.js';
import {scrollLimit} from './scroll.js';
import {currentView, endPosition, finished, gateable, noticed, panelsOf, plain, shownPanel} from './selectors.js';
import type {Key, PlayState, Update} from './types.js';

const isChar = (key: Key, ...chars: string[]) => key.name === 'char' && !key.ctrl && chars.includes(key.text);
const isCtrlC = (key: Key) => key.ctrl && key.text === 'c';

/** Leave: stop the run (the engine skips what is left and runs the cleanup steps), or exit if nothing runs. */
export function quit(state: PlayState): Update {
	const base = {...state, overlay: undefined, confirmAccept: undefined, log: undefined, continuing: false, intent: undefined};
	// Nothing ran: there is nothing to clean up.
	if (state.phase === 'env' || state.phase === 'ended' || !state.started) return [base, [{kind: 'exit'}]];
	if (state.phase === 'quitting') return [state, []];
	return [{...base, phase: 'quitting', gate: undefined, notice: undefined}, [{kind: 'stop'}]];
}

/** Leave the variables screen: play (with `--auto`, run from the first step on). */
export function start(state: PlayState): Update {
	if (state.runError !== undefined) return [{...state, phase: 'ended'}, []];
	const playing: PlayState = {...state, phase: 'playing'};
	return state.auto ? startContinuing(playing, state.cursor) : [playing, []];
}

export function onKey(state: PlayState, key: Key): Update {
	const current = state.notice ? {...state, notice: undefined} : state;
	if (current.overlay === 'help') return isCtrlC(key) ? onPlayingKey({...current, overlay: undefined}, key) : [{...current, overlay: undefined}, []];
	if (current.overlay === 'confirm-quit') return isChar(key, 'y', 'Y') ? quit(current) : [{...current, overlay: undefined}, []];
	if (current.confirmAccept && current.phase === 'playing') return onConfirmKey(current, key);
	switch (current.phase) {
		case 'env':
			if (current.env.editing !== undefined) return onEditKey(current, key);
			if (isCtrlC(key) || isChar(key, 'q')) return quit(current);
			if (key.name === 'return') return start(current);
			return onFormKey(current, key) ?? plain(current);
		case 'quitting':
			if (isCtrlC(key) && current.running !== undefined) return [current, [{kind: 'interrupt'}]];
			return noticed(current, 'cleaning up: ctrl-c interrupts the running cleanup step', 'info');
		case 'ended':
			if (isCtrlC(key) || isChar(key, 'q') || key.name === 'return') return quit(current);
			return onNavigationKey(current, key) ?? plain(current);
		case 'playing':
			return onPlayingKey(current, key);
	}
}

function onPlayingKey(state: PlayState, key: Key): Update {
	const inLog = state.log === undefined ? undefined : onLogKey(state, key);
	if (inLog) return inLog;
	if (isCtrlC(key)) {
		if (state.running !== undefined) return [state, [{kind: 'interrupt'}]];
		if (state.starting !== undefined) return [{...state, interruptOnStart: true, continuing: false}, []];
		return quit(state);
	}
	if (isChar(key, 'q')) {
		if (state.running === undefined || state.yes) return quit(state);
		return [{...state, overlay: 'confirm-quit'}, []];
	}
	if (isChar(key, '?')) return [{...state, overlay: 'help'}, []];
	const moved = onNavigationKey(state, key);
	if (moved) return moved;
	if (key.name === 'return') return enter(state);
	if (isChar(key, 's')) return skip(state);
	if (isChar(key, 'r')) return rerun(state);
	if (isChar(key, 'c')) return continueFrom(state);
	if (isChar(key, 'e')) return edit(state);
	if (isChar(key, 'a')) return accept(state);
	if (isChar(key, 'u')) return undoLast(state);
	if (isChar(key, 'l')) return openLog(state);
	if (isChar(key, 'o')) return toggle(state);
	if (key.name === 'char' && !key.ctrl && /^[\x21-\x7e]$/.test(key.text)) return noticed(state, `${key.text}: no such key (? shows them all)`, 'info');
	return plain(state);
}

function onNavigationKey(state: PlayState, key: Key): Update | undefined {
	if (key.name === 'right' || key.name === 'down' || isChar(key, 'n', 'j')) return plain(move(state, state.cursor + 1));
	if (key.name === 'left' || key.name === 'up' || isChar(key, 'p', 'k')) return plain(move(state, state.cursor - 1));
	if (key.name === 'home' || isChar(key, 'g')) return plain(move(state, 0));
	if (key.name === 'end' || isChar(key, 'G')) return plain(move(state, endPosition(state)));
	// The output and the notes scroll back from their end, a diff and the lines written down from their top.
	const page = Math.max(1, state.rows - 10) * (shownPanel(state, currentView(state)) === 'output' ? 1 : -1);
	const scrollTo = (scroll: number) => plain({...state, scroll: Math.max(0, Math.min(scroll, scrollLimit(state)))});
	if (key.name === 'pageup' || (key.ctrl && key.text === 'u')) return scrollTo(state.scroll + page);
	if (key.name === 'pagedown' || (key.ctrl && key.text === 'd')) return scrollTo(state.scroll - page);
	return undefined;
}

export function move(state: PlayState, cursor: number): PlayState {
	const clamped = Math.max(0, Math.min(endPosition(state), cursor));
	return {...state, cursor: clamped, display: 'auto', scroll: 0};
}

/** Why the current step cannot be run or skipped now, if it cannot. */
function blocked(state: PlayState): string | undefined {
	if (state.starting !== undefined) return `step ${state.starting + 1} is starting`;
	if (state.running !== undefined) {
		return state.running === state.cursor ? 'the step is running: ctrl-c interrupts it' : `step ${state.running + 1} is running: wait for it, or ctrl-c`;
	}
	if (state.cursor >= endPosition(state)) return 'this is the end of the runbook: q quits (and runs the cleanup steps)';
	const step = state.steps[state.cursor];
	if (step?.attributes.cleanup) return 'cleanup steps run when you quit';
	if (step && step.attributes.skip !== undefined) return 'the notes mark this step skip: it never runs';
	return undefined;
}

function enter(state: PlayState): Update {
	const view = currentView(state);
	const idle = state.running === undefined && state.starting === undefined;
	if (view && finished(view.state) && idle) return plain(move(state, state.cursor + 1));
	const step = state.steps[state.cursor];
	if (step && !gateable(step) && idle) return plain(move(state, state.cursor + 1));
	const why = blocked(state);
	return why ? noticed(state, why, 'info') : request(state, state.cursor, 'run');
}

function skip(state: PlayState): Update {
	const view = currentView(state);
	const step = state.steps[state.cursor];
	const done = view && finished(view.state);
	if ((done || (step && !gateable(step))) && state.running !== state.cursor && state.starting !== state.cursor) return plain(move(state, state.cursor + 1));
	const why = blocked(state);
	return why ? noticed(state, why, 'info') : request({...state, advanceFrom: state.cursor}, state.cursor, 'skip');
}

function rerun(state: PlayState): Update {
	const why = blocked(state);
	return why ? noticed(state, why, 'info') : request(state, state.cursor, 'run');
}

function continueFrom(state: PlayState): Update {
	if (state.running !== undefined || state.starting !== undefined) return noticed(state, blocked(state) ?? 'a step is running', 'info');
	const view = currentView(state);
	const from = view && (finished(view.state) || view.state === 'skipped') ? state.cursor + 1 : state.cursor;
	return startContinuing(state, from);
}

function edit(state: PlayState): Update {
	const why = blocked(state);
	const step = state.steps[state.cursor];
	if (why || !step) return noticed(state, why ?? 'nothing to edit', 'info');
	return [state, [{kind: 'edit', position: state.cursor, command: step.command}]];
}

function accept(state: PlayState): Update {
	const view = currentView(state);
	const step = state.steps[state.cursor];
	const result = view?.result;
	if (!view || !step) return noticed(state, 'no step here to accept', 'info');
	if (view.state === 'running') return noticed(state, 'the step is still running', 'info');
	if (!result || result.status === 'skipped') return noticed(state, 'run the step first: a accepts the output it printed', 'info');
	if (view.state === 'accepted') return noticed(state, 'already written: r runs the step again against it', 'info');
	if (result.interrupted || result.timedOut) return noticed(state, 'the step did not finish: its output is not accepted', 'info');
	if (step.attributes.background) return noticed(state, 'a background step has no expected output', 'info');
	if (step.expected && !result.match) return noticed(state, 'the step ended before its output was compared: nothing to accept', 'info');
	if (step.expected && result.match?.ok !== false) return noticed(state, 'the output already matches: nothing to write', 'info');
	if (!step.expected && result.output.trim() === '') return noticed(state, 'the step printed nothing: nothing to write', 'info');
	return [state, [{kind: 'accept', position: state.cursor}]];
}

/** `o`: the next of the panels the step has (the lines written, the output, the diff). */
function toggle(state: PlayState): Update {
	const view = currentView(state);
	const panels = panelsOf(view);
	if (panels.length < 2) {
		const why = view?.result?.match ? 'the output matched: there is no diff' : 'no diff: the step has no expected output, or has not run';
		return noticed(state, why, 'info');
	}
	const next = panels[(panels.indexOf(shownPanel(state, view)) + 1) % panels.length] ?? 'output';
	return plain({...state, display: next, scroll: 0});
}
