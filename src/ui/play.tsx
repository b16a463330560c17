/**
 * `runbook play FILE`: the interactive player. Loaded lazily by the CLI when
 * stdout is a terminal. The first frame needs only the state and the panes
 * (pure functions to lines), so it is drawn before Ink and React load (half
 * a second here); the engine loads after that, the updater on `a`.
 */
import {UserError} from '../errors.js';
import type {Runbook} from '../model.js';
import {PlayController} from './controller.js';
import {screenLines} from './panes/screen.js';
import {selectSteps} from './select.js';
import {initialState} from './state.js';
import {summaryText} from './summary.js';
import {ScreenHost} from './terminal.js';
import {ansiLine} from './text/ansi.js';

export type PlayOptions = {
	file: string;
	source: string;
	runbook: Runbook;
	env: Record<string, string>;
	/** `--secret NAME`: variables whose values are masked. */
	secrets?: readonly string[];
	/** `--host` over `RUNBOOK_HOSTS`, and `--ssh-config` (absolute): `RunOptions.hosts` / `RunOptions.sshConfig`. */
	hosts?: Readonly<Record<string, string>>;
	sshConfig?: string;
	timeoutMs?: number;
	auto: boolean;
	from?: string;
	section?: string;
	yes: boolean;
};

/**
 * Play a runbook on the terminal; resolves to the exit code once the cleanup
 * steps ran and the terminal is restored: `exitCodeFor` over the engine's
 * report, as `runbook test` (0 passed, 1 failed, 2 could not run, 130 quit
 * before the end, 128+N for a signal).
 *
 * @example
 * const code = await play({file, source, runbook, env: {}, auto: false, yes: false});
 */
export async function play(options: PlayOptions): Promise<number> {
	const selection = selectSteps(options.runbook, {from: options.from, section: options.section});
	const {stdin, stdout} = process;
	if (!stdin.isTTY) throw new UserError('no-terminal', 'play reads keys from a terminal, and stdin is not one: `runbook test` runs a runbook without one');
	const [state, effects] = initialState({
		file: options.file,
		source: options.source,
		runbook: options.runbook,
		selection,
		env: options.env,
		callerEnv: process.env,
		secrets: options.secrets ?? [],
		auto: options.auto,
		yes: options.yes,
		now: Date.now(),
		columns: stdout.columns || 80,
		rows: stdout.rows || 24,
	});
	const host = new ScreenHost(stdout, stdin, () => controller.dispatch({type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24}));
	const controller = new PlayController(state, {file: options.file, runbook: options.runbook, timeoutMs: options.timeoutMs, env: options.env, secrets: options.secrets ?? [], hosts: options.hosts, sshConfig: options.sshConfig, host});
	// Ctrl-C reaches the player as a key; while an editor or an interactive step
	// has the terminal, its SIGINT is theirs, never the player's.
	const ignore = () => {};
	const quit = (signal: NodeJS.Signals) => controller.signal(signal);
	process.on('SIGINT', ignore);
	process.on('SIGTERM', quit);
	process.on('SIGHUP', quit);
	// A terminal closed under the player (SIGHUP) fails its writes: the cleanup must still run.
	stdout.on('error', ignore);
	let code: number;
	try {
		host.open(screenLines(state, Date.now()).map(ansiLine).join('\n'));
		const {mount} = await import('./mount.js');
		host.attach(() => mount(controller, stdout, stdin), (error) => controller.crash(error));
		controller.begin(effects);
		code = await controller.finished;
	} finally {
		await host.close();
		process.off('SIGINT', ignore);
		process.off('SIGTERM', quit);
		process.off('SIGHUP', quit);
		stdout.off('error', ignore);
	}
	stdout.write(summaryText(controller.getState(), Date.now()));
	return code;
}
