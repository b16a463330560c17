import type {Step} from '../../model.js';
import {describeExit, exitMatches} from '../evaluate.js';
import type {StepResult} from '../events.js';
import {failedResult, passedResult, skippedResult} from '../results.js';
import {stepCookie} from '../shells.js';
import type {StepContext} from './context.js';
import type {Launch} from './launch.js';

export type InteractiveRunner = (step: Step, context: {command: string; cwd: string; env: Record<string, string>}) => Promise<number | null>;

/** A step that needs a terminal: the front end runs it there, in the session's folder, with the run's environment. */
export async function runInteractive(step: Step, launch: Launch, context: StepContext, runner: InteractiveRunner | undefined): Promise<StepResult> {
	if (!runner) return skippedResult('needs a terminal (interactive): run it with `runbook play`');
	const session = await context.session();
	const cwd = launch.cwd ?? (await session.currentDirectory());
	context.emit({kind: 'step-start', step, attempt: 1, phase: context.phase, command: launch.text});
	const started = Date.now();
	const exitCode = await runner(step, {command: launch.line, cwd, env: {...context.env, [stepCookie]: context.cookieOf(step)}});
	const durationMs = Date.now() - started;
	const exit = step.attributes.exit;
	if (exitMatches(exit, exitCode)) return passedResult({exitCode, durationMs});
	return failedResult(`exit status ${exitCode ?? 'unknown'}, expected ${describeExit(exit)}`, {exitCode, durationMs});
}
