import {describe, expect, it} from 'vitest';
import {counts, exitCode} from '../../src/ui/state.js';
import {enter, event, gateDecisions, init, key, play, ran, runEnd, sample} from './helpers.js';

const withEnv = `---
env:
  NAME: world
---

\`\`\`sh
echo "$NAME"
\`\`\`
`;

describe('the first state', () => {
	it('waits for a key: nothing runs and the engine is not started', () => {
		const [state, effects] = init();
		expect(state.phase).toBe('playing');
		expect(state.cursor).toBe(0);
		expect(state.started).toBe(false);
		expect(effects).toEqual([{kind: 'preflight'}]);
		expect(state.views.map((view) => view.state)).toEqual(['pending', 'pending', 'skipped', 'pending', 'pending']);
	});

	it('shows the variables of the runbook first, with the value each step sees', () => {
		const [state] = init(withEnv, {callerEnv: {}});
		expect(state.phase).toBe('env');
		expect(state.env.vars).toEqual([{name: 'NAME', value: 'world', origin: 'runbook'}]);
		const [fromCaller] = init(withEnv, {callerEnv: {NAME: 'caller'}});
		expect(fromCaller.env.vars[0]).toMatchObject({value: 'caller', origin: 'environment'});
		const [fromOption] = init(withEnv, {callerEnv: {NAME: 'caller'}, env: {NAME: 'option'}});
		expect(fromOption.env.vars[0]).toMatchObject({value: 'option', origin: 'option'});
	});

	it('skips the variables screen with --yes and with --auto', () => {
		const [state] = init(withEnv, {yes: true});
		expect(state.phase).toBe('playing');
		const [auto, effects] = init(withEnv, {auto: true});
		expect(auto.phase).toBe('playing');
		expect(effects).toContainEqual({kind: 'start', env: {}});
	});

	it('starts the run at once with --auto, from --from', () => {
		const [state, effects] = init(sample, {auto: true, yes: true, from: 'four'});
		expect(state.cursor).toBe(3);
		expect(state.continuing).toBe(true);
		expect(effects).toContainEqual({kind: 'start', env: {}});
		const {effects: after} = play(state, {type: 'gate', position: 0});
		expect(gateDecisions(after)).toEqual([{action: 'goto', index: 3}]);
	});
});

describe('the variables screen', () => {
	it('edits a value, and the run gets it as an --env', () => {
		const [state] = init(withEnv);
		const {state: edited} = play(state, key('e'), key('u', 'char', true), key('x'), key('y'), key('', 'backspace'), key('z'), enter);
		expect(edited.env.vars[0]).toEqual({name: 'NAME', value: 'xz', origin: 'edited'});
		const {state: playing, effects} = play(edited, enter, enter);
		expect(playing.phase).toBe('playing');
		expect(effects).toEqual([{kind: 'start', env: {NAME: 'xz'}}]);
	});

	it('escape drops the value being typed', () => {
		const [state] = init(withEnv);
		const {state: after} = play(state, key('e'), key('q'), key('', 'escape'));
		expect(after.env.vars[0]?.value).toBe('world');
		expect(after.env.editing).toBeUndefined();
	});
});

describe('running steps through the gate', () => {
	it('enter starts the engine, and runs the current step at its gate', () => {
		const [state] = init();
		const first = play(state, enter);
		expect(first.effects).toEqual([{kind: 'start', env: {}}]);
		const atGate = play(first.state, {type: 'gate', position: 0});
		expect(gateDecisions(atGate.effects)).toEqual([{action: 'run'}]);
		expect(atGate.state.starting).toBe(0);
	});

	it('moving never runs anything; enter on another step goes there first', () => {
		const [state] = init();
		const started = play(state, enter, {type: 'gate', position: 0}).state;
		const steps = started.steps;
		const afterOne = play(started, ...ran(steps[0]!, 'one\n'), {type: 'gate', position: 1}).state;
		const moved = play(afterOne, key('n'), key('n'), key('n'), key('p'));
		expect(moved.state.cursor).toBe(2);
		expect(moved.effects).toEqual([]);
		const toFour = play(moved.state, key('j'), enter);
		expect(gateDecisions(toFour.effects)).toEqual([{action: 'goto', index: 3}]);
		const arrived = play(toFour.state, {type: 'gate', position: 3});
		expect(gateDecisions(arrived.effects)).toEqual([{action: 'run'}]);
	});

	it('folds the events of a step into its view: running, output, verdict', () => {
		const [state] = init();
		const step = state.steps[1]!;
		const [start, output, end] = ran(step, '1\n2\n3\n');
		const running = play(state, start!).state;
		expect(running.running).toBe(1);
		expect(running.views[1]?.state).toBe('running');
		const printing = play(running, output!).state;
		expect(printing.views[1]?.output.lines).toEqual(['1', '2', '3']);
		const ended = play(printing, end!).state;
		expect(ended.running).toBeUndefined();
		expect(ended.views[1]?.state).toBe('failed');
		expect(ended.views[1]?.result?.match?.ok).toBe(false);
		expect(counts(ended)).toMatchObject({failed: 1, skipped: 1});
		// The exit code waits for the engine's report.
		expect(exitCode(play(ended, runEnd(ended, 'failed')).state)).toBe(1);
	});

	it('a second enter while the step is starting does not queue another run', () => {
		const [state] = init();
		const sent = play(state, enter, {type: 'gate', position: 0}).state;
		const again = play(sent, enter);
		expect(again.state.intent).toBeUndefined();
		expect(again.state.notice?.text).toMatch(/starting/);
	});

	it('enter on a finished step moves to the next one; r runs it again', () => {
		const [state] = init();
		const done = play(state, enter, {type: 'gate', position: 0}, ...ran(state.steps[0]!, 'one\n'), {type: 'gate', position: 1}).state;
		expect(done.views[0]?.state).toBe('passed');
		const next = play(done, enter);
		expect(next.state.cursor).toBe(1);
		expect(next.effects).toEqual([]);
		const rerun = play(done, key('r'));
		expect(gateDecisions(rerun.effects)).toEqual([{action: 'goto', index: 0}]);
	});

	it('s skips the current step through the gate and moves on', () => {
		const [state] = init();
		const skipping = play(state, key('s'), {type: 'gate', position: 0});
		expect(gateDecisions(skipping.effects)).toEqual([{action: 'skip', reason: 'skipped in the player'}]);
		const step = state.steps[0]!;
		const skipped = play(skipping.state, event({kind: 'step-end', step, phase: 'main', result: {status: 'skipped', exitCode: null, durationMs: 0, output: '', captures: {}, attempts: 0, timedOut: false, interrupted: false, cut: false}}));
		expect(skipped.state.views[0]?.state).toBe('skipped');
		expect(skipped.state.cursor).toBe(1);
	});

	it('refuses to run cleanup and skip steps', () => {
		const [state] = init();
		const atSkip = play(state, key('G'), key('p'), key('p'), key('p'), key('r'));
		expect(atSkip.state.cursor).toBe(2);
		expect(atSkip.effects).toEqual([]);
		expect(atSkip.state.notice?.text).toMatch(/skip/);
		const atCleanup = play(state, key('G'), key('p'), key('r'));
		expect(atCleanup.state.notice?.text).toMatch(/cleanup steps run when you quit/);
	});
});

describe('continue', () => {
	it('runs step after step until one fails', () => {
		const [state] = init();
		const [one, two, , four] = state.steps;
		let run = play(state, key('c'), {type: 'gate', position: 0});
		expect(gateDecisions(run.effects)).toEqual([{action: 'run'}]);
		run = play(run.state, ...ran(one!, 'one\n'), {type: 'gate', position: 1});
		expect(gateDecisions(run.effects)).toEqual([{action: 'run'}]);
		run = play(run.state, ...ran(two!, '1\n2\n3\n'), {type: 'gate', position: 3});
		expect(run.state.continuing).toBe(false);
		expect(run.state.cursor).toBe(1);
		expect(gateDecisions(run.effects)).toEqual([]);
		// Continue again from the failed step: the next one runs, then the end holds.
		run = play(run.state, key('c'), {type: 'gate', position: 3}, ...ran(four!, 'four\n'), {type: 'gate', position: 5});
		expect(run.state.cursor).toBe(5);
		expect(run.state.continuing).toBe(false);
		expect(run.state.gate).toBe(5);
	});

	it('the cursor follows the running step', () => {
		const [state] = init();
		const moved = play(state, key('c'), {type: 'gate', position: 0}, ...ran(state.steps[0]!, 'one\n'), {type: 'gate', position: 1});
		const [start] = ran(state.steps[1]!, '');
		expect(play(moved.state, start!).state.cursor).toBe(1);
	});
});
