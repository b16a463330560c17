/**
 * `runbook test`'s pipelining (src/engine/pipeline.ts): the steps that follow
 * a step are written into the shell while it runs, and every run gives the
 * results `--no-pipeline` gives. Each test here is about one boundary of a
 * batch (where the engine acts between two steps) or one thing that must
 * stay exact inside a batch; each checks what the step sees, and that the
 * JSON report is the one of a run step by step (test/pipeline/same-results.mjs).
 */
import {existsSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {differences} from '../pipeline/same-results.mjs';
import {docFolder, killStarted, removeCopies, runbook, started, until} from './cli.js';

type StepJson = {name: string; status: string; exitCode: number | null; output: string; message: string | null; captures: Record<string, string>; timedOut: boolean};
type ReportJson = {runbooks: Array<{reason: string; steps: StepJson[]}>};

afterEach(() => {
	killStarted();
	removeCopies();
});

const folder = docFolder;

/** Run doc.md in `dir` as `runbook test --reporter json` (with `args`), from a clean log file. */
function run(dir: string, args: readonly string[] = []): ReportJson {
	rmSync(path.join(dir, 'log'), {force: true});
	const ran = runbook(['test', '--reporter', 'json', ...args, 'doc.md'], {cwd: dir});
	expect(ran.stderr).not.toContain('internal error');
	return JSON.parse(ran.stdout) as ReportJson;
}

/** Run doc.md pipelined and step by step: the pipelined report, once it is shown to be the same as the other. */
function bothWays(dir: string, args: readonly string[] = []): {report: ReportJson; steps: StepJson[]; log: string} {
	const stepByStep = run(dir, ['--no-pipeline', ...args]);
	const report = run(dir, args);
	const logFile = path.join(dir, 'log');
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
	expect(differences([stepByStep], report)).toEqual([]);
	return {report, steps: report.runbooks[0]?.steps ?? [], log};
}

const block = (command: string, attributes = '') => `\`\`\`sh${attributes ? ` {${attributes}}` : ''}\n${command}\n\`\`\`\n\n`;
const output = (text: string) => `\`\`\`output\n${text}\n\`\`\`\n\n`;
const doc = (...parts: string[]) => `# Pipelining\n\n${parts.join('')}`;

describe('runbook test writes steps ahead, with the results of a run step by step', () => {
	it('a capture reaches the next step: the batch ends after a step with captures', () => {
		const dir = folder(doc(block('echo "id: ab12"'), output('id: {{id}}'), block('echo "got $id" | tee -a log'), output('got ab12')));
		const {steps, log} = bothWays(dir);
		expect(steps.map((step) => [step.status, step.output])).toEqual([
			['passed', 'id: ab12\n'],
			['passed', 'got ab12\n'],
		]);
		// Once, and with the value: not begun before the value was set.
		expect(log).toBe('got ab12\n');
	});

	it('a retry runs again before the next step begins', () => {
		// The first attempt fails; the second passes; the next step comes after both.
		const dir = folder(doc(block('echo one >> log'), block('echo retry >> log; [ "$(grep -c retry log)" -ge 2 ]', 'retry=1m every=0s'), block('echo after >> log; cat log'), output('one\nretry\nretry\nafter')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'passed', 'passed']);
	});

	it('a required step that fails stops the run: the steps after it never begin', () => {
		const dir = folder(doc(block('echo one >> log'), block('false', 'required'), block('echo two >> log'), block('echo three >> log')));
		const {steps, log} = bothWays(dir);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'failed', 'skipped', 'skipped']);
		expect(log).toBe('one\n');
	});

	it('--bail: a failed step stops the run, the steps after it never begin', () => {
		const dir = folder(doc(block('echo one >> log'), block('false'), block('echo two >> log'), block('echo three >> log')));
		const {steps, log} = bothWays(dir, ['--bail']);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'failed', 'skipped', 'skipped']);
		expect(log).toBe('one\n');
	});

	it('a cleanup step in the middle of the document runs at the end, not in the batch', () => {
		const dir = folder(doc(block('echo one >> log'), block('echo cleanup >> log', 'cleanup'), block('echo two >> log; cat log'), output('one\ntwo')));
		const {steps, log} = bothWays(dir);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'passed', 'passed']);
		expect(log).toBe('one\ntwo\ncleanup\n');
	});

	it('a background step runs in the background, after the steps before it', () => {
		const dir = folder(doc(block('echo one >> log'), block('echo ready; echo background >> log; exec sleep 600', 'background ready=/ready/'), block('echo two >> log; cat log'), output('one\nbackground\ntwo')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'passed', 'passed']);
	});

	it('an interactive step is not written into the shell (test skips it)', () => {
		const dir = folder(doc(block('echo one >> log'), block('echo interactive >> log', 'interactive'), block('echo two >> log; cat log'), output('one\ntwo')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'skipped', 'passed']);
	});

	it('a cwd= step runs in its folder and the next step is back where it was', () => {
		const dir = folder(doc(block('mkdir -p sub; echo one'), block('basename "$PWD" | tee -a "$LOG"', 'cwd=sub'), output('sub'), block('test -d sub && echo back'), output('back')));
		const {steps, log} = bothWays(dir, ['--env', `LOG=${path.join(dir, 'log')}`]);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'passed', 'passed']);
		// Once, and there: not begun in the session's folder before it was entered.
		expect(log).toBe('sub\n');
	});

	it('an interpreter= step runs through its interpreter, once', () => {
		// In the session, $0 is the shell's name; in the script file that `sh` runs, the file's path.
		const dir = folder(doc(block('echo one'), block('case $0 in */script-*) echo script >> log;; *) echo session >> log;; esac; cat log', 'interpreter=sh'), output('script'), block('echo two'), output('two')));
		const {steps, log} = bothWays(dir);
		expect(steps.map((step) => [step.status, step.output])).toEqual([
			['passed', 'one\n'],
			['passed', 'script\n'],
			['passed', 'two\n'],
		]);
		expect(log).toBe('script\n');
	});

	it('state carries over inside a batch: a cd, a variable, a function, set -e that ends the shell', () => {
		const dir = folder(doc(block('mkdir -p there; cd there; X=1; f() { echo "f$X"; }'), block('basename "$PWD"; f'), output('there\nf1'), block('set -e; false'), block('echo "new session: [$X]"'), output('new session: []')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'passed', 'failed', 'passed']);
		expect(steps[2]?.message).toContain('ended the shell session');
	});

	it('a step that ends the shell: the steps written after it run in a new session', () => {
		const dir = folder(doc(block('X=kept; echo one'), block('exit 3'), block('echo "two [$X]"'), output('two []'), block('echo three'), output('three')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => [step.status, step.exitCode])).toEqual([
			['passed', 0],
			['failed', 3],
			['passed', 0],
			['passed', 0],
		]);
	});

	it('a step that reads stdin gets nothing and leaves the steps written after it alone', () => {
		const dir = folder(doc(block('cat; read -r line; echo "read [$line] $?"'), output('read [] 1'), block('echo two'), output('two'), block('echo three'), output('three')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => [step.status, step.output])).toEqual([
			['passed', 'read [] 1\n'],
			['passed', 'two\n'],
			['passed', 'three\n'],
		]);
	});

	it('a step\'s timeout runs from its start, not from when it was written', () => {
		// The first step outlasts the second's timeout: counted from its writing, the second would time out.
		const dir = folder(doc(block('sleep 2; echo one'), block('echo two', 'timeout=1s'), output('two')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => [step.status, step.timedOut])).toEqual([
			['passed', false],
			['passed', false],
		]);
	});

	it('a step that times out in a batch is stopped, and the steps written after it run', () => {
		const dir = folder(doc(block('echo one'), block('sleep 600', 'timeout=1s'), block('echo two'), output('two')));
		const {steps} = bothWays(dir);
		expect(steps.map((step) => [step.status, step.timedOut])).toEqual([
			['passed', false],
			['failed', true],
			['passed', false],
		]);
	});

	it('SIGINT during a batch: no step written after the one under way begins', async () => {
		const text = doc(block('echo one >> log'), block('echo waiting > started; sleep 600'), block('echo two >> log'), block('echo three >> log'), block('echo cleanup >> log', 'cleanup'));
		const interrupted = async (args: readonly string[]) => {
			const dir = folder(text);
			const cli = started(['test', '--reporter', 'json', ...args, 'doc.md'], dir);
			await until(() => existsSync(path.join(dir, 'started')));
			cli.child.kill('SIGINT');
			expect(await cli.exited).toBe(130);
			return {report: JSON.parse(cli.output.stdout) as ReportJson, log: readFileSync(path.join(dir, 'log'), 'utf8')};
		};
		const stepByStep = await interrupted(['--no-pipeline']);
		const pipelined = await interrupted([]);
		expect(pipelined.log).toBe('one\ncleanup\n');
		expect(pipelined.report.runbooks[0]?.steps.map((step) => step.status)).toEqual(['passed', 'failed', 'skipped', 'skipped', 'passed']);
		expect(differences([stepByStep.report], pipelined.report)).toEqual([]);
	});
});
