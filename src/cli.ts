import {Command, CommanderError} from 'commander';
import {exitCodes} from './engine/exit-codes.js';
import {isUserError} from './errors.js';
import {visibleLine} from './match/visible.js';
import {registerCheck} from './cli/check.js';
import type {CliContext} from './cli/context.js';
import {registerList} from './cli/list.js';
import {registerPlay} from './cli/play.js';
import {registerTest} from './cli/test.js';
import {version} from './version.js';

/**
 * Spellings commander cannot parse, made ones it can (up to a `--`):
 *
 * - `--update=new` is spelt as one word so that `--update FILE` never eats the file;
 * - `--output-file.junit=PATH` and `--output-file.junit PATH` (vitest's
 *   `--outputFile.junit`, in kebab case; commander reads no dotted option)
 *   become `--output-file junit=PATH`; in the spaced form, a next word that
 *   starts with `-` is an option, not the path (`=PATH` takes any name).
 */
export function normaliseArgv(argv: readonly string[]): string[] {
	const result: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') {
			result.push(...argv.slice(i));
			break;
		}
		const dotted = /^--output-file\.([^=]*)(?:=(.*))?$/s.exec(arg);
		if (dotted) {
			const [, reporter, inline] = dotted;
			// The spaced form never takes an option as its path: `--output-file.junit --verbose` lacks one.
			const next = argv[i + 1];
			const value = inline ?? (next === undefined || (next.startsWith('-') && next !== '-') ? undefined : next);
			if (inline === undefined && value !== undefined) i++;
			result.push('--output-file', `${reporter}=${value ?? ''}`);
			continue;
		}
		result.push(arg === '--update=new' ? '--update-new' : arg === '--update=changed' ? '--update' : arg);
	}
	return result;
}

/** Parse argv, run the command, return the exit code. The only reader of process.argv. */
export async function main(argv: readonly string[]): Promise<number> {
	let code = 0;
	const out = process.stdout;
	const err = process.stderr;
	const context: CliContext = {out, err, cwd: process.cwd(), exit: (value) => (code = value)};
	const program = new Command('runbook')
		.description('Make plain Markdown notes executable: run their shell blocks and check what they print.')
		.version(version)
		.exitOverride()
		.showHelpAfterError('(run `runbook --help` for usage)')
		.configureOutput({writeErr: (text) => err.write(text), writeOut: (text) => out.write(text)});
	registerList(program, context);
	registerCheck(program, context);
	registerTest(program, context);
	registerPlay(program, context);

	try {
		await program.parseAsync(normaliseArgv(argv), {from: 'user'});
		return code;
	} catch (error) {
		if (error instanceof CommanderError) {
			if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return exitCodes.passed;
			if (error.code.startsWith('runbook.')) err.write(`runbook: ${visibleLine(error.message)}\n`);
			return exitCodes.usage;
		}
		if (isUserError(error)) {
			err.write(`runbook: ${visibleLine(error.message)}\n`);
			return exitCodes.usage;
		}
		const message = error instanceof Error ? error.message : String(error);
		err.write(`runbook: internal error: ${visibleLine(message)}\n(this is a bug in runbook; set RUNBOOK_DEBUG=1 for details)\n`);
		if (process.env.RUNBOOK_DEBUG && error instanceof Error) err.write(`${error.stack ?? ''}\n`);
		return exitCodes.internal;
	}
}
