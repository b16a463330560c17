import {describe, expect, it} from 'vitest';
import {summaryLine} from '../../src/engine/outcome.js';
import {exitCode} from '../../src/ui/state.js';
import {summaryText} from '../../src/ui/summary.js';
import {acceptedAction, acceptPlan, enter, init, key, play, ran, runEnd} from './helpers.js';

describe('the summary after the player leaves', () => {
	it('draws the engine report: could not run, its error, the totals line of `runbook test`', () => {
		const [state] = init();
		const error = {code: 'missing-requirement', message: 'required command not found on PATH: `docker`; nothing was run'};
		const ended = play(state, {type: 'unrunnable', message: 'required command not found on PATH: `docker`; nothing can run'}, runEnd(state, 'could-not-run', {error})).state;
		expect(exitCode(ended)).toBe(2);
		expect(summaryText(ended, 61_000)).toBe(['runbook play sample.md: could not run (1:01)', '  ✗ sample.md: required command not found on PATH: `docker`; nothing was run', '0 passed, 0 failed, 5 skipped', ''].join('\n'));
	});

	it('an accepted step failed in this run: exit 1, and it says what was written', () => {
		const [state] = init();
		const ran2 = play(state, key('n'), enter, {type: 'gate', position: 0}, {type: 'gate', position: 1}, ...ran(state.steps[1]!, '1\n2\n3\n')).state;
		const accepted = play(ran2, acceptedAction(ran2, acceptPlan(ran2, 1))).state;
		const tidy = state.steps[4]!;
		const leftover = {pid: 4242, command: 'sleep 1000', step: 'two'};
		const ended = play(accepted, key('q'), ...ran(tidy, 'tidy\n'));
		const last = play(ended.state, runEnd(ended.state, 'interrupted', {leftovers: [leftover]}));
		expect(last.effects).toEqual([{kind: 'exit'}]);
		expect(exitCode(last.state)).toBe(130);
		expect(summaryText(last.state, 0)).toBe(
			[
				'runbook play sample.md: interrupted (0:00)',
				'  ✎ 2. two: failed; its actual output was written to sample.md',
				'  ✓ 5. tidy (cleanup)',
				'  ⚠ left running: pid 4242 `sleep 1000` (started by step two), stopped at the end; add a cleanup step that stops it',
				'  1 accepted: their new expected output is in sample.md',
				summaryLine({passed: 1, failed: 1, skipped: 3}),
				'',
			].join('\n'),
		);
	});

	it('quitting before anything ran: nothing was run, exit 130 (143 for SIGTERM)', () => {
		const [state] = init();
		const left = play(state, key('q')).state;
		expect(summaryText(left, 0)).toBe('runbook play sample.md: interrupted (0:00)\nnothing was run\n');
		expect(exitCode(left)).toBe(130);
		expect(exitCode(left, 'SIGTERM')).toBe(143);
	});
});
