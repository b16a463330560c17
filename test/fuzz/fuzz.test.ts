/**
 * Fuzzing: the parser, the matcher and the updater never crash, on any input,
 * and every diagnostic has a place. A fixed seed, so a failure is the same
 * failure on every machine (`FUZZ_SEED` picks another); `npm run fuzz` runs
 * 10,000 cases of each (`FUZZ_RUNS`) and prints the figures (`FUZZ_REPORT`).
 * Matching is linear time (RE2), so no case can hang.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {StepResult} from '../../src/engine/events.js';
import {matchOutput} from '../../src/match/match.js';
import {parseRunbook} from '../../src/parse/index.js';
import {splitByteOrderMark} from '../../src/parse/source.js';
import {runbookToJson} from '../../src/parse/to-json.js';
import {applyEdits, planUpdate} from '../../src/update/index.js';
import {matchCase, runbookText} from './arbitraries.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);
const seed = process.env.FUZZ_SEED === undefined ? 20261130 : Number(process.env.FUZZ_SEED);
const settings = {numRuns: runs, ...(Number.isNaN(seed) ? {} : {seed})};

/** What the fuzzer saw, for `npm run fuzz` to print. */
const seen = {documents: 0, diagnostics: 0, steps: 0, matches: 0, matched: 0, updates: 0};

describe('fuzzing', () => {
	it(`parses ${runs} hostile documents without a crash, every diagnostic at a place`, () => {
		fc.assert(
			fc.property(runbookText, (file) => {
				const {text} = splitByteOrderMark(file);
				const {runbook, diagnostics} = parseRunbook(text, {path: 'fuzz.md'});
				runbookToJson(runbook, 'fuzz.md');
				for (const diagnostic of diagnostics) {
					expect(diagnostic.line).toBeGreaterThanOrEqual(1);
					expect(diagnostic.column).toBeGreaterThanOrEqual(1);
					expect(diagnostic.message.length).toBeGreaterThan(0);
				}
				seen.documents++;
				seen.diagnostics += diagnostics.length;
				seen.steps += runbook.steps.length;
			}),
			settings,
		);
	});

	it(`matches and records ${runs} pattern cases without a crash`, () => {
		fc.assert(
			fc.property(matchCase, ({expected, actual}) => {
				const match = matchOutput(expected, actual);
				seen.matches++;
				if (match.ok) seen.matched++;
				const source = `\`\`\`sh\nrun\n\`\`\`\n\n\`\`\`output\n${expected}\n\`\`\`\n`;
				const step = parseRunbook(source).runbook.steps[0];
				if (!step) return;
				const result: StepResult = {status: match.ok ? 'passed' : 'failed', exitCode: 0, durationMs: 1, output: actual, captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false, match};
				const edit = planUpdate(source, step, result, new Map(), {addNew: true});
				if (!edit) return;
				seen.updates++;
				const updated = parseRunbook(applyEdits(source, [edit])).runbook.steps;
				expect(updated.map((each) => each.command)).toEqual(['run']);
			}),
			settings,
		);
		if (process.env.FUZZ_REPORT) console.log(`fuzz: ${JSON.stringify({runs, seed, ...seen})}`);
	});
});
