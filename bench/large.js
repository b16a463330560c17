// Large outputs: a step printing 1 GB checked with `...`, beside bash writing
// the same to /dev/null; and a 100,000-line expected output that differs from
// the actual in one line, beside the same runbook whose expectation matches.

import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {mean, pairedRuns, run, runbookBin, stddev, work} from './lib.js';

/** Peak RSS in MB of runs measured under GNU time (kB). */
const peakMb = (rssKb) => Math.max(...rssKb) / 1024;

/** Why runs were wrong (an exit status other than `want`), or undefined. */
function wrongExit(codes, want) {
	const bad = codes.filter((code) => code !== want);
	return bad.length ? `exit ${bad[0]} in ${bad.length} of ${codes.length} runs (expected ${want})` : undefined;
}

/**
 * The 1 GB step (`megabytes` of 100-byte lines) under `runbook test`, checked against
 * `x…x` / `...` / `x…x`, paired with bash running the same command to /dev/null, `rounds` runs
 * each, both under GNU time. Returns {command, runbook: {wall, cpu, rssMb} | {error}, bash, commandLine}.
 */
export function bigStep({megabytes, rounds}) {
	const command = `head -c ${megabytes * 1_000_000} /dev/zero | tr '\\0' x | fold -w 100`;
	const line = 'x'.repeat(100);
	const md = path.join(work, 'big.md');
	const sh = path.join(work, 'big.sh');
	writeFileSync(md, `# A step printing ${megabytes} MB\n\n\`\`\`sh\n${command}\n\`\`\`\n\n\`\`\`output\n${line}\n...\n${line}\n\`\`\`\n`);
	writeFileSync(sh, `#!/bin/bash\n${command} >/dev/null\n`);
	const {results, command: shown} = pairedRuns('big', [
		{name: 'runbook', argv: ['node', runbookBin, 'test', md]},
		{name: 'bash', argv: ['bash', sh]},
	], {rounds, warmup: 0, rssDir: path.join(work, 'big'), allowFailure: true});
	const summary = (entry) => {
		const error = wrongExit(entry.exitCodes, 0);
		if (error) return {error: `the run failed: ${error}`};
		return {wall: {mean: mean(entry.wall), sd: stddev(entry.wall)}, cpu: mean(entry.cpu), rssMb: peakMb(entry.rssKb)};
	};
	return {command, runbook: summary(results.runbook), bash: summary(results.bash), commandLine: shown};
}

/**
 * Whether the JSON report of the failing run names exactly the one changed line: its diff's
 * removed and added lines are the expected and the actual line 50,000. Returns why not, or undefined.
 */
function wrongDiff(result, expectedLine, actualLine) {
	if (result.status !== 1) return `exit ${result.status} (expected 1, a failed step)`;
	let step;
	try {
		step = JSON.parse(result.stdout).runbooks[0].steps[0];
	} catch {
		return `no JSON report (${result.stderr.trim().slice(0, 200)})`;
	}
	const changed = String(step?.diff ?? '').split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line));
	const want = [`-${expectedLine}`, `+${actualLine}`];
	if (changed.length === 2 && changed[0] === want[0] && changed[1] === want[1]) return undefined;
	const shown = changed.slice(0, 2).map((line) => JSON.stringify(line.slice(0, 40))).join(', ');
	return `wrong diff: ${changed.length} changed lines (${shown}${changed.length > 2 ? ', …' : ''}), expected only ${want.map((l) => JSON.stringify(l)).join(', ')}`;
}

/**
 * The diff measure: a step printing `lines` lines (`line I of the output`, ≈ 24 bytes each, so
 * 2.4 MB at 100,000) whose expected output differs in the middle line, paired with the same
 * runbook expecting exactly what is printed. The user's wait for the diff is the failing run's
 * wall time; what the diff itself costs is the failing run minus the passing one (the same
 * start, parse, step and output, paid by both). First checks the diff names exactly the changed
 * line (JSON reporter); a run that does not is reported as {error}, not timed.
 */
export function hugeDiff({lines, rounds}) {
	const middle = Math.floor(lines / 2);
	const actual = Array.from({length: lines}, (_, i) => `line ${i} of the output`);
	const data = path.join(work, 'diff-actual.txt');
	writeFileSync(data, `${actual.join('\n')}\n`);
	const expected = [...actual];
	expected[middle] = `line ${middle} changed`;
	const runbook = (title, body) => `# ${title}\n\n\`\`\`sh\ncat ${data}\n\`\`\`\n\n\`\`\`output\n${body.join('\n')}\n\`\`\`\n`;
	const differs = path.join(work, 'diff-differs.md');
	const matches = path.join(work, 'diff-matches.md');
	writeFileSync(differs, runbook(`${lines} lines, one differs`, expected));
	writeFileSync(matches, runbook(`${lines} lines, all match`, actual));
	const error = wrongDiff(run(['node', runbookBin, 'test', '--reporter', 'json', differs]), expected[middle], actual[middle]);
	if (error) return {lines, error};
	const control = run(['node', runbookBin, 'test', matches]);
	if (control.status !== 0) return {lines, error: `the matching control fails (exit ${control.status}): ${control.stdout.slice(-300)}`};
	const {results, command} = pairedRuns('diff', [
		{name: 'differs', argv: ['node', runbookBin, 'test', differs]},
		{name: 'matches', argv: ['node', runbookBin, 'test', matches]},
	], {rounds, warmup: 1, allowFailure: true});
	const exitError = wrongExit(results.differs.exitCodes, 1) ?? wrongExit(results.matches.exitCodes, 0);
	if (exitError) return {lines, error: exitError};
	const delta = results.differs.wall.map((wall, i) => wall - results.matches.wall[i]);
	const cpuDelta = results.differs.cpu.map((cpu, i) => cpu - results.matches.cpu[i]);
	return {
		lines,
		bytes: actual.join('\n').length + 1,
		differs: {mean: mean(results.differs.wall), sd: stddev(results.differs.wall)},
		matches: {mean: mean(results.matches.wall), sd: stddev(results.matches.wall)},
		delta: {mean: mean(delta), sd: stddev(delta)},
		cpuDelta: mean(cpuDelta),
		commandLine: command,
	};
}
