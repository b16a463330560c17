// Shared helpers of the benchmark: paths, running commands, formatting, and
// paired timing (tools interleaved run by run, each run measured by hyperfine).

import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const root = path.dirname(benchDir);
export const work = path.join(benchDir, '.work');
/** The build under test: dist/ of this checkout, or BENCH_DIST (another build's dist/, e.g. of an older commit). */
export const runbookBin = path.join(process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(root, 'dist'), 'bin.js');
export const txmBin = path.join(root, 'node_modules', 'txm', 'src', 'cli.js');

/**
 * The folder the benchmark gives runbook as `XDG_CACHE_HOME` (never the user's own cache): a
 * parse cache, if the build has one, lives in `runbook/` under it (the project's fixed name).
 */
export const cacheHome = path.join(work, 'cache');
export const runbookCache = path.join(cacheHome, 'runbook');

/** The environment of every command the benchmark runs: no colour, no CI mode, the private cache. */
export const benchEnv = {...process.env, XDG_CACHE_HOME: cacheHome, NO_COLOR: '1'};
delete benchEnv.FORCE_COLOR;
delete benchEnv.CI;

/** Print a message on stderr and exit 1 (a setup fault: nothing would be worth timing). */
export function fail(message) {
	process.stderr.write(`bench: ${message}\n`);
	process.exit(1);
}

/** The path of a command on PATH, or '' when there is none. */
export function which(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], {encoding: 'utf8'}).stdout.trim();
}

/** The first match of `pattern` in what `command args` prints (stdout then stderr), or '?'. */
export function version(command, args, pattern = /\S.*/) {
	const result = spawnSync(command, args, {encoding: 'utf8'});
	const text = `${result.stdout ?? ''}${result.stderr ?? ''}`;
	return (text.match(pattern) ?? ['?'])[0].trim();
}

/** POSIX shell quoting of one word (left bare when it needs none). */
export const shellQuote = (text) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** An argv as one command line, paths shown relative to the repository root. */
export const commandLine = (argv) => argv.map(shellQuote).join(' ').split(`${root}/`).join('');

export const rel = (file) => path.relative(root, file);

/** Run argv in bench/.work with the benchmark's environment; spawnSync's result (text). */
export function run(argv, options = {}) {
	return spawnSync(argv[0], argv.slice(1), {encoding: 'utf8', cwd: work, env: benchEnv, maxBuffer: 512 * 1024 * 1024, ...options});
}

export const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Sample standard deviation (n - 1), 0 for fewer than two values. */
export function stddev(values) {
	if (values.length < 2) return 0;
	const m = mean(values);
	return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1));
}

/** Seconds as milliseconds below 10 s, seconds above. */
export function fmtTime(seconds) {
	return seconds < 10 ? `${(seconds * 1000).toFixed(seconds < 0.1 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`;
}

/** Mean ± σ of seconds, in one unit. */
export function fmtMeanSd(m, sd) {
	if (m < 10) return `${(m * 1000).toFixed(m < 0.1 ? 1 : 0)} ± ${(sd * 1000).toFixed(m < 0.1 ? 1 : 0)} ms`;
	return `${m.toFixed(2)} ± ${sd.toFixed(2)} s`;
}

/**
 * Time several commands paired: `rounds` hyperfine invocations of `--runs 1`, each running every
 * command once, in an order rotated round by round, after `warmup` rounds that are not counted.
 * hyperfine alone runs all the runs of one command before the next command's, so a burst of other
 * work on the machine would fall on one tool only; here the tools alternate run by run.
 *
 * `commands`: [{name, argv, prepare?: argv}] (prepare runs before each run, untimed).
 * With `rssDir`, each command runs under GNU `/usr/bin/time -f %M` and its peak RSS (the largest
 * process of its tree, kB) is read back per run. Returns {name: {wall, cpu, user, system, rssKb,
 * exitCodes}} (arrays of per-run seconds / kB / codes) and the hyperfine command line of one round.
 */
export function pairedRuns(label, commands, {rounds, warmup, rssDir, allowFailure = false}) {
	const dir = rssDir ?? path.join(work, 'hyperfine');
	mkdirSync(dir, {recursive: true});
	const json = path.join(dir, `${label}.json`);
	const rssFile = (name) => path.join(dir, `${label}-${name.replace(/\W+/g, '_')}.rss`);
	const wrapped = commands.map((command) => ({
		...command,
		argv: rssDir ? ['/usr/bin/time', '-f', '%M', '-a', '-o', rssFile(command.name), ...command.argv] : command.argv,
	}));
	const argsFor = (order) => {
		const args = ['--runs', '1', '--style', 'none', '--shell=none', '--export-json', json];
		if (allowFailure) args.push('--ignore-failure');
		if (order.some((command) => command.prepare)) for (const command of order) args.push('--prepare', commandLine(command.prepare ?? ['true']));
		for (const command of order) args.push('--command-name', command.name, commandLine(command.argv));
		return args;
	};
	const results = Object.fromEntries(commands.map((command) => [command.name, {wall: [], user: [], system: [], cpu: [], rssKb: [], exitCodes: []}]));
	for (const command of commands) rmSync(rssFile(command.name), {force: true});
	for (let round = 0; round < warmup + rounds; round++) {
		const shift = round % wrapped.length;
		const order = [...wrapped.slice(shift), ...wrapped.slice(0, shift)];
		const result = spawnSync('hyperfine', argsFor(order), {cwd: root, env: benchEnv, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'});
		if (result.status !== 0) fail(`hyperfine failed for ${label} (exit ${result.status}): ${result.stderr}`);
		process.stdout.write(`  ${label}: ${round < warmup ? 'warm-up' : 'round'} ${round < warmup ? round + 1 : round - warmup + 1}/${round < warmup ? warmup : rounds}\r`);
		if (round < warmup) continue;
		for (const entry of JSON.parse(readFileSync(json, 'utf8')).results) {
			const into = results[entry.command];
			into.wall.push(entry.times[0]);
			into.user.push(entry.user);
			into.system.push(entry.system);
			into.cpu.push(entry.user + entry.system);
			into.exitCodes.push(entry.exit_codes?.[0]);
		}
	}
	process.stdout.write('\n');
	if (rssDir) {
		for (const command of commands) {
			// One line per run (GNU time appends), warm-up rounds first: keep the counted ones.
			const lines = readFileSync(rssFile(command.name), 'utf8').split('\n').filter((line) => /^\d+$/.test(line.trim()));
			results[command.name].rssKb = lines.slice(warmup).map(Number);
		}
	}
	const example = ['hyperfine', ...argsFor(wrapped)].map(shellQuote).join(' ').split(`${root}/`).join('');
	return {results, command: example};
}

/** Mean and σ of a measure (wall, cpu) of one command's runs. */
export const stats = (values) => ({mean: mean(values), sd: stddev(values)});
