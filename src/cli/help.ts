import {exitCodes} from '../engine/exit-codes.js';
import {signalExitStatus} from '../engine/outcome.js';
import {keysLabel, playerKeys} from '../ui/key-table.js';

/** The verbs of the command line. */
export type Verb = 'list' | 'check' | 'test' | 'play';

type Row = readonly [code: string, meaning: string];

const usage = 'bad usage (an unknown option, a bad value)';
const internal: Row = [String(exitCodes.internal), 'internal error: a bug in runbook (RUNBOOK_DEBUG=1 shows the stack)'];
const signals: Row = [`${signalExitStatus('SIGINT')}, ${signalExitStatus('SIGTERM')}`, 'interrupted by ctrl-c (SIGINT) or SIGTERM: 128 + the signal\'s number'];

/** Each verb's exit codes, read from exit-codes.ts. */
const exitRows: Record<Verb, readonly Row[]> = {
	list: [
		[String(exitCodes.passed), 'the outline (or the JSON) was printed'],
		[String(exitCodes.couldNotRun), `the runbook has errors or is missing, or ${usage}`],
		internal,
	],
	check: [
		[String(exitCodes.passed), 'no errors (warnings are allowed)'],
		[String(exitCodes.couldNotRun), `errors were found or a file is missing, or ${usage}`],
		internal,
	],
	test: [
		[String(exitCodes.passed), 'every step passed'],
		[String(exitCodes.failed), 'a step failed'],
		[String(exitCodes.couldNotRun), `a runbook could not run (errors in it, a missing file) or ${usage}`],
		signals,
		internal,
	],
	play: [
		[String(exitCodes.passed), 'every step that ran passed'],
		[String(exitCodes.failed), 'a step failed'],
		[String(exitCodes.couldNotRun), `the runbook could not run (errors in it, a missing file) or ${usage}`],
		[String(signalExitStatus('SIGINT')), 'quit with q or ctrl-c before the end (as SIGINT does)'],
		internal,
	],
};

const examples: Record<Verb, readonly string[]> = {
	list: ['runbook list tour.md   # a shipped runbook, found in runbooks/', 'runbook list docs/deploy.md --json'],
	check: ['runbook check docs/*.md', 'runbook check docs/deploy.md && runbook test docs/deploy.md', 'runbook check docs/fleet.md --host node3=root@10.0.0.3   # node3 is known too'],
	test: [
		'runbook test docs/deploy.md --env HOST=staging --secret TOKEN',
		'runbook test docs/ --reporter pretty --reporter junit --output-file.junit=reports/junit.xml',
		'runbook test docs/ --shard 2/3   # the 2nd part of 3, on the 2nd CI machine',
		'runbook test docs/fleet.md --host node2=local --ssh-config lab/ssh_config   # node2\'s steps on this machine',
	],
	play: ['runbook play tour.md   # the tour of runbook itself', 'runbook play docs/deploy.md --section Rollback --from 2', 'runbook play docs/deploy.md --auto'],
};

/** The width help text is wrapped to, as commander wraps the options. */
const columns = 80;

/** Two columns, the right one wrapped at word boundaries under itself. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
	const width = Math.max(...rows.map(([left]) => left.length)) + 2;
	const room = Math.max(20, columns - 2 - width);
	return rows.flatMap(([left, right]) => {
		const lines: string[] = [];
		for (const word of right.split(' ')) {
			const last = lines.at(-1);
			if (last !== undefined && last.length + 1 + word.length <= room) lines[lines.length - 1] = `${last} ${word}`;
			else lines.push(word);
		}
		return lines.map((line, index) => `  ${(index === 0 ? left : '').padEnd(width)}${line}`);
	});
}

/**
 * The text `runbook VERB --help` prints after the options (commander's
 * `addHelpText('after', …)`): the exit codes, examples and, for `play`, the
 * player's keys (from the table the `?` overlay shows).
 */
export function verbHelp(verb: Verb): string {
	const lines = ['', 'Exit codes:', ...table(exitRows[verb]), '', 'Examples:', ...examples[verb].map((example) => `  $ ${example}`)];
	if (verb === 'play') lines.push('', 'Keys (while the runbook plays; ? shows them in the player):', ...table(playerKeys.map((entry) => [keysLabel(entry), entry.what] as const)));
	return `${lines.join('\n')}\n`;
}
