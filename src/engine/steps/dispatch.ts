import type {ShellName, Step} from '../../model.js';
import type {StepResult} from '../events.js';
import {failedResult} from '../results.js';
import {runBackground, type Background} from './background.js';
import type {StepContext} from './context.js';
import {runForeground} from './foreground.js';
import {runInteractive, type InteractiveRunner} from './interactive.js';
import {prepareLaunch} from './launch.js';

export type DispatchOptions = {
	/** The run's working folder, which a step's `cwd=` is relative to. */
	readonly startDir: string;
	/** The session's shell, which an `interpreter=` naming it runs in. */
	readonly shell: ShellName;
	/** Runs an `interactive` step on the real terminal; without it they are skipped. */
	readonly interactive: InteractiveRunner | undefined;
	/** Told of each background step that started. */
	readonly started: (background: Background) => void;
	/** The step runs on a remote host (`launch.ts`: its `cwd=` and script are the host's). */
	readonly remote?: boolean;
};

/**
 * Run one step as its kind says: prepared first (`launch.ts`: `cwd=`,
 * `interpreter=`), then on the terminal (`interactive`), in the background
 * (`background`), or in the session's foreground.
 */
export async function dispatchStep(step: Step, command: string, context: StepContext, options: DispatchOptions): Promise<StepResult> {
	const launch = prepareLaunch(step, command, {workDir: context.workDir, startDir: options.startDir, shell: options.shell, remote: options.remote ?? false});
	if ('error' in launch) return failedResult(launch.error);
	if (step.attributes.interactive) {
		if (options.remote) return failedResult('an interactive step runs on local only: a remote host has no terminal here');
		return runInteractive(step, launch, context, options.interactive);
	}
	if (step.attributes.background) return runBackground(step, launch, context, options.started);
	return runForeground(step, launch, context);
}
