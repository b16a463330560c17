import {existsSync} from 'node:fs';
import {CommanderError, Option, type Command} from 'commander';
import {reporterNames} from '../reporters/names.js';
import {planReports} from '../reporters/targets.js';
import path from 'node:path';
import type {TestOptions, UpdateMode} from '../commands/test.js';
import {exitCodeFor} from '../engine/outcome.js';
import {exitCodes} from '../engine/exit-codes.js';
import type {CliContext} from './context.js';
import type {Grep} from '../select/grep.js';
import type {Shard} from '../select/shard.js';
import {cacheOption, collectEnv, collectSecret, collectTags, durationOption, grepOption, jobsOption, noCacheOption, shardOption} from './options.js';
import {verbHelp} from './help.js';
import {hostFlags, hostOption, sshConfigOption} from './hosts.js';

type TestFlags = {reporter?: string[]; outputFile?: Record<string, string>; env?: Record<string, string>; secret?: string[]; host?: Record<string, string>; sshConfig?: string; bail?: boolean; pipeline?: boolean; update?: boolean; updateNew?: boolean; timeout?: number; tag?: string[]; jobs?: number; watch?: boolean; grep?: Grep; shard?: Shard; section?: string; verbose?: boolean; cache?: boolean};

/** `runbook test`. */
export function registerTest(program: Command, context: CliContext): void {
	program
		.command('test')
		.description('run runbooks unattended and check their output (for CI)')
		.argument('<paths...>', 'runbooks: files, folders (searched for *.md, honouring .gitignore) or quoted globs')
		// Grouped as the help shows them: what runs, how, how it is reported, what is written back.
		.option('-t, --grep <pattern>', 'run only the runbooks whose path or title matches this regular expression (RE2)', grepOption)
		.option('--shard <i/n>', 'run only the i-th of n parts of the selected runbooks, balanced by steps (for a CI matrix)', shardOption)
		.option('--section <heading>', 'run only the steps of this section and its sub-sections (heading text or slug); the others are skipped')
		.option('--tag <tags>', 'run only the steps tagged so (Runme\'s tag= or category=; comma-separated, repeatable)', collectTags)
		.option('--verbose', 'name the files of a folder or glob passed over for having no step (and the size of a --shard)')
		.option(...noCacheOption)
		.option('-j, --jobs <N>', 'run up to N runbooks at once (default: the number of CPUs); `exclusive: true` ones run alone', jobsOption)
		.option('--bail', 'stop a runbook at its first failed step (cleanup steps still run), and start no runbook after it')
		.option('--no-pipeline', 'write each step into the shell only once the one before it ended (default: the steps that follow a step are written while it runs, when nothing has to happen between them; results are the same)')
		.option('--timeout <duration>', 'timeout of steps that set none (default: the runbook\'s, else 5m)', durationOption)
		.option('--env <NAME=VALUE>', 'set a variable for the steps (repeatable)', collectEnv)
		.option('--secret <NAME>', 'mask the value of this variable in all output (repeatable)', collectSecret)
		.option(...hostOption)
		.option(...sshConfigOption)
		.option('--watch', 'run the runbooks, then run each again when it is saved (q or Ctrl-C quits)')
		.addOption(new Option('--reporter <name>', `how to report results: ${reporterNames.join(', ')} (repeatable, each on stdout or in its own file; default: pretty)`).argParser(collectReporter))
		.addOption(new Option('--output-file <reporter=path>', 'spelt --output-file.<reporter>=<path>: write that reporter\'s report to a file, whole at the end, e.g. --output-file.junit=reports/junit.xml (repeatable; default: stdout)').argParser(collectOutputFile))
		.option('--update', 'write the actual output into expected-output blocks that did not match')
		.option('--update-new', 'like --update, and add output blocks to steps that have none (spelt --update=new)')
		.action(async (files: string[], opts: TestFlags) => {
			const update: UpdateMode = opts.updateNew ? 'new' : opts.update ? 'changed' : 'off';
			if (opts.update && files[0] === 'new' && !existsSync('new')) {
				throw new CommanderError(exitCodes.usage, 'runbook.update', '`--update new` reads `new` as a file: write `--update=new`');
			}
			const reports = planReports(opts.reporter ?? [], opts.outputFile ?? {});
			if (opts.watch && update !== 'off') {
				throw new CommanderError(exitCodes.usage, 'runbook.watch', '--watch cannot be used with --update: each write would run the runbook again; run `runbook test --update` once instead');
			}
			const hosts = hostFlags(opts, process.env, context.cwd);
			const {runTests} = await import('../commands/test.js');
			const cache = cacheOption(opts.cache);
			// Under --watch, each run is of one file the selection below resolved: -t and --shard are not applied again.
			const test = (selected: readonly string[], select = true, watching: Pick<TestOptions, 'runValid' | 'onRunbook'> = {}) =>
				runTests({
					...watching,
					files: selected,
					reports,
					env: opts.env ?? {},
					secrets: opts.secret ?? [],
					...hosts,
					bail: opts.bail ?? false,
					pipeline: opts.pipeline ?? true,
					update,
					...(opts.timeout === undefined ? {} : {timeoutMs: opts.timeout}),
					...(opts.tag ? {tags: opts.tag} : {}),
					...(opts.jobs === undefined ? {} : {jobs: opts.jobs}),
					...(opts.grep && select ? {grep: opts.grep} : {}),
					...(opts.shard && select ? {shard: opts.shard} : {}),
					...(opts.section === undefined ? {} : {section: opts.section}),
					verbose: opts.verbose ?? false,
					cache,
					out: context.out,
					err: context.err,
					cwd: context.cwd,
				});
			if (!opts.watch) return context.exit(await test(files));
			const [{watchTests}, {selectFiles}] = await Promise.all([import('../commands/watch.js'), import('../commands/select-files.js')]);
			const {selected} = await selectFiles(files, {cwd: context.cwd, grep: opts.grep, shard: opts.shard, err: context.err, verbose: opts.verbose ?? false, cache, runHosts: Object.keys(hosts.hosts ?? {})});
			const watched = selected.map((one) => (one.ok ? one.loaded.shown : one.given));
			// Each round is one `runbook test` of the saved runbooks: one report, -j as given, a broken one beside the others.
			const run = async (batch: readonly string[]) => {
				const codes = new Map<string, number>();
				await test(batch, false, {runValid: true, onRunbook: (file, reason) => codes.set(file, exitCodeFor([reason]))});
				return new Map(batch.map((shown) => [shown, codes.get(path.resolve(context.cwd, shown)) ?? exitCodes.couldNotRun]));
			};
			context.exit(await watchTests({files: watched, run, out: context.out, err: context.err, cwd: context.cwd, ...(process.stdin.isTTY ? {keys: process.stdin} : {})}));
		})
		.addHelpText('after', verbHelp('test'));
}

/** `--reporter NAME`, repeatable: the names in the order given (checked by `planReports`). */
function collectReporter(value: string, previous: readonly string[] = []): string[] {
	return [...previous, value];
}

/** `--output-file.NAME=PATH`, which `normaliseArgv` hands over as `NAME=PATH`: the files so far, with this one. Exit 2 when one is given twice. */
function collectOutputFile(value: string, previous: Readonly<Record<string, string>> = {}): Record<string, string> {
	const equals = value.indexOf('=');
	const name = equals < 0 ? '' : value.slice(0, equals);
	if (name === '') throw new CommanderError(exitCodes.usage, 'runbook.output-file', `--output-file takes .REPORTER=PATH, such as --output-file.junit=junit.xml, not \`${value}\``);
	if (Object.hasOwn(previous, name)) throw new CommanderError(exitCodes.usage, 'runbook.output-file', `--output-file.${name} is given twice`);
	return {...previous, [name]: value.slice(equals + 1)};
}
