/**
 * The proof that pipelining changes nothing a run reports: the shipped
 * runbooks run through the built CLI step by step (`--no-pipeline`, twice:
 * what varies between two such runs varies by nature) and pipelined, and
 * the JSON reports are compared, results, outputs and captures, without
 * durations (test/pipeline/same-results.mjs). runbooks/linux-network-drivers.md
 * is compared in test/docker-lab/network-runbooks.test.ts (it needs root and
 * runs alone there); runbooks/docker-network.md by .ci/run in the Docker lab.
 */
import {describe, expect, it} from 'vitest';
import {differences} from '../pipeline/same-results.mjs';
import {runbook} from './cli.js';

/** `runbook test --reporter json FILE` with `args`: the parsed report. */
function report(file: string, args: readonly string[] = []): unknown {
	const ran = runbook(['test', '--reporter', 'json', ...args, file]);
	expect(ran.code, ran.stderr).toBe(0);
	return JSON.parse(ran.stdout);
}

describe('pipelined and step by step, the shipped runbooks', () => {
	it('runbooks/tour.md gives the same results, outputs and captures', () => {
		const references = [report('runbooks/tour.md', ['--no-pipeline']), report('runbooks/tour.md', ['--no-pipeline'])];
		const uncompared: string[] = [];
		expect(differences(references, report('runbooks/tour.md'), (path) => uncompared.push(path))).toEqual([]);
		expect(uncompared).toEqual([]);
	});
});
