import {accessSync, constants, existsSync, statSync} from 'node:fs';
import path from 'node:path';

/**
 * The steps' environment. Precedence, lowest first: the runbook's `env`, the
 * caller's environment, `--env K=V`. `TERM=dumb` and `NO_COLOR=1` unless the
 * runbook or `--env` sets them.
 */
export function stepEnvironment(
	runbookEnv: Readonly<Record<string, string>>,
	callerEnv: Readonly<Record<string, string | undefined>>,
	overrides: Readonly<Record<string, string>>,
): Record<string, string> {
	const env: Record<string, string> = {...runbookEnv};
	for (const [key, value] of Object.entries(callerEnv)) if (value !== undefined) env[key] = value;
	Object.assign(env, overrides);
	for (const [key, value] of Object.entries({TERM: 'dumb', NO_COLOR: '1'})) {
		if (!(key in runbookEnv) && !(key in overrides)) env[key] = value;
	}
	// Not a terminal's colour settings: the steps print to a pipe.
	delete env.FORCE_COLOR;
	return env;
}

/** The commands of `requires:` that are not on PATH. */
export function missingCommands(requires: readonly string[], pathVariable: string | undefined): string[] {
	const dirs = (pathVariable ?? '').split(path.delimiter).filter(Boolean);
	return requires.filter((command) => {
		if (command.includes('/')) return !isExecutable(command);
		return !dirs.some((dir) => isExecutable(path.join(dir, command)));
	});
}

function isExecutable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/**
 * Why a runbook cannot run here, checked before any step: its shell or a
 * `requires:` command missing from PATH, or its working folder missing.
 */
export function whyUnrunnable(shell: string, requires: readonly string[], cwd: string, pathVariable: string | undefined): {code: string; message: string} | undefined {
	if (missingCommands([shell], pathVariable).length > 0) {
		return {code: 'missing-shell', message: shell.includes('/') ? `the runbook's shell \`${shell}\` is not an executable file` : `the runbook's shell \`${shell}\` is not on PATH`};
	}
	const missing = missingCommands(requires, pathVariable);
	if (missing.length > 0) {
		const list = missing.map((command) => `\`${command}\``).join(', ');
		return {code: 'missing-requirement', message: `required command${missing.length > 1 ? 's' : ''} not found on PATH: ${list}`};
	}
	if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
		return {code: 'missing-cwd', message: `working folder ${cwd} does not exist`};
	}
	return undefined;
}
