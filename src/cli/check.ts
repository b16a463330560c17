import type {Command} from 'commander';
import type {CliContext} from './context.js';
import {verbHelp} from './help.js';

/** `runbook check`. */
export function registerCheck(program: Command, context: CliContext): void {
	program
		.command('check')
		.description('report every authoring mistake as FILE:LINE:COL: message [rule]')
		.argument('<files...>', 'runbooks to check')
		.action(async (files: string[]) => {
			const {runCheck} = await import('../commands/check.js');
			context.exit(runCheck(files, context.out, context.err, context.cwd));
		})
		.addHelpText('after', verbHelp('check'));
}
