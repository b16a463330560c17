import type {Command} from 'commander';
import type {CliContext} from './context.js';
import {cacheOption, collectEnv, collectSecret, durationOption, noCacheOption} from './options.js';
import {verbHelp} from './help.js';
import {hostFlags, hostOption, sshConfigOption} from './hosts.js';

type PlayFlags = {auto?: boolean; from?: string; section?: string; env?: Record<string, string>; secret?: string[]; host?: Record<string, string>; sshConfig?: string; yes?: boolean; timeout?: number; cache?: boolean};

/** `runbook play`. */
export function registerPlay(program: Command, context: CliContext): void {
	program
		.command('play')
		.description('step through a runbook in the terminal: read, run, compare, accept')
		.argument('<file>', 'the runbook (looked up in runbooks/ when not found as given)')
		.option('--auto', 'run every step, as `c` does, and stay open at the end')
		.option('--from <step>', 'start at this step (name or number)')
		.option('--section <heading>', 'play only this section and its sub-sections (heading text or slug)')
		.option('--env <NAME=VALUE>', 'set a variable for the steps (repeatable)', collectEnv)
		.option('--secret <NAME>', 'mask the value of this variable in all output (repeatable)', collectSecret)
		.option(...hostOption)
		.option(...sshConfigOption)
		.option('-y, --yes', 'ask for no confirmations')
		.option('--timeout <duration>', 'timeout of steps that set none', durationOption)
		.option(...noCacheOption)
		.action(async (file: string, opts: PlayFlags) => {
			const hosts = hostFlags(opts, process.env, context.cwd);
			const {runPlay} = await import('../commands/play.js');
			context.exit(
				await runPlay({
					file,
					auto: opts.auto ?? false,
					...(opts.from === undefined ? {} : {from: opts.from}),
					...(opts.section === undefined ? {} : {section: opts.section}),
					env: opts.env ?? {},
					secrets: opts.secret ?? [],
					...hosts,
					yes: opts.yes ?? false,
					...(opts.timeout === undefined ? {} : {timeoutMs: opts.timeout}),
					cache: cacheOption(opts.cache),
					out: context.out,
					err: context.err,
					cwd: context.cwd,
				}),
			);
		})
		.addHelpText('after', verbHelp('play'));
}
