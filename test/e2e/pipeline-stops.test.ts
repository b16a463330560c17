/**
 * `runbook test`'s pipelining when a step is stopped (a timeout) as the shell
 * is at a step boundary: the run ends, and every step has the result it can
 * have step by step (`--no-pipeline`). The runs are real: the built CLI, a
 * real shell, real signals. Where the verdict of a step depends on the clock
 * (a step that takes about as long as its timeout), the tests check what
 * holds either way, in both modes.
 */
import {spawnSync} from 'node:child_process';
import {randomInt} from 'node:crypto';
import {afterEach, describe, expect, it} from 'vitest';
import {docFolder, killStarted, removeCopies, started} from './cli.js';

type StepJson = {name: string; status: string; exitCode: number | null; output: string; message: string | null; timedOut: boolean};
type ReportJson = {runbooks: Array<{reason: string; steps: StepJson[]; leftovers: Array<{command: string; step?: string}>}>};

afterEach(() => {
	killStarted();
	removeCopies();
});

const folder = docFolder;

/** `runbook test --reporter json` on doc.md, with `args`, to its end (a run that never ends fails the test by its timeout). */
async function report(dir: string, args: readonly string[]): Promise<ReportJson> {
	const cli = started(['test', '--reporter', 'json', ...args, 'doc.md'], dir);
	await cli.exited;
	expect(cli.output.stderr).not.toContain('internal error');
	return JSON.parse(cli.output.stdout) as ReportJson;
}

const block = (command: string, attributes = '') => `\`\`\`sh${attributes ? ` {${attributes}}` : ''}\n${command}\n\`\`\`\n\n`;

/** A hang is the failure these tests look for: it shows as this timeout (four runs of the CLI take about 25 s here). */
const hangTimeoutMs = 120_000;

describe('runbook test, pipelined, when a stop lands on a step boundary', () => {
	it(
		'a timeout as long as its step: the run ends, and each step has a result it has step by step',
		async () => {
			// Each x step takes about its timeout: the engine's SIGINT often comes once the shell has left it and reads the next line.
			const pairs = Array.from({length: 60}, (_, index) => index + 1);
			const dir = folder(`# Race\n\n${pairs.map((n) => block(`sleep 0.099; echo x${n}`, 'timeout=100ms') + block(`echo y${n}`)).join('')}`);
			for (const args of [['--no-pipeline'], []]) {
				const steps = (await report(dir, args)).runbooks[0]?.steps ?? [];
				expect(steps.map((step) => step.name)).toEqual(pairs.flatMap((n) => [`race-${2 * n - 1}`, `race-${2 * n}`]));
				for (const [index, step] of steps.entries()) {
					const n = Math.floor(index / 2) + 1;
					if (index % 2 === 1) {
						// Every y step runs, once, with its own output: no stop of the x before it reaches it.
						expect([step.status, step.exitCode, step.output, step.timedOut], `${args.join(' ')} ${step.name}`).toEqual(['passed', 0, `y${n}\n`, false]);
					} else if (step.status === 'passed') {
						expect([step.exitCode, step.output], `${args.join(' ')} ${step.name}`).toEqual([0, `x${n}\n`]);
					} else {
						// Stopped by its own timeout only: the SIGINT of another step's timeout never reaches it.
						expect([step.timedOut, step.message], `${args.join(' ')} ${step.name}`).toEqual([true, 'timed out after 100ms']);
						// Its own output, or what of it came before the SIGINT (bash's echo can be cut between its writes).
						expect(`x${n}\n`.startsWith(step.output), `${args.join(' ')} ${step.name}: ${JSON.stringify(step.output)}`).toBe(true);
					}
				}
			}
		},
		hangTimeoutMs,
	);

	it(
		'a step that times out stops its own processes only, not those the steps before it left running',
		async () => {
			// Durations of this test's own: pgrep sees these daemons and no other run's.
			const [first, second] = [`300.${randomInt(1e6)}`, `301.${randomInt(1e6)}`];
			const alive = (duration: string) => `pgrep -f "^sleep ${duration}$" >/dev/null && echo alive || echo dead`;
			const dir = folder(
				`# Daemons\n\n${[
					block('echo a'),
					block(`( sleep ${first} & ) ; echo started`),
					block('sleep 1'),
					block('sleep 5', 'timeout=1s'),
					// Started just before a step that times out: within the start times' slack of it.
					block(`( sleep ${second} & ) ; echo started`),
					block('sleep 5', 'timeout=1s'),
					block(`${alive(first)}; ${alive(second)}`),
					'```output\nalive\nalive\n```\n\n',
				].join('')}`,
			);
			try {
				for (const args of [['--no-pipeline'], []]) {
					const run = (await report(dir, args)).runbooks[0];
					expect(run?.steps.map((step) => [step.status, step.timedOut, step.output]), args.join(' ')).toEqual([
						['passed', false, 'a\n'],
						['passed', false, 'started\n'],
						['passed', false, ''],
						['failed', true, ''],
						['passed', false, 'started\n'],
						['failed', true, ''],
						['passed', false, 'alive\nalive\n'],
					]);
					// Still running at the end: named, with the step that started them, and stopped.
					expect(run?.leftovers.map((leftover) => [leftover.command, leftover.step]).sort(), args.join(' ')).toEqual([
						[`sleep ${first}`, 'daemons-2'],
						[`sleep ${second}`, 'daemons-5'],
					]);
				}
			} finally {
				const found = spawnSync('pgrep', ['-f', `^sleep (${first}|${second})$`], {encoding: 'utf8'}).stdout;
				for (const pid of found.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
			}
		},
		hangTimeoutMs,
	);
});
