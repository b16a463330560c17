import {accessSync, constants} from 'node:fs';
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
