/**
 * Fixture tests for the parser, in the style of remark-gfm's: every folder of
 * `test/parse/fixtures/` holds an `input.md` and the `expected.json` that
 * parsing it must give (`{model: runbookToJson(...), diagnostics}`).
 *
 * `UPDATE=1 npx vitest run test/parse` (re)writes the expected.json files
 * instead of comparing: review every change by eye against the format contract
 * (docs/runbook-format.md) before keeping it.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseRunbook} from '../../src/parse/index.js';
import {runbookToJson} from '../../src/parse/to-json.js';

const fixturesRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const update = process.env.UPDATE === '1' || process.env.UPDATE === 'true';

const cases = readdirSync(fixturesRoot, {withFileTypes: true})
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name)
	.sort();

/** What a fixture's expected.json holds: plain JSON, so `undefined` fields vanish as they would on disk. */
function actualFor(input: string): unknown {
	const {runbook, diagnostics} = parseRunbook(input, {path: 'input.md'});
	return JSON.parse(JSON.stringify({model: runbookToJson(runbook, 'input.md'), diagnostics})) as unknown;
}

describe('parser fixtures', () => {
	it('finds the fixtures', () => {
		expect(cases.length).toBeGreaterThan(20);
	});

	for (const name of cases) {
		const folder = path.join(fixturesRoot, name);
		it(name, () => {
			// Read as bytes-to-string with no newline conversion: the CRLF fixtures must stay CRLF.
			const input = readFileSync(path.join(folder, 'input.md'), 'utf8');
			if (name.includes('crlf')) expect(input.includes('\r\n'), 'a CRLF fixture must be saved with CRLF line endings').toBe(true);
			else expect(input.includes('\r'), 'only CRLF fixtures may hold carriage returns').toBe(false);

			const actual = actualFor(input);
			const expectedFile = path.join(folder, 'expected.json');
			if (update) {
				writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
				return;
			}
			expect(existsSync(expectedFile), `${name}/expected.json is missing: run with UPDATE=1, then review it`).toBe(true);
			const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as unknown;
			expect(actual).toEqual(expected);
		});
	}

	it('parses a CRLF file like the same file with LF endings (apart from offsets and columns)', () => {
		const crlfCases = cases.filter((name) => name.includes('crlf'));
		expect(crlfCases.length).toBeGreaterThan(0);
		for (const name of crlfCases) {
			const crlf = parseRunbook(readFileSync(path.join(fixturesRoot, name, 'input.md'), 'utf8'), {path: 'input.md'});
			const lf = parseRunbook(readFileSync(path.join(fixturesRoot, name, 'input.md'), 'utf8').replace(/\r\n/g, '\n'), {path: 'input.md'});
			const essentials = (result: typeof lf) => ({
				title: result.runbook.title,
				options: result.runbook.options,
				sections: result.runbook.sections,
				steps: result.runbook.steps.map((step) => ({
					name: step.name,
					section: step.section,
					language: step.language,
					command: step.command,
					attributes: step.attributes,
					hidden: step.hidden,
					line: step.span.start.line,
					expected: step.expected && {text: step.expected.text, patterns: step.expected.patterns, kind: step.expected.source.kind},
				})),
				diagnostics: result.diagnostics,
			});
			expect(essentials(crlf)).toEqual(essentials(lf));
		}
	});

	it('is deterministic: parsing twice gives the same result', () => {
		for (const name of cases) {
			const input = readFileSync(path.join(fixturesRoot, name, 'input.md'), 'utf8');
			expect(actualFor(input)).toEqual(actualFor(input));
		}
	});
});
