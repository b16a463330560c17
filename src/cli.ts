import {existsSync} from 'node:fs';
import {Command, CommanderError, Option} from 'commander';
import {isUserError} from './errors.js';
import {maxDurationText, parseDuration} from './parse/duration.js';
import {splitTags} from './parse/runme.js';
import {isReporterName, reporters} from './reporters/index.js';
import type {UpdateMode} from './commands/test.js';
import {visibleLine} from './match/visible.js';

const version = '0.1.0';

function collectEnv(value: string, previous: Record<string, string>): Record<string, string> {
	const equals = value.indexOf('=');
	if (equals <= 0 || !/^[A-Za-z_]\w*$/.test(value.slice(0, equals))) {
		throw new CommanderError(2, 'runbook.env', `--env takes NAME=VALUE, not \`${value}\``);
	}
	return {...previous, [value.slice(0, equals)]: value.slice(equals + 1)};
}

function collectSecret(value: string, previous: readonly string[]): string[] {
	if (!/^[A-Za-z_]\w*$/.test(value)) throw new CommanderError(2, 'runbook.secret', `--secret takes a variable's NAME, not \`${value}\``);
	return [...previous, value];
}

function collectTags(value: string, previous: string[]): string[] {
	const tags = splitTags(value);
	if (tags.length === 0) throw new CommanderError(2, 'runbook.tag', `--tag takes tag names, such as build or build,deploy, not \`${value}\``);
	return [...previous, ...tags];
}

function durationOption(value: string): number {
	const ms = parseDuration(value);
	if (typeof ms === 'number') return ms;
	const expected = ms.error === 'too-long' ? maxDurationText : 'a duration such as 30s or 2m';
	throw new CommanderError(2, 'runbook.timeout', `--timeout takes ${expected}, not \`${value}\``);
}

/** `--update=new` is spelt as one word so that `--update FILE` never eats the file. */
function normaliseArgv(argv: readonly string[]): string[] {
	return argv.map((arg) => (arg === '--update=new' ? '--update-new' : arg === '--update=changed' ? '--update' : arg));
}

/** Parse argv, run the command, return the exit code. The only reader of process.argv. */
export async function main(argv: readonly string[]): Promise<number> {
	let code = 0;
	const out = process.stdout;
	const err = process.stderr;
	const cwd = process.cwd();
	const program = new Command('runbook')
		.description('Make plain Markdown notes executable: run their shell blocks and check what they print.')
		.version(version)
		.exitOverride()
		.showHelpAfterError('(run `runbook --help` for usage)')
		.configureOutput({writeErr: (text) => err.write(text), writeOut: (text) => out.write(text)});

	program
		.command('list')
		.description('show the steps of a runbook, under their sections')
		.argument('<file>', 'the runbook (looked up in runbooks/ when not found as given)')
		.option('--json', 'print the parsed model as JSON')
		.action(async (file: string, opts: {json?: boolean}) => {
			// Each command loads only what it needs: `list` and `check` never load the engine.
			const {runList} = await import('./commands/list.js');
			code = runList(file, opts.json ?? false, out, err, cwd);
		});

	program
		.command('check')
		.description('report every authoring mistake as FILE:LINE:COL: message [rule]')
		.argument('<files...>', 'runbooks to check')
		.action(async (files: string[]) => {
			const {runCheck} = await import('./commands/check.js');
			code = runCheck(files, out, err, cwd);
		});

	program
		.command('test')
		.description('run runbooks unattended and check their output (for CI)')
		.argument('<files...>', 'runbooks to run')
		.addOption(new Option('--reporter <name>', 'how to report results').choices(Object.keys(reporters)).default('pretty'))
		.option('--env <NAME=VALUE>', 'set a variable for the steps (repeatable)', collectEnv, {})
		.option('--secret <NAME>', 'mask the value of this variable in all output (repeatable)', collectSecret, [])
		.option('--bail', 'stop at the first failed step (cleanup steps still run)')
		.option('--update', 'write the actual output into expected-output blocks that did not match')
		.option('--update-new', 'like --update, and add output blocks to steps that have none (spelt --update=new)')
		.option('--timeout <duration>', 'timeout of steps that set none (default: the runbook\'s, else 5m)', durationOption)
		.option('--tag <tags>', 'run only the steps tagged so (Runme\'s tag= or category=; comma-separated, repeatable)', collectTags, [])
		.action(async (files: string[], opts: {reporter: string; env: Record<string, string>; secret: string[]; bail?: boolean; update?: boolean; updateNew?: boolean; timeout?: number; tag: string[]}) => {
			const update: UpdateMode = opts.updateNew ? 'new' : opts.update ? 'changed' : 'off';
			if (opts.update && files[0] === 'new' && !existsSync('new')) {
				throw new CommanderError(2, 'runbook.update', '`--update new` reads `new` as a file: write `--update=new`');
			}
			if (!isReporterName(opts.reporter)) throw new CommanderError(2, 'runbook.reporter', `unknown reporter ${opts.reporter}`);
			const {runTests} = await import('./commands/test.js');
			code = await runTests({
				files,
				reporter: opts.reporter,
				env: opts.env,
				secrets: opts.secret,
				bail: opts.bail ?? false,
				update,
				...(opts.timeout === undefined ? {} : {timeoutMs: opts.timeout}),
				...(opts.tag.length > 0 ? {tags: opts.tag} : {}),
				out,
				err,
				cwd,
			});
		});

	program
		.command('play')
		.description('step through a runbook in the terminal: read, run, compare, accept')
		.argument('<file>', 'the runbook (looked up in runbooks/ when not found as given)')
		.option('--auto', 'run every step, as `c` does, and stay open at the end')
		.option('--from <step>', 'start at this step (name or number)')
		.option('--section <heading>', 'play only this section and its sub-sections (heading text or slug)')
		.option('--env <NAME=VALUE>', 'set a variable for the steps (repeatable)', collectEnv, {})
		.option('--secret <NAME>', 'mask the value of this variable in all output (repeatable)', collectSecret, [])
		.option('-y, --yes', 'ask for no confirmations')
		.option('--timeout <duration>', 'timeout of steps that set none', durationOption)
		.action(async (file: string, opts: {auto?: boolean; from?: string; section?: string; env: Record<string, string>; secret: string[]; yes?: boolean; timeout?: number}) => {
			const {runPlay} = await import('./commands/play.js');
			code = await runPlay({
				file,
				auto: opts.auto ?? false,
				...(opts.from === undefined ? {} : {from: opts.from}),
				...(opts.section === undefined ? {} : {section: opts.section}),
				env: opts.env,
				secrets: opts.secret,
				yes: opts.yes ?? false,
				...(opts.timeout === undefined ? {} : {timeoutMs: opts.timeout}),
				out,
				err,
				cwd,
			});
		});

	try {
		await program.parseAsync(normaliseArgv(argv), {from: 'user'});
		return code;
	} catch (error) {
		if (error instanceof CommanderError) {
			if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
			if (error.code.startsWith('runbook.')) err.write(`runbook: ${visibleLine(error.message)}\n`);
			return 2;
		}
		if (isUserError(error)) {
			err.write(`runbook: ${visibleLine(error.message)}\n`);
			return 2;
		}
		const message = error instanceof Error ? error.message : String(error);
		err.write(`runbook: internal error: ${visibleLine(message)}\n(this is a bug in runbook; set RUNBOOK_DEBUG=1 for details)\n`);
		if (process.env.RUNBOOK_DEBUG && error instanceof Error) err.write(`${error.stack ?? ''}\n`);
		return 70;
	}
}
