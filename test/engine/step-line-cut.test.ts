/**
 * A SIGINT can make the shell drop the part of a step line it has read and
 * run the rest as a line of its own (src/engine/shells.ts). Whatever the cut,
 * the rest must be a whole line to the shell's parser: an error or a
 * command, never the start of a string or construct that would take the
 * lines written after it as its continuation (the session would wait for
 * input forever). Checked with each shell's own parser (`-n`).
 */
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {shells} from '../../src/engine/shells.js';

const files = {step: '/tmp/runbook test/session-1/step-7.sh', stop: '/tmp/runbook test/session-1/step-7.stop'};
const program = {bash: 'bash', sh: 'dash', zsh: 'zsh'} as const;

describe.each(['bash', 'sh', 'zsh'] as const)('the %s step line, cut anywhere', (shell) => {
	it('leaves a rest that never waits for more input', () => {
		const line = shells[shell].stepLine('0123456789abcdef01234567', files, 'ab12/3', 'merge', false);
		const open: string[] = [];
		for (let cut = 0; cut < line.length; cut++) {
			const rest = line.slice(cut);
			// A construct or string left open would read the lines after it as its own: at the end of the input, the parser says so.
			const parsed = spawnSync(program[shell], ['-n'], {input: `${rest}\n`, encoding: 'utf8'});
			if (/unexpected end of file|unmatched|unterminated|end of file/i.test(parsed.stderr)) open.push(rest);
		}
		expect(open).toEqual([]);
	});
});
