import path from 'node:path';
import {readyRegex} from '../../match/regex.js';
import {formatDuration} from '../../parse/duration.js';
import type {Step} from '../../model.js';
import type {StepResult} from '../events.js';
import {failedResult, interruptedMessage, passedResult} from '../results.js';
import type {StepContext} from './context.js';
import {followLog} from './follow-log.js';

export type Background = {readonly step: Step; readonly pid: number};

/** Start a `background` step and wait for its `ready=` line, if it has one. */
export async function runBackground(step: Step, command: string, context: StepContext, started: (background: Background) => void): Promise<StepResult> {
	const session = await context.session();
	const startedAt = Date.now();
	context.emit({kind: 'step-start', step, attempt: 1, phase: context.phase, command});
	const log = path.join(context.workDir, `background-${step.index}.log`);
	const statusFile = `${log}.status`;
	// The status file says the step ended; the log's folder is watched for it.
	const wrapped = `{ ${command}\n} ; echo $? > '${statusFile.replace(/'/g, `'\\''`)}'`;
	const background = await session.startBackground(wrapped, log, {stderr: step.attributes.stderr, cookie: context.cookieOf(step), ...(step.attributes.detach ? {detach: true} : {})});
	if (background === undefined) return failedResult('the background step could not be started', {durationMs: Date.now() - startedAt});
	const {pid, reader} = background;
	started({step, pid});
	const ready = step.attributes.ready === undefined ? undefined : readyRegex(step.attributes.ready, step.attributes.readyFlags ?? '');
	const timeoutMs = context.timeoutOf(step);
	const followed = await followLog({
		log,
		statusFile,
		pid,
		ready,
		timeoutMs,
		reader,
		onText: (text) => context.emit({kind: 'output', step, stream: 'stdout', text}),
		stopped: AbortSignal.any([context.stopped, context.interrupted]),
	});
	const durationMs = Date.now() - startedAt;
	const output = followed.text;
	switch (followed.outcome) {
		case 'ready':
			return passedResult({output, durationMs});
		case 'exited':
			return failedResult(`the background step ended before its output matched ready=/${step.attributes.ready}/`, {output, durationMs});
		case 'timeout':
			return failedResult(`timed out after ${formatDuration(timeoutMs)} waiting for ready=/${step.attributes.ready}/`, {output, durationMs, timedOut: true});
		case 'stopped':
			return failedResult(interruptedMessage, {output, durationMs, interrupted: true});
	}
}
