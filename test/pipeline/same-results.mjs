#!/usr/bin/env node
/**
 * Whether runs of `runbook test --reporter json` give the same results,
 * outputs and captures: the proof that pipelining (`engine/pipeline.ts`)
 * changes nothing a run reports. Used by test/e2e and test/docker-lab tests
 * and by .ci/run:
 *
 *   node test/pipeline/same-results.mjs REFERENCE.json [REFERENCE2.json …] CANDIDATE.json
 *
 * exits 1 and names each difference. Durations (`durationMs`) are left out:
 * they are the clock's. Every other field is compared leaf by leaf: a leaf
 * that is the same in every reference run must be the same in the
 * candidate; a leaf that differs between reference runs (a random id, the
 * time of day that a runbook prints) varies by nature, and must be the same
 * once the runs of digits (and of hex digits with at least one digit) in it
 * are masked. With one reference, every leaf must be the same.
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

/** A leaf with its runs of digits (decimal, or hex with a digit) masked. */
export const masked = (value) => (typeof value === 'string' ? value.replace(/[0-9a-f]*[0-9][0-9a-f]*/gi, '#') : value);

/**
 * The differences between `candidate` and the `references` (parsed JSON
 * reports), one line each: the path, and both values.
 */
export function differences(references, candidate) {
	const refs = references.map((report) => leaves(report));
	const got = leaves(candidate);
	const paths = new Set([...got.keys(), ...refs.flatMap((ref) => [...ref.keys()])]);
	const found = [];
	for (const path of paths) {
		const values = refs.map((ref) => ref.get(path));
		const value = got.get(path);
		const same = values.every((other) => Object.is(other, values[0]));
		const ok = same ? Object.is(value, values[0]) : values.every((other) => Object.is(masked(other), masked(value)));
		if (!ok) found.push(`${path}: ${JSON.stringify(value)} where step by step gave ${values.map((other) => JSON.stringify(other)).join(' / ')}`);
	}
	return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const files = process.argv.slice(2);
	if (files.length < 2) {
		process.stderr.write('usage: same-results.mjs REFERENCE.json [REFERENCE2.json …] CANDIDATE.json\n');
		process.exit(2);
	}
	const [candidate, ...references] = files.reverse().map((file) => JSON.parse(readFileSync(file, 'utf8')));
	const found = differences(references, candidate);
	for (const line of found) process.stderr.write(`${line}\n`);
	process.stdout.write(found.length === 0 ? `same results: ${files[0]} and ${files.slice(1).join(', ')}\n` : `${found.length} differences\n`);
	process.exit(found.length === 0 ? 0 : 1);
}
