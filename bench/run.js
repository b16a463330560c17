#!/usr/bin/env node
// Benchmark of issue 12's measures, in one run: `runbook test` paired with
// cram, txm and a bash script on suites of N steps (first run, and a second
// run when the build has a parse cache), the player's first frame, `runbook
// check` from 100 KB to 4 MB, a step printing 1 GB, a 100,000-line diff; then
// matching (bench/matching.js) and parallel files (bench/parallel.js).
//
// `npm run build && npm run bench` prints one table (each measure, its target,
// the figure, met or missed by how much) and the figures behind it, and
// rewrites bench/README.md between the results markers. It is a benchmark, not
// a test: a missed target is reported, not fatal; a suite a tool does not pass
// is fatal, and a measure whose run gives a wrong result is reported as an
// error in its row, never as a time. Knobs: see "How to rerun" in bench/README.md.

import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {generateDocuments} from './documents.js';
import {bigStep, hugeDiff} from './large.js';
import {benchDir, fail, mean, pairedRuns, rel, run, runbookBin, runbookCache, stats, txmBin, version, which, work} from './lib.js';
import {matchingBench, matchingReport} from './matching.js';
import {parallelBench, parallelReport} from './parallel.js';
import {timeToFirstFrame} from './player.js';
import {curveDetail, headlineRows, suitesDetail, table} from './report.js';
import {checkSuites, firstStepText, generateSuites, toolCommands} from './suites.js';

const knob = (name, fallback) => Number(process.env[name] ?? fallback);
const sizes = (process.env.BENCH_SIZES ?? '1,100,500').split(',').map(Number);
const knobs = {
	runs: knob('BENCH_RUNS', 10),
	warmup: knob('BENCH_WARMUP', 1),
	checkRuns: knob('BENCH_CHECK_RUNS', 3),
	bigMb: knob('BENCH_BIG_MB', 1000),
	bigRuns: knob('BENCH_BIG_RUNS', 3),
	diffLines: knob('BENCH_DIFF_LINES', 100_000),
	diffRuns: knob('BENCH_DIFF_RUNS', 5),
	playRuns: knob('BENCH_PLAY_RUNS', 5),
	extras: process.env.BENCH_EXTRAS !== '0',
};
const readme = path.join(benchDir, 'README.md');
const loadBefore = os.loadavg()[0].toFixed(2);
const clearCache = ['rm', '-rf', runbookCache];

/** Whether this build has a parse cache: `runbook test --help` offers `--no-cache` (the project's fixed name). */
function hasCache() {
	return /--no-cache\b/.test(run(['node', runbookBin, 'test', '--help']).stdout);
}

const summarize = (entry) => ({wall: stats(entry.wall), cpu: stats(entry.cpu), rssMb: Math.max(...entry.rssKb) / 1024});

/** The paired rounds of every N; with a cache, N=500 also times a second run of the unchanged file. */
function timeSuites(suites, cache) {
	const timings = {};
	const commands = [];
	for (const n of sizes) {
		const tools = toolCommands(suites[n]);
		const list = [{name: 'runbook', argv: tools.runbook, ...(cache.present ? {prepare: clearCache} : {})}];
		if (cache.present && n === 500) {
			run(tools.runbook); // fills the cache: the cached runs never start cold
			list.push({name: 'runbook (cached)', argv: tools.runbook});
		}
		list.push({name: 'cram', argv: tools.cram}, {name: 'txm', argv: tools.txm}, {name: 'bash', argv: tools.bash});
		const {results, command} = pairedRuns(`suite-${n}`, list, {rounds: knobs.runs, warmup: knobs.warmup, rssDir: path.join(work, 'rss')});
		timings[n] = Object.fromEntries(Object.entries(results).map(([name, entry]) => [name, summarize(entry)]));
		commands.push(command);
		if (cache.present && n === 500) cache.written = existsSync(runbookCache) && readdirSync(runbookCache).length > 0;
	}
	return {timings, commands};
}

/** `runbook check` on each document of the curve, all sizes interleaved, under GNU time. */
function timeCurve(documents, cache) {
	const list = documents.map((doc) => ({name: doc.name, argv: ['node', runbookBin, 'check', doc.file], ...(cache.present ? {prepare: clearCache} : {})}));
	const {results, command} = pairedRuns('check', list, {rounds: knobs.checkRuns, warmup: 0, rssDir: path.join(work, 'rss'), allowFailure: true});
	const curve = documents.map((doc) => {
		const entry = results[doc.name];
		const bad = entry.exitCodes.find((code) => code !== 0);
		if (bad !== undefined) return {...doc, error: `check exited ${bad} (expected 0: the copies are valid)`};
		return {...doc, wall: stats(entry.wall), cpu: mean(entry.cpu), rssMb: Math.max(...entry.rssKb) / 1024};
	});
	return {curve, command};
}

function machine() {
	const git = (...args) => run(['git', '-C', path.dirname(path.dirname(runbookBin)), ...args]).stdout?.trim() ?? '';
	return {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		cores: os.availableParallelism?.() ?? os.cpus().length,
		cpu: (os.cpus()[0]?.model ?? '?').trim(),
		memGb: (os.totalmem() / 1024 ** 3).toFixed(0),
		kernel: `${os.type()} ${os.release()}`,
		node: process.version,
		bash: version('bash', ['--version'], /version [^\s(]+/).replace('version ', ''),
		cram: version('cram3', ['--version'], /version [^\s)]+/).replace('version ', ''),
		txm: JSON.parse(readFileSync(path.join(path.dirname(path.dirname(txmBin)), 'package.json'), 'utf8')).version,
		hyperfine: version('hyperfine', ['--version'], /[\d.]+/),
		tmux: version('tmux', ['-V'], /[\d.]+\w*/),
		commit: git('rev-parse', '--short', 'HEAD') || '?',
		dirty: git('status', '--porcelain', '--', 'src') !== '',
		loadBefore,
		loadAfter: os.loadavg()[0].toFixed(2),
	};
}

function report({suites, commands, cache, play, curve, curveCommand, big, diff, matching, parallel, info}) {
	const out = [];
	const say = (...lines) => out.push(...lines, '');
	say(
		`Measured ${info.date} on ${info.cores} cores (${info.cpu}, ${info.memGb} GB), ${info.kernel}; Node ${info.node}, bash ${info.bash}, cram ${info.cram}, txm ${info.txm}, hyperfine ${info.hyperfine}, tmux ${info.tmux}; ` +
			`runbook \`${rel(runbookBin)}\` from the checkout at ${info.commit}${info.dirty ? ' with uncommitted changes in src/' : ''}. Load average (1 min) ${info.loadBefore} before, ${info.loadAfter} after: above 0 means other work shared the cores, and wall times are inflated; CPU times and the ratios of paired runs are the steadier figures.`,
	);
	say(
		`Parse cache: ${cache.present ? `this build has one (\`--no-cache\`); every first-run measure empties it before each run (hyperfine \`--prepare 'rm -rf …/runbook'\`: nothing cached, and the run writes it as a real first run does); the second-run row runs the unchanged file with the cache filled${cache.written ? '' : ', but the cache folder stayed empty'}` : 'this build has none (`runbook test --help` has no `--no-cache`): every run is a first run'}.`,
	);
	say('### The issue\'s measures', '', ...table(['measure', 'target', 'runbook', 'cram3', 'txm', 'bash', 'result'], headlineRows({suites, cache, play, playN: Math.max(...sizes), curve, big, diff}), ['l', 'l', 'r', 'r', 'r', 'r', 'l']));
	say(`### Paired suites`, '', `${knobs.runs} rounds after ${knobs.warmup} warm-up round${knobs.warmup === 1 ? '' : 's'}; each round is one hyperfine invocation running every tool once (\`--runs 1\`), in an order rotated round by round, so the tools alternate run by run. Mean ± σ of wall time; CPU is user + sys of the whole process tree; peak RSS is GNU time's "Maximum resident set size" (the largest single process of the tree), highest of the rounds. cram runs with \`--shell=/bin/bash\`, txm with \`--jobs 1\` (one step at a time, as the others).`, '', ...suitesDetail(suites, ['runbook', 'runbook (cached)', 'cram', 'txm', 'bash']));
	say('One round of each N (from the repository root, after a run of `npm run bench` left its files in bench/.work):', '', '```sh', ...commands, '```');
	say('### `runbook check` from 100 KB to 4 MB', '', `Copies of runbooks/docker-network.md with their own step ids and capture names (bench/documents.js), so \`check\` passes; ${knobs.checkRuns} rounds, sizes interleaved.`, '', ...curveDetail(curve), '', '```sh', curveCommand, '```');
	if (big.runbook.error || big.bash.error) say('### A large step', '', `\`${big.command}\`: ${big.runbook.error ?? big.bash.error}`);
	else say('### A large step', '', `\`${big.command}\` under \`runbook test\`, expected \`x…x\` / \`...\` / \`x…x\`, paired with \`bash\` running it to /dev/null; ${knobs.bigRuns} rounds under GNU time. runbook: ${big.runbook.wall.mean.toFixed(2)} ± ${big.runbook.wall.sd.toFixed(2)} s wall, ${big.runbook.cpu.toFixed(2)} s CPU, ${big.runbook.rssMb.toFixed(0)} MB peak; bash: ${big.bash.wall.mean.toFixed(2)} s wall, ${big.bash.cpu.toFixed(2)} s CPU, ${big.bash.rssMb.toFixed(1)} MB peak.`, '', '```sh', big.commandLine, '```');
	const diffIntro = `A step printing ${diff.lines.toLocaleString('en-US')} lines (\`line I of the output\`), its expected output differing in the middle line. The user waits for the whole failing run; the diff's own cost is that run minus the same runbook with a matching expectation (same start, parse, step and output), paired; rounds: ${knobs.diffRuns}. The JSON report of the failing run must name exactly the changed line, or the row is an error.`;
	if (diff.error) say(`### A ${diff.lines.toLocaleString('en-US')}-line diff`, '', diffIntro, '', `Error: ${diff.error}`);
	else say(`### A ${diff.lines.toLocaleString('en-US')}-line diff`, '', diffIntro, '', `Failing run ${diff.differs.mean.toFixed(2)} ± ${diff.differs.sd.toFixed(2)} s, passing run ${diff.matches.mean.toFixed(2)} ± ${diff.matches.sd.toFixed(2)} s: the diff costs ${diff.delta.mean.toFixed(2)} ± ${diff.delta.sd.toFixed(2)} s of wall time, ${diff.cpuDelta.toFixed(2)} s of CPU.`, '', '```sh', diff.commandLine, '```');
	say('### The player', '', play.all ? `\`runbook play bench/.work/suite-${Math.max(...sizes)}.md\` in a detached 80×24 tmux pane (private socket), polled every 10 ms until \`${firstStepText}\` shows: ${play.all.map((value) => Math.round(value)).join(', ')} ms.` : `\`runbook play\`: ${play.skipped ?? play.error}`);
	if (matching) say('### Matching (bench/matching.js)', '', ...matchingReport(matching));
	if (parallel) say('### Parallel files (bench/parallel.js)', '', ...parallelReport(parallel));
	return out.join('\n').trimEnd();
}

function writeReadme(text) {
	const start = '<!-- results:start -->';
	const end = '<!-- results:end -->';
	const current = readFileSync(readme, 'utf8');
	const a = current.indexOf(start);
	const b = current.indexOf(end);
	if (a === -1 || b < a) fail(`${rel(readme)} has no results markers`);
	writeFileSync(readme, `${current.slice(0, a)}${start}\n${text}\n${end}${current.slice(b + end.length)}`);
}

async function main() {
	for (const command of ['hyperfine', 'cram3', 'bash']) {
		if (!which(command)) fail(`${command} is not installed (apt-get install -y hyperfine python3-cram time tmux)`);
	}
	if (!existsSync('/usr/bin/time')) fail('/usr/bin/time is not installed (apt-get install -y time)');
	if (!existsSync(runbookBin)) fail(`${rel(runbookBin)} is missing: run \`npm run build\` first`);
	if (!existsSync(txmBin)) fail('txm is not installed: run `npm ci`');

	const generated = generateSuites(sizes);
	const largest = Math.max(...sizes);
	if (process.argv.includes('--play-only')) {
		const play = await timeToFirstFrame(generated.suites[largest].md, firstStepText, {runs: knobs.playRuns});
		process.stdout.write(play.all ? `player: first frame in ${Math.round(play.ms)} ms (median; runs ${play.all.map(Math.round).join(', ')})\n` : `player: ${play.skipped ?? play.error}\n`);
		return;
	}
	checkSuites(generated);
	const documents = generateDocuments();
	if (process.argv.includes('--check-only')) {
		for (const doc of documents) {
			const result = run(['node', runbookBin, 'check', doc.file]);
			if (result.status !== 0) fail(`runbook check does not pass ${rel(doc.file)} (exit ${result.status}): ${result.stdout.slice(0, 500)}`);
		}
		process.stdout.write(`check: runbook check passes the ${documents.length} documents of the curve\n`);
		return;
	}
	rmSync(runbookCache, {recursive: true, force: true});
	const cache = {present: hasCache(), written: false};

	process.stdout.write('\npaired suites (runbook, cram, txm, bash)\n');
	const {timings: suites, commands} = timeSuites(generated.suites, cache);
	process.stdout.write('\nplayer: time to first frame\n');
	const play = await timeToFirstFrame(generated.suites[largest].md, firstStepText, {runs: knobs.playRuns});
	process.stdout.write('\nrunbook check, 100 KB to 4 MB\n');
	const {curve, command: curveCommand} = timeCurve(documents, cache);
	process.stdout.write(`\na step printing ${knobs.bigMb} MB\n`);
	const big = {megabytes: knobs.bigMb, ...bigStep({megabytes: knobs.bigMb, rounds: knobs.bigRuns})};
	process.stdout.write(`\na ${knobs.diffLines}-line diff\n`);
	const diff = hugeDiff({lines: knobs.diffLines, rounds: knobs.diffRuns});
	let matching;
	let parallel;
	if (knobs.extras) {
		process.stdout.write('\nmatching (bench/matching.js)\n');
		matching = await matchingBench({dist: path.dirname(runbookBin)});
		process.stdout.write('\nparallel files (bench/parallel.js)\n');
		parallel = parallelBench({dist: path.dirname(runbookBin), runs: knob('BENCH_PARALLEL_RUNS', 1), warmup: knob('BENCH_PARALLEL_WARMUP', 0)});
	}

	const text = report({suites, commands, cache, play, curve, curveCommand, big, diff, matching, parallel, info: machine()});
	process.stdout.write(`\n${text}\n`);
	if (process.env.BENCH_NO_README) return;
	writeReadme(text);
	process.stdout.write(`\nwritten to ${rel(readme)}\n`);
}

await main();
