#!/usr/bin/env node
/**
 * Whether runs of `runbook test --reporter json` give the same results,
 * outputs and captures: the proof that pipelining (`engine/pipeline.ts`)
 * changes nothing a run reports. Used by test/e2e and test/docker-lab tests
 * and by .ci/run:
 *
 *   node test/pipeline/same-results.mjs [--varies STEP]… REFERENCE.json [REFERENCE2.json …] CANDIDATE.json
 *
 * exits 1 and names each difference. Durations (`durationMs`) are left out:
 * they are the clock's. Every other field is compared leaf by leaf. What
 * the steps printed (a step's `output`, `stderr`, `diff`, `message` and
 * `captures`, a leftover's command line) is compared with its numbers and
 * addresses masked (`masked`): a random id, a MAC address, `time=0.055 ms`
 * or `after 2001 milliseconds` vary by nature, and two runs step by step
 * may happen to agree on them. Every other leaf (status, exit code,
 * attempts, counts, names) must be the same. A leaf that differs between
 * reference runs even masked (a table whose rows depend on timing) is named,
 * not compared.
 * `--varies NAME` names a step whose output varies by nature beyond that
 * (two runs step by step were seen to differ): its output and captures are
 * not compared, its status and exit code are.
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/** The leaves of a JSON value, by path (`$.runbooks[0].steps[2].output`), without durations. */
export function leaves(value, at = '$', out = new Map()) {
	if (Array.isArray(value)) value.forEach((item, index) => leaves(item, `${at}[${index}]`, out));
	else if (value !== null && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) if (key !== 'durationMs') leaves(item, `${at}.${key}`, out);
	} else out.set(at, value);
	return out;
}

/** A leaf with its numbers and addresses masked: hex groups joined by `:` or `.` (MAC, IPv4, IPv6), and runs of hex digits with a digit in them. */
export const masked = (value) => (typeof value === 'string' ? value.replace(/[0-9a-f]*(?:[:.]+[0-9a-f]+)+|[0-9a-f]*[0-9][0-9a-f]*/gi, '#') : value);

/** A report with the output and captures of the steps named in `varies` left out. */
function withoutVarying(report, varies) {
	if (varies.length === 0) return report;
	const runbooks = report.runbooks.map((one) => ({...one, steps: one.steps.map((step) => (varies.includes(step.name) ? {...step, output: '(varies)', captures: {}} : step))}));
	return {...report, runbooks};
}

/**
 * The differences between `candidate` and the `references` (parsed JSON
 * reports), one line each: the path, and both values. `uncompared`, if
 * given, is told the paths that vary beyond masking between references;
 * `varies` names steps whose output varies by nature.
 */
export function differences(references, candidate, uncompared = () => {}, varies = []) {
	const refs = references.map((report) => leaves(withoutVarying(report, varies)));
	const got = leaves(withoutVarying(candidate, varies));
	const paths = new Set([...got.keys(), ...refs.flatMap((ref) => [...ref.keys()])]);
	const found = [];
	for (const path of paths) {
		const values = refs.map((ref) => ref.get(path));
		const value = got.get(path);
		if (!values.every((other) => Object.is(masked(other), masked(values[0])))) {
			uncompared(path);
			continue;
		}
		const printed = /\.(output|stderr|diff|message|command)$|\.captures\./.test(path);
		const ok = printed ? Object.is(masked(value), masked(values[0])) : values.every((other) => Object.is(other, value));
		if (!ok) found.push(`${path}: ${JSON.stringify(value)} where step by step gave ${values.map((other) => JSON.stringify(other)).join(' / ')}`);
	}
	return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const varies = [];
	for (let at = args.indexOf('--varies'); at !== -1; at = args.indexOf('--varies')) varies.push(...args.splice(at, 2).slice(1));
	const files = args;
	if (files.length < 2) {
		process.stderr.write('usage: same-results.mjs [--varies STEP]… REFERENCE.json [REFERENCE2.json …] CANDIDATE.json\n');
		process.exit(2);
	}
	const [candidate, ...references] = files.reverse().map((file) => JSON.parse(readFileSync(file, 'utf8')));
	const found = differences(references, candidate, (path) => process.stdout.write(`not compared (differs between the reference runs beyond numbers): ${path}\n`), varies);
	for (const line of found) process.stderr.write(`${line}\n`);
	process.stdout.write(found.length === 0 ? `same results: ${files[0]} and ${files.slice(1).join(', ')}\n` : `${found.length} differences\n`);
	process.exit(found.length === 0 ? 0 : 1);
}
