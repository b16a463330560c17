#!/usr/bin/env node
// Benchmark: matching output against patterns, through the built CLI and in
// process. Hostile patterns (catastrophic backtracking, many `[..]` on a 1 MB
// line) and normal runbooks with patterns, so that both "never hangs" and
// "not slower on ordinary lines" have figures. Not a test: it fails only when
// an answer is wrong.
//
// `npm run build && node bench/matching.js` prints the table; `npm run bench`
// runs it too and writes it into bench/README.md. `--dist DIR` times another
// build (a copy of an older `dist/`, with node_modules beside it as here) for a
// before/after comparison; a run that does not end within BENCH_MATCH_LIMIT_S
// seconds (default 60) is killed with SIGKILL and reported as such.

import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath, pathToFileURL} from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const work = path.join(benchDir, '.work', 'matching');
const limitS = Number(process.env.BENCH_MATCH_LIMIT_S ?? 60);

const fence = (lang, body) => `\`\`\`${lang}\n${body}\n\`\`\`\n\n`;
const megabyte = "head -c 1000000 /dev/zero | tr '\\0' x; echo";
const hostile = `${'a'.repeat(40)}b`;

/** CLI cases: a runbook, the exit status a correct run gives, and what it shows. */
const cliCases = [
	{name: '1 MB line, `[..]`', exit: 0, md: fence('sh', megabyte) + fence('output', '[..]')},
	{name: '1 MB line, `[..]x[..]x[..]x[..]y` (a mismatch)', exit: 1, md: fence('sh', megabyte) + fence('output', '[..]x[..]x[..]x[..]y')},
	{name: '1 MB line, `{{x}}` (captured)', exit: 0, md: fence('sh', megabyte) + fence('output', '{{x}}')},
	{name: '1 MB line, `{{a:/x+/}}{{b:/x+/}}{{c:/x+/}}` (three captures)', exit: 0, md: fence('sh', megabyte) + fence('output', '{{a:/x+/}}{{b:/x+/}}{{c:/x+/}}')},
	{name: '`{{/(a+)+$/}}` against 40 `a` and a `b`', exit: 1, md: fence('sh', `echo ${hostile}`) + fence('output', '{{/(a+)+$/}}')},
	{name: '`ready=/(a+)+$/ timeout=1s`, the same line', exit: 1, md: fence('sh {background ready=/(a+)+$/ timeout=1s}', `echo ${hostile}; exec sleep 30`)},
	{name: '500 steps, literal expected lines', exit: 0, md: steps500((i) => `line-${i} at 12:00:0${i % 10}`)},
	{name: '500 steps, each line with patterns (`line-{{/\\d+/}} at [..]`)', exit: 0, md: steps500(() => 'line-{{/\\d+/}} at [..]')},
];

function steps500(expected) {
	let md = '';
	for (let i = 1; i <= 500; i++) md += fence('sh', `echo line-${i} at 12:00:0${i % 10}`) + fence('output', expected(i));
	return md;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Wall time of `runbook test FILE` (median of `runs`), or why there is none. */
function timeCli(bin, file, exit, runs) {
	const times = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const result = spawnSync(process.execPath, [bin, 'test', file], {cwd: work, stdio: 'ignore', timeout: limitS * 1000, killSignal: 'SIGKILL'});
		const ms = performance.now() - started;
		if (result.signal === 'SIGKILL') return {killed: true, ms};
		if (result.status !== exit) return {wrong: `exit ${result.status}, expected ${exit}`};
		times.push(ms);
	}
	return {ms: median(times)};
}

/** In-process matching with the build's `matchOutput` (its library entry, index.js): ordinary lines, many of them. */
async function timeInProcess(dist) {
	const {matchOutput} = await import(pathToFileURL(path.join(dist, 'index.js')).href);
	const rows = [];
	const time = (name, run, check) => {
		const started = performance.now();
		const value = run();
		const ms = performance.now() - started;
		if (!check(value)) throw new Error(`${name}: wrong answer`);
		rows.push({name, ms});
	};
	const count = 100_000;
	const prefixed = Array.from({length: count}, (_, i) => `line-${i} {{/\\d+/}} [..]`).join('\n');
	const actual = Array.from({length: count}, (_, i) => `line-${i} ${i * 7} tail`).join('\n');
	time('100,000 lines `line-N {{/\\d+/}} [..]`', () => matchOutput(prefixed, actual).ok, (ok) => ok);
	const inner = Array.from({length: 10_000}, (_, i) => `{{a${i}:int}} is line ${i} of [..]`).join('\n');
	const innerActual = Array.from({length: 10_000}, (_, i) => `${i} is line ${i} of many`).join('\n');
	time('10,000 lines `{{aN:int}} is line N of [..]`', () => matchOutput(inner, innerActual).ok, (ok) => ok);
	const typed = Array.from({length: 10_000}, (_, i) => `id {{id${i}:uuid}} at {{ip${i}:ipv4}} took {{ms${i}:int}} ms`).join('\n');
	const typedActual = Array.from({length: 10_000}, (_, i) => `id 123e4567-e89b-12d3-a456-${String(i).padStart(12, '0')} at 10.0.0.${i % 255} took ${i} ms`).join('\n');
	time('10,000 lines `id {{idN:uuid}} at {{ipN:ipv4}} took {{msN:int}} ms`', () => matchOutput(typed, typedActual).ok, (ok) => ok);
	return rows;
}

/** Run every case against the build in `dist`; the rows of the table. */
export async function matchingBench({dist = path.join(root, 'dist'), runs = 3} = {}) {
	mkdirSync(work, {recursive: true});
	const bin = path.join(dist, 'bin.js');
	const cli = cliCases.map((entry, index) => {
		const file = path.join(work, `case-${index}.md`);
		writeFileSync(file, `# ${entry.name}\n\n${entry.md}`);
		process.stdout.write(`matching: ${entry.name}\n`);
		return {name: entry.name, ...timeCli(bin, file, entry.exit, runs)};
	});
	const inProcess = await timeInProcess(dist);
	return {cli, inProcess};
}

const cell = (row) => (row.wrong ? `wrong answer: ${row.wrong}` : row.killed ? `killed after ${(row.ms / 1000).toFixed(0)} s` : row.ms >= 1000 ? `${(row.ms / 1000).toFixed(2)} s` : `${row.ms.toFixed(0)} ms`);

/** The figures as Markdown lines. */
export function matchingReport({cli, inProcess}) {
	const lines = [
		`\`runbook test\` wall time, median of 3 (a run not ended after ${limitS} s is killed):`,
		'',
		'| runbook | wall time |',
		'|--|--:|',
		...cli.map((row) => `| ${row.name} | ${cell(row)} |`),
		'',
		'`matchOutput` in process (dist/index.js), one run:',
		'',
		'| expected lines | time |',
		'|--|--:|',
		...inProcess.map((row) => `| ${row.name} | ${cell(row)} |`),
	];
	return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const at = process.argv.indexOf('--dist');
	const dist = at === -1 ? undefined : path.resolve(process.argv[at + 1] ?? 'dist');
	const result = await matchingBench(dist ? {dist} : {});
	process.stdout.write(`\n${matchingReport(result).join('\n')}\n`);
}
