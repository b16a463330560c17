import type {GateDecision} from '../../engine/events.js';
import {runEnv} from './env.js';
import {endPosition, gateable} from './selectors.js';
import type {Effect, Intent, PlayState, Update} from './types.js';

const send = (state: PlayState, position: number, decision: GateDecision, patch: Partial<PlayState> = {}): Update => {
	const effect: Effect = {kind: 'gate', position, decision};
	const starting = decision.action === 'run' || decision.action === 'skip' ? position : undefined;
	return [{...state, ...patch, gate: undefined, starting}, [effect]];
};

/**
 * The engine waits at `state.gate`: answer from the person's intent (going
 * there first if it is another step), or from `continue`; otherwise hold.
 * Moving the cursor never reaches here: only run, skip, re-run and continue do.
 */
export function atGate(state: PlayState): Update {
	const position = state.gate;
	if (position === undefined) return [state, []];
	if (state.phase === 'quitting') return send(state, position, {action: 'stop'});
	let current = state;
	const intent = current.intent;
	if (intent) {
		if (intent.position === position) {
			const decision: GateDecision =
				intent.action === 'skip' ? {action: 'skip', reason: 'skipped in the player'} : intent.command === undefined ? {action: 'run'} : {action: 'run', command: intent.command};
			return send(current, position, decision, {intent: undefined});
		}
		if (!intent.sent) return send(current, position, {action: 'goto', index: intent.position}, {intent: {...intent, sent: true}});
		// The engine went past it (it was not a step it asks about): forget it.
		current = {...current, intent: undefined};
	}
	if (current.continuing) {
		const end = endPosition(current);
		if (position >= end) return [{...current, continuing: false, cursor: end, display: 'auto', scroll: 0}, []];
		return send(current, position, {action: 'run'});
	}
	return [current, []];
}

/**
 * Ask for a step to run or be skipped: at once if the engine waits, else at
 * its next gate. The first request starts the engine.
 */
export function request(state: PlayState, position: number, action: Intent['action'], command?: string): Update {
	const intent: Intent = command === undefined ? {position, action, sent: false} : {position, action, command, sent: false};
	if (state.started) return atGate({...state, intent});
	return [{...state, intent, started: true}, [{kind: 'start', env: runEnv(state.env)}]];
}

/** The first step at or after `from` that the engine would ask about. */
export function nextGateable(state: PlayState, from: number): number | undefined {
	for (let position = from; position < state.steps.length; position++) {
		const step = state.steps[position];
		if (step && gateable(step)) return position;
	}
	return undefined;
}

/** `c` (and `--auto`): run from `from` on, one step after another, until one fails. */
export function startContinuing(state: PlayState, from: number): Update {
	const first = nextGateable(state, from);
	if (first === undefined) {
		return [{...state, cursor: endPosition(state), continuing: false, display: 'auto', scroll: 0, notice: {text: 'no steps left to run', tone: 'info'}}, []];
	}
	return request({...state, continuing: true, cursor: first, display: 'auto', scroll: 0}, first, 'run');
}
