import {dispatch, type EngineEvent, type EventHandlers} from '../../engine/events.js';
import {appendTail, emptyTail} from '../output-tail.js';
import {positionOf} from './selectors.js';
import type {PlayState, StepView, Update} from './types.js';

const withView = (state: PlayState, position: number, change: (view: StepView) => StepView): PlayState => {
	const view = state.views[position];
	if (!view) return state;
	const views = [...state.views];
	views[position] = change(view);
	return {...state, views};
};

/** Fold one engine event into the state. Every kind has its handler: a new kind does not compile until it has one. */
export function onEvent(state: PlayState, event: EngineEvent, at: number): Update {
	return dispatch<Update>(event, handlers(state, at));
}

function handlers(state: PlayState, at: number): EventHandlers<Update> {
	return {
		'run-start': () => [state, []],
		'run-error': (event) => [{...state, runError: event.message}, []],
		'step-start': (event) => {
			const position = positionOf(state, event.step);
			const next = withView(state, position, (view) => ({
				state: 'running',
				phase: event.phase,
				attempt: event.attempt,
				command: event.command,
				output: emptyTail,
				startedAt: event.attempt === 1 ? at : (view.startedAt ?? at),
				// A retry keeps saying why the last attempt failed.
				...(event.attempt > 1 && view.retry ? {retry: view.retry} : {}),
			}));
			const follow = state.continuing && event.phase === 'main' && position < state.steps.length;
			const moved = follow && state.cursor !== position ? {cursor: position, display: 'auto' as const, scroll: 0} : {};
			// A step that starts while the player quits, or after an early ctrl-c, is interrupted at once.
			const interrupt = state.phase === 'quitting' ? event.phase === 'main' : state.interruptOnStart === true;
			return [{...next, ...moved, running: position, starting: undefined, interruptOnStart: undefined}, interrupt ? [{kind: 'interrupt'}] : []];
		},
		output: (event) => [withView(state, positionOf(state, event.step), (view) => ({...view, output: appendTail(view.output, event.text)})), []],
		'step-retry': (event) => [withView(state, positionOf(state, event.step), (view) => ({...view, retry: {attempt: event.attempt, reason: event.reason, waitMs: event.waitMs}})), []],
		'step-end': (event) => {
			const position = positionOf(state, event.step);
			const {result} = event;
			let next = withView(state, position, (view) => ({
				state: result.status,
				phase: event.phase,
				output: view.output,
				attempt: view.attempt,
				result,
				...(view.command === undefined ? {} : {command: view.command}),
				...(view.startedAt === undefined ? {} : {startedAt: view.startedAt}),
			}));
			if (next.running === position) next = {...next, running: undefined};
			if (next.starting === position) next = {...next, starting: undefined};
			if (result.status === 'failed' && next.continuing && event.phase === 'main') next = {...next, continuing: false};
			if (result.status === 'passed' && Object.keys(result.captures).length > 0) next = {...next, captures: {...next.captures, ...result.captures}};
			if (result.status === 'skipped' && next.advanceFrom === position) {
				next = {...next, advanceFrom: undefined};
				if (next.cursor === position) next = {...next, cursor: Math.min(position + 1, next.steps.length), display: 'auto', scroll: 0};
			}
			return [next, []];
		},
		'session-restart': (event) => [{...state, notice: {text: event.reason, tone: 'warn'}}, []],
		'background-stop': (event) => [{...state, stoppedBackgrounds: [...state.stoppedBackgrounds, event.step.name]}, []],
		leftover: () => [state, []],
		'run-end': (event) => {
			const ended = {...state, report: event.report, running: undefined, starting: undefined, gate: undefined, continuing: false, intent: undefined};
			if (state.phase === 'quitting') return [ended, [{kind: 'exit'}]];
			// A runbook that cannot run ends on the variables screen too: it shows the error, `q` leaves.
			return [{...ended, phase: state.phase === 'env' ? 'env' : 'ended'}, []];
		},
	};
}
