import {readyRegex} from '../../match/regex.js';
import {formatDuration} from '../../parse/duration.js';
import type {Step} from '../../model.js';
import type {StepResult} from '../events.js';
import {failedResult, interruptedMessage, passedResult} from '../results.js';
import type {StepContext} from './context.js';
import {followLog} from './follow-log.js';
import type {Launch} from './launch.js';
import {shellQuote as quote} from '../shells.js';

/** A background step that started: its pid (on its host), and how it is stopped when not as a local process (`end-of-run.ts`). */
export type Background = {readonly step: Step; readonly pid: number; readonly host?: string; readonly stop?: (graceMs: number) => Promise<void>};

/**
 * Start a `background` step and wait for its `ready=` line, if it has one.
 * Its later output keeps coming as `output` events (after its `step-end`)
 * until it ends or the run does.
 */
export async function runBackground(step: Step, launch: Launch, context: StepContext, started: (background: Background) => void): Promise<StepResult> {
	const session = await context.session();
	const startedAt = Date.now();
	context.emit({kind: 'step-start', step, attempt: 1, phase: context.phase, command: launch.text});
	const files = session.backgroundFiles(step.index, context.workDir);
	// It runs in a subshell of its own: `cwd=` is a `cd` there, which the session never sees.
	const command = launch.cwd === undefined ? launch.line : `cd -- ${quote(session.folderOf(launch.cwd))} || exit\n${launch.line}`;
	// The status file says the step ended; the log's folder is watched for it.
	const wrapped = `{ ${command}\n} ; echo $? > ${quote(files.statusFile)}`;
	const background = await session.startBackground(wrapped, files, {stderr: step.attributes.stderr, cookie: context.cookieOf(step), ...(step.attributes.detach ? {detach: true} : {})});
	if (background === undefined) return failedResult('the background step could not be started', {durationMs: Date.now() - startedAt});
	const {pid, reader, follow, host, stop} = background;
	started({step, pid, ...(host === undefined ? {} : {host}), ...(stop ? {stop} : {})});
	const ready = step.attributes.ready === undefined ? undefined : readyRegex(step.attributes.ready, step.attributes.readyFlags ?? '');
	const timeoutMs = context.timeoutOf(step);
	const mask = context.secrets.stream();
	const followed = await followLog({
		...follow,
		ready,
		timeoutMs,
		reader,
		onText: (text) => {
			const shown = mask.push(text);
			if (shown) context.emit({kind: 'output', step, stream: 'stdout', text: shown});
		},
		stopped: AbortSignal.any([context.stopped, context.interrupted]),
		// Its output goes on coming after ready, for the player's log view.
		follow: context.logsFollowed,
	});
	const durationMs = Date.now() - startedAt;
	const rest = mask.end();
	if (rest) context.emit({kind: 'output', step, stream: 'stdout', text: rest});
	const output = context.secrets.mask(followed.text);
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
