#!/usr/bin/env node
// Parallel files: `runbook test -j 1` against `-j 2` on 40 runbooks of 25
// steps each (`sleep 0.02; echo …`), paired in one hyperfine run. Target:
// `-j 2` takes at most 0.6 of `-j 1`'s wall time on a two-core machine.
//
// `npm run build && node bench/parallel.js` prints the table; `npm run bench`
// runs it too and writes it into bench/README.md. Environment:
// BENCH_PARALLEL_RUNS=5, BENCH_PARALLEL_WARMUP=1. A suite that does not pass
// is fatal (the timing of a failing run means nothing).

import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const work = path.join(benchDir, '.work', 'parallel');
const files = 40;
const stepsPerFile = 25;
const target = 0.6;

/** Write the 40 runbooks; the folder holding them. */
function generate() {
	rmSync(work, {recursive: true, force: true});
	mkdirSync(work, {recursive: true});
	for (let file = 1; file <= files; file++) {
		const steps = Array.from({length: stepsPerFile}, (_, step) => `\`\`\`sh\nsleep 0.02; echo "file ${file} step ${step + 1}"\n\`\`\`\n\n\`\`\`output\nfile ${file} step ${step + 1}\n\`\`\`\n`);
		writeFileSync(path.join(work, `runbook-${String(file).padStart(2, '0')}.md`), `# Runbook ${file}\n\n${steps.join('\n')}`);
	}
	return work;
}

/** Time `-j 1` and `-j 2` paired in one hyperfine run: each one's mean and standard deviation, in seconds. */
export function parallelBench({dist = path.join(root, 'dist'), runs = Number(process.env.BENCH_PARALLEL_RUNS ?? 5), warmup = Number(process.env.BENCH_PARALLEL_WARMUP ?? 1)} = {}) {
	const dir = generate();
	const bin = path.join(dist, 'bin.js');
	const command = (jobs) => `node ${bin} test -j ${jobs} --reporter tap ${dir}/runbook-*.md`;
	for (const jobs of [1, 2]) {
		const check = spawnSync('sh', ['-c', `${command(jobs)} >/dev/null`], {encoding: 'utf8'});
		if (check.status !== 0) throw new Error(`-j ${jobs} does not pass (exit ${check.status}): ${check.stderr}`);
	}
	const json = path.join(work, 'hyperfine.json');
	const result = spawnSync('hyperfine', ['--warmup', String(warmup), '--runs', String(runs), '--export-json', json, '-n', 'jobs 1', command(1), '-n', 'jobs 2', command(2)], {stdio: ['ignore', 'inherit', 'inherit']});
	if (result.status !== 0) throw new Error('hyperfine failed');
	const measured = JSON.parse(readFileSync(json, 'utf8')).results;
	const [one, two] = measured.map((entry) => ({mean: entry.mean, stddev: entry.stddev, user: entry.user, system: entry.system}));
	return {one, two, runs, load: os.loadavg()[0], cpus: os.availableParallelism()};
}

/** The figures as Markdown lines. */
export function parallelReport({one, two, runs, load, cpus}) {
	const ratio = two.mean / one.mean;
	// hyperfine gives no standard deviation for a single run.
	const row = (name, entry) => `| \`${name}\` | ${entry.mean.toFixed(2)} ± ${(entry.stddev ?? 0).toFixed(2)} s | ${(entry.user + entry.system).toFixed(2)} s |`;
	return [
		`${files} runbooks of ${stepsPerFile} steps each (\`sleep 0.02; echo …\`), \`runbook test -j 1\` and \`-j 2\` paired in one hyperfine run (${runs} run${runs === 1 ? '' : 's'}, ${cpus} CPUs, load average ${load.toFixed(2)} at the end):`,
		'',
		'| jobs | wall time | CPU (user + system) |',
		'|--|--:|--:|',
		row('-j 1', one),
		row('-j 2', two),
		'',
		`- \`-j 2\` takes ${ratio.toFixed(2)} of \`-j 1\`'s wall time (target: at most ${target}): ${ratio <= target ? 'met' : '**missed**'}`,
	];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.stdout.write(`${parallelReport(parallelBench()).join('\n')}\n`);
}
