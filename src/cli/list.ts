import type {Command} from 'commander';
import type {Grep} from '../select/grep.js';
import type {Shard} from '../select/shard.js';
import type {CliContext} from './context.js';
import {verbHelp} from './help.js';
import {cacheOption, grepOption, noCacheOption, shardOption} from './options.js';
import {hostFlags, hostOption, sshConfigOption} from './hosts.js';

type ListFlags = {json?: boolean; grep?: Grep; shard?: Shard; verbose?: boolean; cache?: boolean; host?: Record<string, string>; sshConfig?: string};

/** `runbook list`. */
export function registerList(program: Command, context: CliContext): void {
	program
		.command('list')
		.description('show the steps of runbooks, under their sections')
		.argument('<paths...>', 'runbooks: files (looked up in runbooks/ when not found as given), folders (searched for *.md) or quoted globs')
		.option('--json', 'print the parsed model as JSON (an array unless the one path is a file)')
		.option('-t, --grep <pattern>', 'only runbooks whose path or title matches this regular expression (RE2)', grepOption)
		.option('--shard <i/n>', 'only the i-th of n parts, as `runbook test --shard` splits them', shardOption)
		.option('--verbose', 'name the files of a folder or glob passed over for having no step (and the size of a --shard)')
		.option(...hostOption)
		.option(...sshConfigOption)
		.option(...noCacheOption)
		.action(async (paths: string[], opts: ListFlags) => {
			const {hosts} = hostFlags(opts, process.env, context.cwd);
			// Each command loads only what it needs: `list` and `check` never load the engine.
			const {runList} = await import('../commands/list.js');
			context.exit(
				await runList(paths, {
					json: opts.json ?? false,
					...(opts.grep ? {grep: opts.grep} : {}),
					...(opts.shard ? {shard: opts.shard} : {}),
					verbose: opts.verbose ?? false,
					cache: cacheOption(opts.cache),
					runHosts: Object.keys(hosts ?? {}),
					out: context.out,
					err: context.err,
					cwd: context.cwd,
				}),
			);
		})
		.addHelpText('after', verbHelp('list'));
}
