/**
 * End-to-end tests of `runbook check` and `runbook list`: they run the built
 * CLI (`node dist/bin.js`, so `npm run build` first) from the repository root
 * and look at stdout, stderr and the exit code.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {parseRunbook} from '../../src/parse/index.js';
import {runbookToJson} from '../../src/parse/to-json.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(repoRoot, 'dist', 'bin.js');
const tour = path.join(repoRoot, 'runbooks', 'tour.md');

type Result = {code: number | null; stdout: string; stderr: string};

/** Run the CLI from the repository root, never in colour. */
function runbook(...args: string[]): Result {
	const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'};
	delete env.FORCE_COLOR;
	delete env.RUNBOOK_DEBUG;
	const result = spawnSync(process.execPath, [bin, ...args], {cwd: repoRoot, encoding: 'utf8', env, timeout: 20_000});
	if (result.error) throw result.error;
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

/** `FILE:LINE:COL: message [rule]`, as `check` prints each diagnostic. */
const diagnosticLine = /^(?<file>.+?):(?<line>\d+):(?<column>\d+): (?<message>.+) \[(?<rule>[a-z-]+)\]$/;

function parseDiagnosticLines(stdout: string) {
	return lines(stdout).map((line) => {
		const match = diagnosticLine.exec(line);
		expect(match, `not a FILE:LINE:COL: message [rule] line: ${line}`).not.toBeNull();
		const groups = match?.groups ?? {};
		return {file: groups.file, line: Number(groups.line), column: Number(groups.column), message: groups.message ?? '', rule: groups.rule};
	});
}

/** A stack trace or an internal error must never reach the user. */
function expectNoStackTrace(result: Result) {
	expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
	expect(result.stderr).not.toMatch(/internal error/);
	expect(result.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

let dir: string;

beforeAll(() => {
	if (!existsSync(bin)) throw new Error(`${path.relative(repoRoot, bin)} is missing: run \`npm run build\` before these tests`);
});

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-check-'));
});

afterEach(() => {
	rmSync(dir, {recursive: true, force: true});
});

/** Write a runbook into the temporary folder; returns its absolute path and the path `check` shows (relative to the repository root). */
function write(name: string, text: string): {file: string; shown: string} {
	const file = path.join(dir, name);
	writeFileSync(file, text);
	return {file, shown: path.relative(repoRoot, file)};
}

describe('runbook check', () => {
	it('prints exactly one FILE:LINE:COL: message [rule] line per mistake, in file order, and exits 2', () => {
		const {shown} = write(
			'five-mistakes.md',
			[
				'---', //                                   1
				'title: Five mistakes', //                  2
				'timout: 30s', //                           3  unknown frontmatter key
				'---', //                                   4
				'', //                                      5
				'# Five mistakes', //                       6
				'', //                                      7
				'```sh {#build exit=abc}', //               8  bad value for exit, at `exit` (col 15)
				'make', //                                  9
				'```', //                                   10
				'', //                                      11
				'```output', //                             12
				'count: {{n:integer}}', //                  13 pattern type, at `{{` (col 8)
				'```', //                                   14
				'', //                                      15
				'```bash {timeout=5s bakground}', //        16 unknown attribute, at `bakground` (col 21)
				'serve', //                                 17
				'```', //                                   18
				'', //                                      19
				'Some prose.', //                           20
				'', //                                      21
				'```sh {#build}', //                        22 duplicate name, at `#build` (col 8)
				'make again', //                            23
				'```', //                                   24
				'',
			].join('\n'),
		);
		const result = runbook('check', shown);
		expect(result.code).toBe(2);
		expectNoStackTrace(result);
		const found = parseDiagnosticLines(result.stdout);
		expect(found).toHaveLength(5);
		expect(found.map(({file, line, column, rule}) => ({file, line, column, rule}))).toEqual([
			{file: shown, line: 3, column: 1, rule: 'frontmatter-key'},
			{file: shown, line: 8, column: 15, rule: 'attribute-value'},
			{file: shown, line: 13, column: 8, rule: 'bad-pattern'},
			{file: shown, line: 16, column: 21, rule: 'unknown-attribute'},
			{file: shown, line: 22, column: 8, rule: 'duplicate-name'},
		]);
		const messages = found.map((d) => d.message);
		expect(messages[0]).toContain('unknown frontmatter key `timout` (did you mean `timeout`?)');
		expect(messages[1]).toContain('bad value for `exit`: `abc`');
		expect(messages[1]).toMatch(/nonzero.*any/);
		expect(messages[2]).toContain('unknown pattern type `integer`');
		expect(messages[2]).toContain('int');
		expect(messages[3]).toContain('unknown attribute `bakground` (did you mean `background`?)');
		expect(messages[3]).toMatch(/valid: .*timeout.*background/);
		expect(messages[4]).toContain('duplicate step name `build` (first used at line 8)');
		// A misspelt frontmatter key is a warning (other tools' keys share the frontmatter); errors are not marked as warnings; the summary goes to stderr.
		expect(messages[0]).toMatch(/^warning:/);
		for (const message of messages.slice(1)) expect(message).not.toMatch(/^warning:/);
		expect(lines(result.stderr)).toEqual(['4 errors, 1 warning']);
	});

	it('reports the places of a CRLF file as those of the same file with LF endings', () => {
		const text = '# CRLF\n\n```sh {timout=5s}\necho hi\n```\n\n```output\n{{x:nope}}\n```\n\nprose\n\n```output\nhi\n```\n';
		const lf = write('lf.md', text);
		const crlf = write('crlf.md', text.replace(/\n/g, '\r\n'));
		const fromLf = runbook('check', lf.shown);
		const fromCrlf = runbook('check', crlf.shown);
		expect(fromLf.code).toBe(2);
		expect(fromCrlf.code).toBe(2);
		const places = (result: Result) => parseDiagnosticLines(result.stdout).map(({line, column, rule, message}) => ({line, column, rule, message}));
		expect(places(fromCrlf)).toEqual(places(fromLf));
		expect(places(fromLf).map(({line, column, rule}) => `${line}:${column} ${rule}`)).toEqual([
			'3:8 unknown-attribute',
			'8:1 bad-pattern',
			'13:1 orphan-output',
		]);
	});

	it('prints nothing and exits 0 for a clean file', () => {
		const {shown} = write(
			'clean.md',
			[
				'---',
				'title: Clean',
				'timeout: 30s',
				'---',
				'',
				'# Clean',
				'',
				'```sh {#hello timeout=5s}',
				'echo hello',
				'```',
				'',
				'```output',
				'{{greeting:word}}',
				'```',
				'',
				'```console',
				'$ echo a',
				'a',
				'$ false',
				'[1]',
				'```',
				'',
				'<!-- runbook {#hidden}',
				'$ true',
				'-->',
				'',
				'```js',
				'console.log("prose, not a step {{x:nope}}")',
				'```',
				'',
			].join('\n'),
		);
		const result = runbook('check', shown);
		expect(result).toEqual({code: 0, stdout: '', stderr: ''});
	});

	it('finds nothing wrong in runbooks/tour.md', () => {
		expect(runbook('check', 'runbooks/tour.md')).toEqual({code: 0, stdout: '', stderr: ''});
	});

	it('exits 2 for an unterminated fence, saying where the block would end, and test runs nothing', () => {
		const {shown} = write('unterminated.md', '# Unterminated\n\n```sh\necho fine > ran\n```\n\n  ~~~~bash {#open}\n  echo this never ends\n\n## Next section\n\nMore notes.\n');
		const result = runbook('check', shown);
		expect(result.code).toBe(2);
		expectNoStackTrace(result);
		const found = parseDiagnosticLines(result.stdout);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({file: shown, line: 7, column: 3, rule: 'unterminated-fence'});
		expect(found[0]?.message).toMatch(/^unterminated code fence: .* would run to line 13, the end of its container, and the notes after it would run as commands/);
		expect(lines(result.stderr)).toEqual(['1 error, 0 warnings']);
		const ran = runbook('test', shown);
		expect(ran.code).toBe(2);
		expect(existsSync(path.join(dir, 'ran'))).toBe(false);
	});

	it('prints a one-line error, no stack trace, and exits 2 for a missing file', () => {
		const missing = path.relative(repoRoot, path.join(dir, 'missing.md'));
		const result = runbook('check', missing);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expectNoStackTrace(result);
		const errorLines = lines(result.stderr).filter((line) => line.includes('missing.md'));
		expect(errorLines).toHaveLength(1);
		expect(errorLines[0]).toBe(`runbook: ${missing}: no such file (looked in ./ and runbooks/)`);
		// Besides that line, at most the `N errors, N warnings` summary.
		for (const line of lines(result.stderr)) if (line !== errorLines[0]) expect(line).toMatch(/^\d+ errors?, \d+ warnings?$/);
	});

	it('still checks the other files when one is missing, and exits 2', () => {
		const bad = write('bad.md', '```sh {exit=abc}\nfalse\n```\n');
		const missing = path.relative(repoRoot, path.join(dir, 'missing.md'));
		const result = runbook('check', missing, bad.shown, 'runbooks/tour.md');
		expect(result.code).toBe(2);
		expectNoStackTrace(result);
		expect(parseDiagnosticLines(result.stdout).map(({file, line, column, rule}) => ({file, line, column, rule}))).toEqual([
			{file: bad.shown, line: 1, column: 8, rule: 'attribute-value'},
		]);
		expect(result.stderr).toContain(`runbook: ${missing}: no such file`);
	});

	it('exits 2 with a usage message when no file is given', () => {
		const result = runbook('check');
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/missing required argument/);
		expectNoStackTrace(result);
	});
});

describe('runbook list', () => {
	const tourSource = readFileSync(tour, 'utf8');
	const parsed = parseRunbook(tourSource, {path: tour});

	it('prints the outline of runbooks/tour.md: title, sections, one line per step', () => {
		const result = runbook('list', 'runbooks/tour.md');
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout.includes('\u001B['), 'no colour escapes').toBe(false);
		const out = result.stdout.split('\n');
		const steps = parsed.runbook.steps;
		expect(out[0]).toBe(`A tour of the runbook format (runbooks/tour.md, ${steps.length} steps)`);
		expect(steps.length).toBeGreaterThan(5);

		// Every step, in order, under its section's title: number, name, line, checked or not.
		let cursor = 1;
		let section: string | undefined;
		for (const step of steps) {
			if (step.section !== section) {
				section = step.section;
				const title = parsed.runbook.sections.find((s) => s.slug === section)?.title ?? '(before the first heading)';
				const at = out.indexOf(`  ${title}`, cursor);
				expect(at, `section "${title}" in order`).toBeGreaterThan(0);
				expect(out[at - 1]).toBe('');
				cursor = at + 1;
			}
			const line = out[cursor] ?? '';
			const pattern = new RegExp(`^ +${step.index + 1}  ${step.name} +line ${step.span.start.line} +${step.expected ? 'checked' : 'unchecked'}( |$)`);
			expect(line, `step ${step.index + 1} (${step.name})`).toMatch(pattern);
			cursor++;
		}
		expect(out.slice(cursor)).toEqual(['']);

		// A few attributes as the outline shows them.
		const lineOf = (name: string) => out.find((line) => new RegExp(`^ +\\d+  ${name} `).test(line)) ?? '';
		expect(lineOf('workspace')).toMatch(/line 24 +checked$/);
		expect(lineOf('ticker')).toMatch(/unchecked +background ready=\/tick 2\/$/);
		expect(lineOf('hidden-check')).toMatch(/ hidden$/);
		expect(lineOf('exit-status-1')).toMatch(/ exit=1$/);
		expect(lineOf('exit-status-3')).toMatch(/ console exit=3$/);
	});

	it('finds runbooks/tour.md when given only tour.md', () => {
		const given = runbook('list', 'tour.md');
		const full = runbook('list', 'runbooks/tour.md');
		expect(given.code).toBe(0);
		expect(given.stderr).toBe('');
		expect(given.stdout.split('\n')[0]).toContain('(runbooks/tour.md,');
		expect(given.stdout).toBe(full.stdout);
		// Without the extension too.
		expect(runbook('list', 'tour').stdout).toBe(full.stdout);
	});

	it('--json prints the model with the documented fields', () => {
		const result = runbook('list', '--json', 'runbooks/tour.md');
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const json = JSON.parse(result.stdout) as Record<string, unknown>;
		expect(Object.keys(json).sort()).toEqual(['file', 'options', 'sections', 'steps', 'title']);
		expect(json.file).toBe('runbooks/tour.md');
		expect(json.title).toBe('A tour of the runbook format');
		expect(json.options).toEqual({
			title: 'A tour of the runbook format',
			shell: 'bash',
			cwd: '.',
			timeoutMs: 30_000,
			env: {GREETING: 'hello'},
			requires: ['sh', 'grep', 'sed'],
			secrets: [],
		});

		const sections = json.sections as Array<Record<string, unknown>>;
		expect(sections.length).toBeGreaterThan(0);
		for (const section of sections) expect(Object.keys(section).sort()).toEqual(['depth', 'line', 'slug', 'title']);
		expect(sections[0]).toEqual({title: 'A tour of the runbook format', slug: 'a-tour-of-the-runbook-format', depth: 1, line: 9});

		const point = {line: expect.any(Number), column: expect.any(Number), offset: expect.any(Number)};
		const steps = json.steps as Array<Record<string, unknown>>;
		expect(steps).toHaveLength(parsed.runbook.steps.length);
		steps.forEach((step, index) => {
			expect(Object.keys(step).sort()).toEqual(
				['attributes', 'checked', 'command', 'expected', 'hidden', 'index', 'language', 'name', 'rawAttributes', 'section', 'span'].sort(),
			);
			expect(step.index).toBe(index);
			expect(step.span).toEqual({start: point, end: point});
			const attributes = step.attributes as Record<string, unknown>;
			for (const key of Object.keys(attributes)) {
				expect(['exit', 'timeoutMs', 'retryMs', 'everyMs', 'skip', 'background', 'ready', 'cleanup', 'stderr', 'ansi', 'interactive']).toContain(key);
			}
			if (step.expected === null) {
				expect(step.checked).toBe(false);
			} else {
				expect(step.checked).toBe(true);
				expect(step.expected).toEqual({
					text: expect.any(String),
					patterns: expect.any(Boolean),
					kind: expect.stringMatching(/^(fence|console)$/),
					span: {start: point, end: point},
					contentStart: expect.any(Number),
					contentEnd: expect.any(Number),
				});
			}
		});

		const byName = new Map(steps.map((step) => [step.name, step]));
		expect(byName.get('workspace')).toMatchObject({
			section: 'one-shell-session',
			language: 'sh',
			rawAttributes: '{#workspace}',
			hidden: false,
			checked: true,
			span: {start: {line: 24, column: 1}},
			expected: {text: '1', patterns: true, kind: 'fence'},
		});
		expect(byName.get('ticker')).toMatchObject({attributes: {background: true, ready: 'tick 2'}, checked: false, expected: null});
		expect(byName.get('hidden-check')).toMatchObject({hidden: true, command: 'test -f attempts'});
		expect(byName.get('exit-status-3')).toMatchObject({language: 'console', attributes: {exit: {kind: 'code', code: 3}}, expected: {kind: 'console', text: 'oops'}});

		// And it is exactly the parser's model.
		expect(json).toEqual(JSON.parse(JSON.stringify(runbookToJson(parsed.runbook, 'runbooks/tour.md'))));
	});

	it('--json of a file with mistakes still prints the model, the diagnostics on stderr, and exits 2', () => {
		const {shown} = write('broken.md', '# Broken\n\n```sh {exit=abc}\nfalse\n```\n');
		const result = runbook('list', '--json', shown);
		expect(result.code).toBe(2);
		expect(lines(result.stderr)).toEqual([`${shown}:3:8: bad value for \`exit\`: \`abc\` (expected a number from 0 to 255, \`nonzero\` or \`any\`) [attribute-value]`]);
		const json = JSON.parse(result.stdout) as {file: string; steps: Array<{name: string}>};
		expect(json.file).toBe(shown);
		expect(json.steps.map((step) => step.name)).toEqual(['broken-1']);
	});

	it('prints a one-line error, no stack trace, and exits 2 for a missing file', () => {
		const result = runbook('list', 'no-such-runbook.md');
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(lines(result.stderr)).toEqual(['runbook: no-such-runbook.md: no such file (looked in ./ and runbooks/)']);
		expectNoStackTrace(result);
	});
});
