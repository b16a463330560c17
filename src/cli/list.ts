import type {Command} from 'commander';
import type {CliContext} from './context.js';
import {verbHelp} from './help.js';

/** `runbook list`. */
export function registerList(program: Command, context: CliContext): void {
	program
		.command('list')
		.description('show the steps of a runbook, under their sections')
		.argument('<file>', 'the runbook (looked up in runbooks/ when not found as given)')
		.option('--json', 'print the parsed model as JSON')
		.action(async (file: string, opts: {json?: boolean}) => {
			// Each command loads only what it needs: `list` and `check` never load the engine.
			const {runList} = await import('../commands/list.js');
			context.exit(runList(file, opts.json ?? false, context.out, context.err, context.cwd));
		})
		.addHelpText('after', verbHelp('list'));
}
