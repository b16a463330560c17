import {setTimeout as delay} from 'node:timers/promises';
import {formatDuration} from '../../parse/duration.js';
import type {Step} from '../../model.js';
import {evaluateStep} from '../evaluate.js';
import type {StepResult} from '../events.js';
import {OutputMatchStream} from '../../match/stream-match.js';
import {keptOutputChars, OutputBuffer} from '../output-buffer.js';
import {failedResult, interruptedMessage} from '../results.js';
import type {Session} from '../session.js';
import type {StepContext} from './context.js';
import type {Launch} from './launch.js';

/** A step in the foreground of the session, run again under `retry=` until it passes or time is up. */
export async function runForeground(step: Step, launch: Launch, context: StepContext): Promise<StepResult> {
	const started = Date.now();
	const retryMs = step.attributes.retryMs;
	for (let attempt = 1; ; attempt++) {
		const result = await attemptOnce(step, launch, context, attempt);
		const elapsed = Date.now() - started;
		const retryable = !result.interrupted && !context.stopped.aborted;
		if (result.status === 'passed' || retryMs === undefined || !retryable || elapsed + step.attributes.everyMs > retryMs) {
			if (result.status === 'failed' && retryMs !== undefined && attempt > 1) {
				return {...result, durationMs: elapsed, message: `${result.message ?? 'failed'} (after ${attempt} attempts in ${formatDuration(elapsed)})`};
			}
			return {...result, durationMs: elapsed};
		}
		context.emit({kind: 'step-retry', step, attempt, reason: result.message ?? 'failed', waitMs: step.attributes.everyMs});
		try {
			await delay(step.attributes.everyMs, undefined, {signal: context.stopped});
		} catch {
			return result;
		}
	}
}

async function attemptOnce(step: Step, launch: Launch, context: StepContext, attempt: number): Promise<StepResult> {
	const notBegun = () => failedResult(`${interruptedMessage} before it started`, {interrupted: true, attempts: attempt});
	// A line written ahead that the shell began before the stop is the step under way: its result is taken.
	const begun = context.begun === true && attempt === 1;
	if (context.stopped.aborted && !begun) return notBegun();
	const session = await context.session();
	// Stopped or interrupted before it began (while the shell started): the step does not begin.
	if ((context.stopped.aborted || context.takeInterrupt()) && !begun) return notBegun();
	context.emit({kind: 'step-start', step, attempt, phase: context.phase, command: launch.text});
	// `cwd=`: the step runs there, and the session comes back to its folder after it.
	const refused = launch.cwd === undefined ? undefined : await session.enter(session.folderOf(launch.cwd));
	if (refused !== undefined) return failedResult(`cwd=${step.attributes.cwd ?? ''}: ${refused}`, {attempts: attempt});
	try {
		return await runIn(session, step, launch, context, attempt);
	} finally {
		if (launch.cwd !== undefined) await session.leave();
	}
}

async function runIn(session: Session, step: Step, launch: Launch, context: StepContext, attempt: number): Promise<StepResult> {
	const expected = step.expected;
	// An output too large to hold whole is compared as it is printed.
	const follow = expected ? () => new OutputMatchStream(expected.text, {patterns: expected.patterns, ansi: step.attributes.ansi, bound: new Map(context.bound)}, 2 * keptOutputChars) : undefined;
	const output = new OutputBuffer(follow);
	const stderr = step.attributes.stderr === 'separate' ? new OutputBuffer() : undefined;
	const timeoutMs = context.timeoutOf(step);
	const attemptStart = Date.now();
	const masks = {stdout: context.secrets.stream(), stderr: context.secrets.stream()};
	const take = (stream: 'stdout' | 'stderr', text: string) => {
		if (text === '') return;
		(stream === 'stderr' && stderr ? stderr : output).append(text);
		context.emit({kind: 'output', step, stream, text});
	};
	const ahead = attempt === 1 && launch.cwd === undefined ? context.ahead(step) : [];
	const run = await session.run(launch.line, {
		stderr: step.attributes.stderr,
		timeoutMs,
		graceMs: context.graceOf(step),
		cookie: context.cookieOf(step),
		...(step.attributes.detach ? {detach: true} : {}),
		onOutput: (stream, text) => take(stream, masks[stream].push(text)),
	}, ahead);
	take('stdout', masks.stdout.end());
	take('stderr', masks.stderr.end());
	// The run was killed under the step: it was stopped, not a step that ended its shell.
	const killedRun = context.stopped.aborted && run.shellExit !== undefined;
	const observed = {
		run: killedRun ? {...run, interrupted: true} : run,
		killedRun,
		output: output.text(),
		...(stderr ? {stderr: stderr.text()} : {}),
		cut: output.cut || (stderr?.cut ?? false),
		...(output.follower ? {match: output.follower.end()} : {}),
		durationMs: Date.now() - attemptStart,
		attempts: attempt,
		timeoutMs,
	};
	return evaluateStep(step, observed, context.bound);
}
