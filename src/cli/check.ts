import type {Command} from 'commander';
import type {CliContext} from './context.js';
import {verbHelp} from './help.js';
import {cacheOption, noCacheOption} from './options.js';
import {hostFlags, hostOption, sshConfigOption} from './hosts.js';

/** `runbook check`. */
export function registerCheck(program: Command, context: CliContext): void {
	program
		.command('check')
		.description('report every authoring mistake as FILE:LINE:COL: message [rule]')
		.argument('<paths...>', 'runbooks: files, folders (searched for *.md) or quoted globs')
		.option('--verbose', 'name the files of a folder or glob passed over for having no step')
		.option(...hostOption)
		.option(...sshConfigOption)
		.option(...noCacheOption)
		.action(async (paths: string[], opts: {verbose?: boolean; cache?: boolean; host?: Record<string, string>; sshConfig?: string}) => {
			const {hosts} = hostFlags(opts, process.env, context.cwd);
			const {runCheck} = await import('../commands/check.js');
			context.exit(await runCheck(paths, {out: context.out, err: context.err, cwd: context.cwd, verbose: opts.verbose ?? false, cache: cacheOption(opts.cache), runHosts: Object.keys(hosts ?? {})}));
		})
		.addHelpText('after', verbHelp('check'));
}
