import type {EndReason, EngineEvent, RunReport, StepResult} from '../../src/engine/events.js';
import {buildReport} from '../../src/engine/outcome.js';
import {matchOutput} from '../../src/match/match.js';
import type {Runbook, Step} from '../../src/model.js';
import {parseRunbook} from '../../src/parse/index.js';
import {selectSteps} from '../../src/ui/select.js';
import {initialState, reduce, type Accepted, type AcceptPlan, type AcceptRisk, type Action, type Effect, type FileLine, type InitOptions, type Key, type PlayState} from '../../src/ui/state.js';

export const sample = `---
title: Sample
---

# Sample

Intro with *emphasis*, **strong**, \`code\` and a [link](https://example.com).

## First

\`\`\`sh {#one}
echo one
\`\`\`

\`\`\`output
one
\`\`\`

## Second

- item a
- item b

\`\`\`sh {#two}
printf '1\\n2\\n3\\n'
\`\`\`

\`\`\`output
1
2
4
\`\`\`

\`\`\`sh {#three skip="not today"}
echo three
\`\`\`

\`\`\`sh {#four}
echo four
\`\`\`

\`\`\`sh {#tidy cleanup}
echo tidy
\`\`\`

The end.
`;

export function parse(markdown: string, file = '/notes/sample.md'): Runbook {
	const {runbook, diagnostics} = parseRunbook(markdown, {path: file});
	const errors = diagnostics.filter((diagnostic) => diagnostic.severity !== 'warning');
	if (errors.length > 0) throw new Error(`fixture does not parse: ${errors.map((error) => error.message).join('; ')}`);
	return runbook;
}

/** The first state of the player for a Markdown text, and its effects. */
export function init(markdown = sample, options: Partial<Omit<InitOptions, 'runbook' | 'selection'>> & {from?: string; section?: string} = {}) {
	const runbook = parse(markdown);
	const {from, section, ...rest} = options;
	return initialState({
		file: '/notes/sample.md',
		source: markdown,
		runbook,
		selection: selectSteps(runbook, {from, section}),
		env: {},
		callerEnv: {},
		auto: false,
		yes: false,
		now: 0,
		columns: 80,
		rows: 24,
		...rest,
	});
}

export const key = (text: string, name: Key['name'] = 'char', ctrl = false): Action => ({type: 'key', key: {name, text, ctrl}});
export const enter: Action = key('\r', 'return');
export const ctrlC: Action = key('c', 'char', true);

/** Apply actions in turn; returns the last state and every effect on the way. */
export function play(state: PlayState, ...actions: Action[]): {state: PlayState; effects: Effect[]} {
	let current = state;
	const effects: Effect[] = [];
	for (const action of actions) {
		const [next, more] = reduce(current, action);
		current = next;
		effects.push(...more);
	}
	return {state: current, effects};
}

export const event = (value: EngineEvent, at = 1000): Action => ({type: 'event', event: value, at});

export function result(step: Step, output: string, overrides: Partial<StepResult> = {}): StepResult {
	const match = step.expected ? matchOutput(step.expected.text, output, {patterns: step.expected.patterns}) : undefined;
	const failed = match !== undefined && !match.ok;
	return {
		status: failed ? 'failed' : 'passed',
		exitCode: 0,
		durationMs: 120,
		output,
		captures: {},
		attempts: 1,
		timedOut: false,
		interrupted: false,
		cut: false,
		...(match ? {match} : {}),
		...(failed ? {message: 'output differs from the expected output'} : {}),
		...overrides,
	};
}

/** The events of one step run: start, its output, its end. */
export function ran(step: Step, output: string, overrides: Partial<StepResult> = {}): Action[] {
	return [
		event({kind: 'step-start', step, attempt: 1, phase: step.attributes.cleanup ? 'cleanup' : 'main', command: step.command}),
		event({kind: 'output', step, stream: 'stdout', text: output}),
		event({kind: 'step-end', step, phase: step.attributes.cleanup ? 'cleanup' : 'main', result: result(step, output, overrides)}),
	];
}

/** The engine's `run-end`: its report over the results the state holds, as the engine would count them. */
export function runEnd(state: PlayState, reason: EndReason, extra: Partial<RunReport> = {}): Action {
	const records = state.views.flatMap((view, position) => {
		const step = state.steps[position];
		return step && view.result ? [{step, phase: view.phase, result: view.result}] : [];
	});
	// Only its title and options matter here: the steps are the state's.
	const runbook = {...parseRunbook(state.source, {path: state.file}).runbook, steps: state.steps};
	return event({kind: 'run-end', file: state.file, report: {...buildReport(runbook, state.file, reason, records), ...extra}});
}

export const gateDecisions = (effects: readonly Effect[]) => effects.flatMap((effect) => (effect.kind === 'gate' ? [effect.decision] : []));

// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

/** What `a` would write for a step, as the controller plans it (the file's text is made up: the reducer only carries it). */
export function acceptPlan(state: PlayState, position: number, overrides: {risk?: AcceptRisk; accepted?: Partial<Accepted>; before?: string; after?: string} = {}): AcceptPlan {
	const changes: FileLine[] = [
		{kind: 'same', line: 29, text: '```output'},
		{kind: 'same', line: 30, text: '1'},
		{kind: 'same', line: 31, text: '2'},
		{kind: 'removed', line: 32, text: '4'},
		{kind: 'added', line: 32, text: '3'},
		{kind: 'same', line: 33, text: '```'},
	];
	return {
		position,
		file: state.file,
		before: overrides.before ?? state.source,
		after: overrides.after ?? state.source.replace('1\n2\n4\n', '1\n2\n3\n'),
		risk: overrides.risk ?? {lost: []},
		accepted: {fromLine: 30, toLine: 32, added: false, exitOk: true, changes, ...overrides.accepted},
	};
}

/** The `accepted` action once a plan was written. */
export const acceptedAction = (state: PlayState, plan: AcceptPlan): Action => ({type: 'accepted', plan, source: plan.after, steps: state.steps});
