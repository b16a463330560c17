/**
 * The player's state: a pure reducer over engine events and key presses.
 * `reduce` returns the next state and the effects to carry out (answer the
 * engine's gate, interrupt, write the file, open the editor, exit): the
 * controller does them, so everything here is tested without a terminal.
 */
import type {Runbook} from '../model.js';
import {hasRemoteSteps} from '../reporters/hosts.js';
import {emptyTail} from './output-tail.js';
import type {Selection} from './select.js';
import {onAccepted, onPlanned, onUndone} from './state/accept.js';
import {envForm} from './state/env.js';
import {onEvent} from './state/events.js';
import {atGate, request} from './state/gate.js';
import {onKey, quit, start} from './state/keys.js';
import type {Action, PlayState, StepView, Update} from './state/types.js';

export type * from './state/types.js';
export {counts, currentView, endPosition, endReason, exitCode, finished, gateable, panelsOf, shownCounts, shownPanel, type Counts} from './state/selectors.js';
export {lineRange, risky} from './state/accept.js';
export {backgroundLogs} from './state/log.js';

export type InitOptions = {
	readonly file: string;
	readonly source: string;
	readonly runbook: Runbook;
	readonly selection: Selection;
	/** `--env K=V`. */
	readonly env: Readonly<Record<string, string>>;
	readonly callerEnv: Readonly<Record<string, string | undefined>>;
	/** `--secret NAME`, besides the runbook's `secrets:`. */
	readonly secrets?: readonly string[];
	readonly auto: boolean;
	readonly yes: boolean;
	readonly now: number;
	readonly columns: number;
	readonly rows: number;
};

/** The first state, and the effects to start with (the run starts at once unless the variables screen comes first). */
export function initialState(options: InitOptions): Update {
	const {runbook, selection} = options;
	const views = selection.steps.map(
		(step): StepView => ({state: step.attributes.skip === undefined ? 'pending' : 'skipped', phase: step.attributes.cleanup ? 'cleanup' : 'main', output: emptyTail, attempt: 0}),
	);
	const env = envForm(runbook.options.env, options.callerEnv, options.env, [...runbook.options.secrets, ...(options.secrets ?? [])]);
	const state: PlayState = {
		file: options.file,
		title: runbook.title,
		source: options.source,
		steps: selection.steps,
		sections: runbook.sections,
		epilogue: runbook.epilogue,
		...(selection.section ? {sectionTitle: selection.section.title} : {}),
		views,
		cursor: selection.start,
		phase: 'env',
		started: false,
		continuing: false,
		display: 'auto',
		scroll: 0,
		env,
		captures: {},
		startedAt: options.now,
		stoppedBackgrounds: [],
		undo: [],
		columns: options.columns,
		rows: options.rows,
		yes: options.yes,
		auto: options.auto,
		hostPrompts: hasRemoteSteps(runbook.steps),
	};
	const runbookHasVariables = Object.keys(runbook.options.env).length > 0;
	// --auto and --yes take the values as they are: no screen waits for a key.
	const [next, effects] = runbookHasVariables && !options.yes && !options.auto ? [state, []] : start(state);
	return [next, [{kind: 'preflight'}, ...effects]];
}

export function reduce(state: PlayState, action: Action): Update {
	switch (action.type) {
		case 'key':
			return onKey(state, action.key);
		case 'event':
			return onEvent(state, action.event, action.at);
		case 'gate':
			return atGate({...state, gate: action.position, starting: undefined});
		case 'edited':
			if (action.command === undefined) return [{...state, notice: {text: action.message ?? 'edit cancelled: nothing was run', tone: 'info'}}, []];
			if (state.running !== undefined || state.phase !== 'playing') return [state, []];
			return request({...state, cursor: action.position, display: 'auto', scroll: 0}, action.position, 'run', action.command);
		case 'accept-planned':
			return onPlanned(state, action.plan);
		case 'accepted':
			return onAccepted(state, action.plan, action.source, action.steps);
		case 'undone':
			return onUndone(state, action.entry, action.source, action.steps);
		case 'notice':
			return [{...state, notice: action.notice}, []];
		case 'resize':
			return [{...state, columns: action.columns, rows: action.rows}, []];
		case 'signal':
			return quit({...state, yes: true});
		case 'unrunnable':
			return [{...state, runError: action.message, phase: state.phase === 'env' ? 'env' : 'ended', continuing: false, intent: undefined}, []];
		case 'crashed':
			return [{...state, runError: action.message, phase: state.phase === 'quitting' ? 'quitting' : 'ended'}, state.phase === 'quitting' ? [{kind: 'exit'}] : []];
	}
}
