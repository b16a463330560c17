// The benchmark's report: the headline table of the issue's measures (each
// with its target, its measured value and met / missed by how much), then the
// figures behind each row. Markdown, printed and written into bench/README.md.

import {fmtMeanSd, fmtTime} from './lib.js';

/** The issue's targets: ratios to cram, milliseconds, megabytes, seconds. */
export const targets = {
	firstRunAt500: 1.0,
	firstRunAt1: 1.5,
	secondRunAt500: 0.8,
	playMs: 400,
	check4mbS: 5,
	check4mbMb: 300,
	linearSlack: 1.5,
	bigStepMb: 150,
	bigStepToBash: 3,
	diffS: 1,
};

const ms = (seconds) => `${Math.round(seconds * 1000)} ms`;
const met = (ok, missedBy) => (ok ? 'met' : `**missed** by ${missedBy}`);
const mb = (value) => `${value.toFixed(value < 10 ? 1 : 0)} MB`;
const errorCell = (text) => `error: ${text.replace(/\|/g, '\\|')}`;

/** The rows of one N of the paired suites: wall and CPU, each runbook column against cram. */
function pairedRows(label, n, t, target, {cachedName} = {}) {
	const rows = [];
	const runbookName = cachedName ?? 'runbook';
	if (!t) return rows;
	for (const measure of ['wall', 'cpu']) {
		const cell = (name) => (measure === 'wall' ? fmtMeanSd(t[name].wall.mean, t[name].wall.sd) : fmtTime(t[name].cpu.mean));
		const ratio = (name) => t[name][measure].mean / t.cram[measure].mean;
		const r = ratio(runbookName);
		const budget = target * t.cram[measure].mean;
		rows.push([
			`\`runbook test\`, N=${n}, ${label}, ${measure === 'wall' ? 'wall time' : 'CPU (user + sys)'}`,
			`≤ ${target.toFixed(1)}× cram`,
			`${cell(runbookName)} (${r.toFixed(2)}×)`,
			cell('cram'),
			`${cell('txm')} (${ratio('txm').toFixed(2)}×)`,
			cell('bash'),
			met(r <= target, `${ms(t[runbookName][measure].mean - budget)} (${r.toFixed(2)}×)`),
		]);
	}
	return rows;
}

/** Cost per added MB of a measure between two points of the curve. */
const slope = (a, b, value) => (value(b) - value(a)) / ((b.bytes - a.bytes) / 1e6);

/** Linear growth: each MB added from 1 MB to 4 MB costs at most `linearSlack` times one added from 100 KB to 1 MB. */
function linearity(curve, value, unit) {
	const [small, , oneMb, fourMb] = curve;
	const early = slope(small, oneMb, value);
	const late = slope(oneMb, fourMb, value);
	const ratio = late / early;
	return {
		text: `${late.toFixed(unit === 's' ? 2 : 0)} ${unit}/MB after 1 MB, ${early.toFixed(unit === 's' ? 2 : 0)} ${unit}/MB before (${ratio.toFixed(2)}×)`,
		ok: ratio <= targets.linearSlack,
		ratio,
	};
}

/** The headline table: [measure, target, runbook, cram3, txm, bash, result] rows. */
export function headlineRows({suites, cache, play, playN, curve, big, diff}) {
	const rows = [];
	rows.push(...pairedRows('first run (nothing cached)', 500, suites[500], targets.firstRunAt500));
	rows.push(...pairedRows('first run (nothing cached)', 1, suites[1], targets.firstRunAt1));
	if (cache.present && suites[500]) {
		rows.push(...pairedRows(`second run of an unchanged file (cache${cache.written ? '' : ': **none written**'})`, 500, suites[500], targets.secondRunAt500, {cachedName: 'runbook (cached)'}));
	} else {
		rows.push([`\`runbook test\`, N=500, second run of an unchanged file`, `≤ ${targets.secondRunAt500}× cram`, cache.present ? 'not measured (no N=500 suite)' : 'no parse cache in this build (`runbook test --help` has no `--no-cache`)', '', '', '', 'n/a']);
	}
	const playCell = play.skipped ? `skipped: ${play.skipped}` : play.error ? errorCell(play.error) : `${Math.round(play.ms)} ms (median of ${play.all.length})`;
	rows.push([`\`runbook play\`, N=${playN}, to the first frame with the first step's text`, `≤ ${targets.playMs} ms`, playCell, '—', '—', '—', play.ms === undefined ? (play.error ? '**error**' : 'n/a') : met(play.ms <= targets.playMs, `${Math.round(play.ms - targets.playMs)} ms`)]);
	const last = curve.at(-1);
	if (curve.some((point) => point.error)) {
		rows.push(['`runbook check`, 4 MB document', `≤ ${targets.check4mbS} s, ≤ ${targets.check4mbMb} MB`, errorCell(curve.find((point) => point.error).error), '—', '—', '—', '**error**']);
	} else {
		rows.push([`\`runbook check\`, ${last.name} document, wall time`, `≤ ${targets.check4mbS} s`, fmtMeanSd(last.wall.mean, last.wall.sd), '—', '—', '—', met(last.wall.mean <= targets.check4mbS, fmtTime(last.wall.mean - targets.check4mbS))]);
		rows.push([`\`runbook check\`, ${last.name} document, peak RSS`, `≤ ${targets.check4mbMb} MB`, mb(last.rssMb), '—', '—', '—', met(last.rssMb <= targets.check4mbMb, mb(last.rssMb - targets.check4mbMb))]);
		const time = linearity(curve, (point) => point.cpu, 's');
		const memory = linearity(curve, (point) => point.rssMb, 'MB');
		const rule = `linear: ≤ ${targets.linearSlack}× per added MB`;
		rows.push(['`runbook check`, CPU time from 100 KB to 4 MB', rule, time.text, '—', '—', '—', met(time.ok, `${time.ratio.toFixed(2)}× per MB`)]);
		rows.push(['`runbook check`, peak RSS from 100 KB to 4 MB', rule, memory.text, '—', '—', '—', met(memory.ok, `${memory.ratio.toFixed(2)}× per MB`)]);
	}
	const bigName = `a step printing ${big.megabytes >= 1000 ? `${big.megabytes / 1000} GB` : `${big.megabytes} MB`} (100-byte lines), checked with \`...\``;
	if (big.runbook.error || big.bash.error) {
		rows.push([bigName, `≤ ${targets.bigStepMb} MB, ≤ ${targets.bigStepToBash}× bash`, errorCell(big.runbook.error ?? `bash: ${big.bash.error}`), '—', '—', '', '**error**']);
	} else {
		const ratio = big.runbook.wall.mean / big.bash.wall.mean;
		rows.push([`${bigName}, peak RSS`, `≤ ${targets.bigStepMb} MB`, mb(big.runbook.rssMb), '—', '—', mb(big.bash.rssMb), met(big.runbook.rssMb <= targets.bigStepMb, mb(big.runbook.rssMb - targets.bigStepMb))]);
		rows.push([`${bigName}, wall time`, `≤ ${targets.bigStepToBash}× bash to /dev/null`, `${fmtMeanSd(big.runbook.wall.mean, big.runbook.wall.sd)} (${ratio.toFixed(2)}×)`, '—', '—', fmtMeanSd(big.bash.wall.mean, big.bash.wall.sd), met(ratio <= targets.bigStepToBash, `${fmtTime(big.runbook.wall.mean - targets.bigStepToBash * big.bash.wall.mean)} (${ratio.toFixed(2)}×)`)]);
	}
	const diffName = `${diff.lines.toLocaleString('en-US')}-line expected vs actual, one line differs: the diff's cost (failing run − passing run)`;
	if (diff.error) rows.push([diffName, `≤ ${targets.diffS} s`, errorCell(diff.error), '—', '—', '—', '**error**']);
	else rows.push([diffName, `≤ ${targets.diffS} s`, `${fmtMeanSd(diff.delta.mean, diff.delta.sd)} (whole failing run ${fmtTime(diff.differs.mean)})`, '—', '—', '—', met(diff.delta.mean <= targets.diffS, fmtTime(diff.delta.mean - targets.diffS))]);
	return rows;
}

/** A Markdown table. */
export function table(header, rows, align) {
	return [`| ${header.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '--:' : '--')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** The paired runs of every N: wall (mean ± σ), CPU, peak RSS of each tool. */
export function suitesDetail(suites, tools) {
	const rows = [];
	for (const [n, t] of Object.entries(suites)) {
		for (const tool of tools.filter((name) => t[name])) {
			const r = t[tool];
			rows.push([n, tool, fmtMeanSd(r.wall.mean, r.wall.sd), fmtTime(r.cpu.mean), `${(r.wall.mean / t.cram.wall.mean).toFixed(2)}×`, `${(r.cpu.mean / t.cram.cpu.mean).toFixed(2)}×`, mb(r.rssMb)]);
		}
	}
	return table(['N', 'tool', 'wall time', 'CPU (user + sys)', 'wall / cram', 'CPU / cram', 'peak RSS'], rows, ['r', 'l', 'r', 'r', 'r', 'r', 'r']);
}

/** The `check` curve: time and peak RSS per document size, and the cost of each added MB. */
export function curveDetail(curve) {
	const rows = curve.map((point, i) => {
		if (point.error) return [point.name, String(point.bytes), errorCell(point.error), '', '', '', ''];
		const before = curve[i - 1];
		const added = before && !before.error ? [`${slope(before, point, (p) => p.cpu).toFixed(2)} s`, `${slope(before, point, (p) => p.rssMb).toFixed(0)} MB`] : ['', ''];
		return [point.name, point.bytes.toLocaleString('en-US'), fmtMeanSd(point.wall.mean, point.wall.sd), fmtTime(point.cpu), mb(point.rssMb), ...added];
	});
	return table(['document', 'bytes', 'wall time', 'CPU', 'peak RSS', 'CPU per added MB', 'RSS per added MB'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']);
}
