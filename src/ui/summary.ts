import {clock} from './panes/format.js';
import {counts, type PlayState} from './state.js';

/** What stays on the normal screen after the player leaves: the counts, what failed, what the cleanup did. */
export function summaryText(state: PlayState, now: number): string {
	const tally = counts(state);
	const name = state.file.split('/').pop() ?? state.file;
	const parts = [`${tally.passed} passed`, `${tally.failed} failed`, `${tally.skipped + countPending(state)} skipped`];
	if (tally.accepted > 0) parts.push(`${tally.accepted} accepted`);
	const lines = [`runbook play ${name}: ${parts.join(', ')} (${clock(now - state.startedAt)})`];
	if (state.runError) lines.push(`  ✗ ${state.runError}`);
	state.views.forEach((view, position) => {
		const step = state.steps[position];
		if (!step) return;
		if (view.state === 'failed') lines.push(`  ✗ ${position + 1}. ${step.name}${view.phase === 'cleanup' ? ' (cleanup)' : ''}: ${view.result?.message ?? 'failed'}`);
		else if (view.state === 'accepted') lines.push(`  ✎ ${position + 1}. ${step.name}: expected output written to ${name}`);
		else if (view.phase === 'cleanup' && view.state === 'passed') lines.push(`  ✓ ${position + 1}. ${step.name} (cleanup)`);
	});
	for (const background of state.stoppedBackgrounds) lines.push(`  ■ stopped background step ${background}`);
	return `${lines.join('\n')}\n`;
}

function countPending(state: PlayState): number {
	return state.views.filter((view) => view.state === 'pending').length;
}
