import {setFlagsFromString} from 'node:v8';

/**
 * V8's tier-up budget, raised from its default (132 KB of bytecode executed
 * before a function is considered for optimising) to 1 MB: a run of
 * `runbook` is short, and most of its CPU went to compiling optimised code for
 * the Markdown parser that the run then barely used. Measured on the bench's
 * 500-step suite: a first parse 280 → 145 ms of CPU, `runbook test` 0.83 →
 * 0.68 s of CPU; `check` of a 4 MB document 4.8 → 4.2 s. It changes only
 * when code is optimised, never what it does.
 *
 * Set only on the V8 line this was measured on (11.x, Node 20): a V8 that did
 * not know the flag would print an error for it. Turned off with
 * `RUNBOOK_V8_DEFAULTS=1`, to compare.
 */
export function raiseTierUpBudget(): void {
	if (process.env.RUNBOOK_V8_DEFAULTS === '1') return;
	if (process.versions.v8.split('.')[0] !== '11') return;
	setFlagsFromString('--interrupt-budget=1048576');
}

raiseTierUpBudget();
