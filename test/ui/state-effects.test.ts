import {describe, expect, it} from 'vitest';
import {dispatch, type EngineEvent, type EventHandlers} from '../../src/engine/events.js';
import {exitCode, reduce, shownPanel} from '../../src/ui/state.js';
import {acceptedAction, acceptPlan, ctrlC, enter, event, gateDecisions, init, key, play, ran, runEnd} from './helpers.js';

describe('ctrl-c and quitting', () => {
	it('ctrl-c interrupts the running step, and quits when idle', () => {
		const [state] = init();
		const [start] = ran(state.steps[0]!, '');
		const running = play(state, enter, {type: 'gate', position: 0}, start!);
		expect(play(running.state, ctrlC).effects).toEqual([{kind: 'interrupt'}]);
		const idle = play(running.state, event({kind: 'step-end', step: state.steps[0]!, phase: 'main', result: {status: 'failed', exitCode: 130, durationMs: 5, output: '', message: 'interrupted', captures: {}, attempts: 1, timedOut: false, interrupted: true, cut: false}}));
		const quitting = play(idle.state, ctrlC);
		expect(quitting.state.phase).toBe('quitting');
		expect(quitting.effects).toEqual([{kind: 'stop'}]);
	});

	it('q runs the cleanup (the engine stops), then exits at the end of the run', () => {
		const [state] = init();
		const tidy = state.steps[4]!;
		const started = play(state, enter, {type: 'gate', position: 0}, ...ran(state.steps[0]!, 'one\n'), {type: 'gate', position: 1}).state;
		const quitting = play(started, key('q'));
		expect(quitting.effects).toEqual([{kind: 'stop'}]);
		const cleaning = play(quitting.state, ...ran(tidy, 'tidy\n'), event({kind: 'run-end', file: '', report: {file: '', reason: 'interrupted', counts: {passed: 2, failed: 0, skipped: 3}, steps: [], leftovers: [], durationMs: 0}}));
		expect(cleaning.state.views[4]?.state).toBe('passed');
		expect(cleaning.effects).toEqual([{kind: 'exit'}]);
		// Quit before the end: the engine's report says interrupted, as Ctrl-C in `runbook test`.
		expect(exitCode(cleaning.state)).toBe(130);
		expect(exitCode(cleaning.state, 'SIGTERM')).toBe(143);
	});

	it('quitting before anything ran exits at once: there is nothing to clean up', () => {
		const [state] = init();
		expect(play(state, key('q')).effects).toEqual([{kind: 'exit'}]);
	});

	it('q while a step runs asks first (not with --yes)', () => {
		const [state] = init();
		const [start] = ran(state.steps[0]!, '');
		const running = play(state, enter, {type: 'gate', position: 0}, start!).state;
		const asked = play(running, key('q'));
		expect(asked.state.overlay).toBe('confirm-quit');
		expect(asked.effects).toEqual([]);
		expect(play(asked.state, key('n')).state.overlay).toBeUndefined();
		expect(play(asked.state, key('y')).effects).toEqual([{kind: 'stop'}]);
		expect(play({...running, yes: true}, key('q')).effects).toEqual([{kind: 'stop'}]);
	});
});

describe('accept, edit, toggle', () => {
	const failedTwo = () => {
		const [state] = init();
		return play(state, key('n'), enter, {type: 'gate', position: 0}, {type: 'gate', position: 1}, ...ran(state.steps[1]!, '1\n2\n3\n')).state;
	};

	it('a plans the write first; with nothing at risk it is written at once, and the screen says where', () => {
		const state = failedTwo();
		expect(play(state, key('a')).effects).toEqual([{kind: 'accept', position: 1}]);
		const plan = acceptPlan(state, 1);
		const planned = play(state, {type: 'accept-planned', plan});
		expect(planned.state.confirmAccept).toBeUndefined();
		expect(planned.effects).toEqual([{kind: 'write-accept', plan}]);
		const accepted = play(state, acceptedAction(state, plan)).state;
		expect(accepted.views[1]?.state).toBe('accepted');
		expect(accepted.source).toBe(plan.after);
		expect(accepted.notice?.text).toBe('wrote the actual output to sample.md, lines 30–32 · u undoes');
		expect(accepted.undo).toEqual([{position: 1, file: state.file, before: plan.before, after: plan.after, view: state.views[1], accepted: plan.accepted}]);
		// The step failed in this run (as `test --update` says): the file is fixed for the next one.
		expect(exitCode(play(accepted, runEnd(accepted, 'failed')).state)).toBe(1);
		expect(play(accepted, key('a')).effects).toEqual([]);
	});

	it('a asks before it writes when the exit status was wrong or patterns would be lost: y writes, n does not', () => {
		const state = failedTwo();
		const plan = acceptPlan(state, 1, {risk: {exit: {actual: 1, expected: {kind: 'code', code: 0}}, lost: ['{{id:hex64}}']}});
		const asking = play(state, {type: 'accept-planned', plan});
		expect(asking.effects).toEqual([]);
		expect(asking.state.confirmAccept).toBe(plan);
		// Other keys do not answer, nor act on the steps behind.
		const other = play(asking.state, key('r'));
		expect(other.effects).toEqual([]);
		expect(other.state.confirmAccept).toBe(plan);
		expect(other.state.notice?.text).toBe('y writes the file, n leaves it as it is');
		for (const no of [key('n'), key('\u001b', 'escape'), ctrlC]) {
			const refused = play(asking.state, no);
			expect(refused.effects).toEqual([]);
			expect(refused.state.confirmAccept).toBeUndefined();
			expect(refused.state.notice?.text).toBe('not written: sample.md is unchanged');
			expect(refused.state.phase).toBe('playing');
		}
		for (const yes of [key('y'), enter]) {
			const written = play(asking.state, yes);
			expect(written.effects).toEqual([{kind: 'write-accept', plan}]);
			expect(written.state.confirmAccept).toBeUndefined();
		}
	});

	it('u undoes the accepts, the last one first, and the step shows its run again', () => {
		const state = failedTwo();
		expect(play(state, key('u')).state.notice?.text).toBe('nothing to undo: u takes back what a wrote');
		const first = acceptPlan(state, 1);
		const once = play(state, acceptedAction(state, first)).state;
		const second = acceptPlan(once, 0, {before: first.after, after: `${first.after}x`});
		const twice = play(once, acceptedAction(once, second)).state;
		expect(twice.undo.map((entry) => entry.position)).toEqual([1, 0]);
		const asked = play(twice, key('u'));
		expect(asked.effects).toEqual([{kind: 'undo', entry: twice.undo[1]}]);
		const undone = play(twice, {type: 'undone', entry: twice.undo[1]!, source: first.after, steps: twice.steps}).state;
		expect(undone.undo.map((entry) => entry.position)).toEqual([1]);
		expect(undone.source).toBe(first.after);
		expect(undone.cursor).toBe(0);
		expect(undone.notice?.text).toBe('undone: sample.md is as it was before the accept (lines 30–32)');
		const back = play(undone, {type: 'undone', entry: undone.undo[0]!, source: state.source, steps: state.steps}).state;
		expect(back.undo).toEqual([]);
		expect(back.views[1]).toEqual(state.views[1]);
		expect(back.cursor).toBe(1);
	});

	it('o goes through what a wrote, the output and the diff', () => {
		const state = failedTwo();
		const accepted = play(state, acceptedAction(state, acceptPlan(state, 1))).state;
		expect(shownPanel(accepted, accepted.views[1])).toBe('written');
		const output = play(accepted, key('o')).state;
		expect(shownPanel(output, output.views[1])).toBe('output');
		const diff = play(output, key('o')).state;
		expect(shownPanel(diff, diff.views[1])).toBe('diff');
		expect(shownPanel(play(diff, key('o')).state, diff.views[1])).toBe('written');
	});

	it('a refuses what has nothing to write', () => {
		const [state] = init();
		expect(play(state, key('a')).state.notice?.text).toMatch(/run the step first/);
		const passed = play(state, ...ran(state.steps[0]!, 'one\n')).state;
		expect(play(passed, key('a')).state.notice?.text).toMatch(/already matches/);
	});

	it('o toggles between the diff and the output of a mismatch', () => {
		const state = failedTwo();
		expect(state.display).toBe('auto');
		const output = play(state, key('o')).state;
		expect(output.display).toBe('output');
		expect(play(output, key('o')).state.display).toBe('diff');
	});

	it('e opens the editor; the edited command runs once through the gate', () => {
		const [state] = init();
		const editing = play(state, enter, {type: 'gate', position: 0}, ...ran(state.steps[0]!, 'one\n'), {type: 'gate', position: 1}, key('e'));
		expect(editing.effects.at(-1)).toEqual({kind: 'edit', position: 0, command: 'echo one'});
		const edited = play(editing.state, {type: 'edited', position: 0, command: 'echo edited'});
		expect(gateDecisions(edited.effects)).toEqual([{action: 'goto', index: 0}]);
		expect(gateDecisions(play(edited.state, {type: 'gate', position: 0}).effects)).toEqual([{action: 'run', command: 'echo edited'}]);
		const cancelled = play(editing.state, {type: 'edited', position: 0, message: 'the editor exited with status 1: nothing was run'});
		expect(cancelled.effects).toEqual([]);
		expect(cancelled.state.notice?.text).toMatch(/nothing was run/);
	});
});

describe('engine events', () => {
	it('has a handler for every kind of event', () => {
		const [state] = init();
		const step = state.steps[0]!;
		const samples: EventHandlers<EngineEvent> = {
			'run-start': () => ({kind: 'run-start', file: '', runbook: {} as never}),
			'run-error': () => ({kind: 'run-error', file: '', message: 'no docker', code: 'missing-requirement'}),
			'step-start': () => ({kind: 'step-start', step, attempt: 1, phase: 'main', command: step.command}),
			output: () => ({kind: 'output', step, stream: 'stderr', text: 'x'}),
			'step-retry': () => ({kind: 'step-retry', step, attempt: 1, reason: 'not yet', waitMs: 1000}),
			'step-end': () => ({kind: 'step-end', step, phase: 'main', result: {status: 'passed', exitCode: 0, durationMs: 1, output: '', captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false}}),
			'session-restart': () => ({kind: 'session-restart', reason: 'the shell session ended'}),
			'background-stop': () => ({kind: 'background-stop', step}),
			leftover: () => ({kind: 'leftover', leftover: {pid: 1, command: 'sleep 100', step: 'x'}}),
			'run-end': () => ({kind: 'run-end', file: '', report: {file: '', reason: 'passed', counts: {passed: 0, failed: 0, skipped: 0}, steps: [], leftovers: [], durationMs: 0}}),
		};
		for (const kind of Object.keys(samples) as Array<keyof typeof samples>) {
			const sampleEvent = dispatch({kind} as EngineEvent, samples);
			expect(() => reduce(state, {type: 'event', event: sampleEvent, at: 0})).not.toThrow();
		}
		const errored = play(state, event(samples['run-error']({} as never)), event(samples['run-end']({} as never))).state;
		expect(errored.phase).toBe('ended');
		expect(errored.runError).toBe('no docker');
		expect(play(errored, key('q')).effects).toEqual([{kind: 'exit'}]);
	});

	it('shows retries and stopped background steps', () => {
		const [state] = init();
		const step = state.steps[0]!;
		const after = play(state, ...ran(step, '').slice(0, 1), event({kind: 'step-retry', step, attempt: 1, reason: 'output differs', waitMs: 1000}), event({kind: 'background-stop', step})).state;
		expect(after.views[0]?.retry).toEqual({attempt: 1, reason: 'output differs', waitMs: 1000});
		expect(after.stoppedBackgrounds).toEqual(['one']);
		const second = play(after, event({kind: 'step-start', step, attempt: 2, phase: 'main', command: step.command})).state;
		expect(second.views[0]).toMatchObject({state: 'running', attempt: 2, retry: {attempt: 1, reason: 'output differs'}});
	});

	it('an unrunnable runbook ends before anything runs', () => {
		const [state] = init();
		const ended = play(state, {type: 'unrunnable', message: 'required command not found on PATH: `docker`'}).state;
		expect(ended.phase).toBe('ended');
		expect(play(ended, enter).effects).toEqual([{kind: 'exit'}]);
	});
});
