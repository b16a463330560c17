/**
 * Runme notebooks play unchanged: a corpus of Runme-style notebooks, written
 * from Runme's documentation (test/fixtures/runme/), goes through the built
 * CLI's `check`, `list` and `test`; then what each of Runme's attributes and
 * frontmatter keys does is checked on the steps' results (the table in
 * docs/runbook-format.md, "Runme notebooks").
 */
import {cpSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {root, runbook} from './cli.js';

const corpus = path.join(root, 'test', 'fixtures', 'runme');

/** What `list` must show and `test` must count for each notebook. */
const notebooks: Readonly<Record<string, {names: readonly string[]; passed: number; skipped?: number}>> = {
	'01-json-attributes.md': {names: ['hello', 'example', 'typed-values', 'greeting-the-world-4'], passed: 4},
	'02-html-attributes.md': {names: ['echo-hello-world', 'example', 'the-older-attribute-form-3', 'the-older-attribute-form-4', 'no-spaces'], passed: 5},
	'03-names.md': {names: ['docker:build', 'build image', 'db: migrate now', 'path/like'], passed: 4},
	'04-exclude-from-run-all.md': {names: ['optional-cells-1', 'optional-cells-2', 'optional-cleanup', 'kept'], passed: 2, skipped: 2},
	'05-background.md': {names: ['ticker', 'after-ticker', 'quiet-worker'], passed: 3},
	'06-cwd.md': {names: ['in-assets', 'deeper', 'back-home', 'at-root'], passed: 4},
	'07-cwd-frontmatter.md': {names: ['a-document-level-folder-1', 'parent', 'a-document-level-folder-3'], passed: 3},
	'08-interpreter-node.md': {names: ['sum', 'node:env'], passed: 2},
	'09-interpreter-shells.md': {names: ['cells-run-by-another-shell-1', 'same-shell', 'other-shell', 'strict', 'zsh-cell'], passed: 5},
	'10-interpreter-perl.md': {names: ['perl-hello', 'a-perl-cell-2'], passed: 2},
	'11-tags.md': {names: ['compile', 'package', 'ship', 'readme-only', 'slow-build'], passed: 4, skipped: 1},
	'12-shell-path.md': {names: ['a-notebook-for-bash-named-by-its-path-1', 'a-notebook-for-bash-named-by-its-path-2'], passed: 2},
	'13-shell-env-zsh.md': {names: ['a-notebook-for-zsh-found-through-env-1', 'zsh-version'], passed: 2},
	'14-frontmatter-runme-keys.md': {names: ['session-metadata-1'], passed: 1},
	'15-json-frontmatter.md': {names: ['frontmatter-written-as-json-1'], passed: 1},
	'16-prompts.md': {names: ['commands-shown-with-prompts-1', 'commands-shown-with-prompts-2', 'prompted-bash'], passed: 3},
	'17-export-prompt-env.md': {names: ['exported-variables-1', 'use-region', 'exported-variables-3'], passed: 3},
	'18-docs-page.md': {names: ['the-one'], passed: 1},
	'19-interpreter-streams.md': {names: ['streams'], passed: 1},
	'20-background-interpreter.md': {names: ['node-worker', 'meanwhile'], passed: 2},
};

type StepRow = {name: string; status: string; output: string; message: string | null; exitCode: number | null};
type Report = {summary: {passed: number; failed: number; skipped: number}; runbooks: Array<{reason: string; steps: StepRow[]; leftovers: unknown[]}>};
type ListedStep = {name: string; language: string; attributes: {skip?: string; interactive: boolean; cwd?: string; interpreter?: string; tags?: string[]}};
type Listed = {options: {shell: string; shellProgram?: string; cwd: string; tags?: string[]}; steps: ListedStep[]};

let dir: string;

beforeAll(() => {
	// A copy: the notebooks run where nothing of the repository can change.
	dir = mkdtempSync(path.join(tmpdir(), 'runbook-runme-'));
	cpSync(corpus, dir, {recursive: true});
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

const list = (file: string): Listed => JSON.parse(runbook(['list', '--json', file], {cwd: dir}).stdout) as Listed;

function tested(file: string, ...flags: string[]): {code: number | null; report: Report; steps: Map<string, StepRow>} {
	const ran = runbook(['test', '--reporter', 'json', ...flags, file], {cwd: dir});
	const report = JSON.parse(ran.stdout) as Report;
	return {code: ran.code, report, steps: new Map((report.runbooks[0]?.steps ?? []).map((step) => [step.name, step]))};
}

describe('the Runme corpus', () => {
	it('holds at least 15 notebooks, each one listed here', () => {
		const files = readdirSync(corpus).filter((name) => name.endsWith('.md')).sort();
		expect(files.length).toBeGreaterThanOrEqual(15);
		expect(files).toEqual(Object.keys(notebooks).sort());
	});

	for (const [file, expected] of Object.entries(notebooks)) {
		it(`${file}: check finds no error, list shows its steps, test passes`, () => {
			const checked = runbook(['check', file], {cwd: dir});
			expect(checked.code, checked.stdout + checked.stderr).toBe(0);
			// Warnings may be (`$ ` prompts), errors not.
			expect(checked.stdout.split('\n').filter((line) => line && !line.includes(': warning: '))).toEqual([]);

			expect(list(file).steps.map((step) => step.name)).toEqual(expected.names);
			const outline = runbook(['list', file], {cwd: dir});
			expect(outline.code).toBe(0);
			for (const name of expected.names) expect(outline.stdout).toContain(/\s/.test(name) ? `"${name}"` : name);

			const {code, report} = tested(file);
			expect(report.summary).toEqual({passed: expected.passed, failed: 0, skipped: expected.skipped ?? 0});
			expect(report.runbooks[0]?.reason).toBe('passed');
			expect(report.runbooks[0]?.leftovers).toEqual([]);
			expect(code).toBe(0);
		});
	}
});

describe('what each of Runme\'s attributes does', () => {
	it('display keys, in both forms, are left alone: the steps run (interactive=true included)', () => {
		for (const file of ['01-json-attributes.md', '02-html-attributes.md']) {
			const {steps} = tested(file);
			expect([...steps.values()].every((step) => step.status === 'passed'), file).toBe(true);
			expect(list(file).steps.every((step) => !step.attributes.interactive)).toBe(true);
		}
		expect(tested('01-json-attributes.md').steps.get('example')?.output).toBe('one\ntwo\n');
		expect(tested('02-html-attributes.md').steps.get('the-older-attribute-form-3')?.output).toBe('1\n2\n3\n');
	});

	it('excludeFromRunAll steps are not run in a whole run, and say why', () => {
		const {steps} = tested('04-exclude-from-run-all.md');
		for (const name of ['optional-cells-2', 'optional-cleanup']) {
			expect(steps.get(name)?.status).toBe('skipped');
			expect(steps.get(name)?.message).toBe('excludeFromRunAll (Runme runs it only when it is named)');
			expect(steps.get(name)?.output).toBe('');
		}
		expect(steps.get('kept')?.output).toBe('kept\n');
	});

	it('cwd runs the step in that folder, relative to the notebook, and leaves the session where it was', () => {
		const {steps} = tested('06-cwd.md');
		expect(steps.get('in-assets')?.output).toBe(`${path.join(dir, 'assets')}\nnested\nnotes.txt\n`);
		expect(steps.get('deeper')?.output).toBe('deep\n');
		expect(steps.get('back-home')?.output).toBe('06-cwd.md\n');
		expect(steps.get('at-root')?.output).toBe('/\n');
		expect(list('06-cwd.md').steps.map((step) => step.attributes.cwd)).toEqual(['assets', 'assets/nested', undefined, '/']);
	});

	it('a step\'s cwd is joined to the frontmatter\'s', () => {
		const {steps} = tested('07-cwd-frontmatter.md');
		expect(steps.get('a-document-level-folder-1')?.output).toBe(`${path.join(dir, 'assets')}\nfirst note\nsecond note\n`);
		expect(steps.get('parent')?.output).toBe('07-cwd-frontmatter.md\n');
	});

	it('interpreter=node runs JavaScript; a JavaScript block without one is not a step', () => {
		const {steps} = tested('08-interpreter-node.md');
		expect(steps.get('sum')?.output).toBe('6\n');
		expect(steps.get('node:env')?.output).toBe('commonjs\n');
		expect(list('08-interpreter-node.md').steps.map((step) => [step.language, step.attributes.interpreter])).toEqual([
			['js', 'node'],
			['javascript', '/usr/bin/env node'],
		]);
	});

	it('an interpreter that is the session\'s shell shares its state; another shell does not', () => {
		const {steps} = tested('09-interpreter-shells.md');
		expect(steps.get('same-shell')?.output).toBe('bash sees session\n');
		expect(steps.get('other-shell')?.output).toBe('sh sees nothing\n');
		expect(steps.get('strict')).toMatchObject({output: 'first\n', exitCode: 1, status: 'passed'});
		expect(steps.get('zsh-cell')?.output).toMatch(/^zsh \d+\n$/);
	});

	it('interpreter=perl runs Perl, in the step\'s cwd', () => {
		const {steps} = tested('10-interpreter-perl.md');
		expect(steps.get('perl-hello')?.output).toBe('perl runs\n');
		expect(steps.get('a-perl-cell-2')?.output).toBe('nested\nnotes.txt\n');
	});

	it('an interpreter\'s script is checked like any step: both streams in order, its exit status', () => {
		expect(tested('19-interpreter-streams.md').steps.get('streams')).toMatchObject({output: 'to stdout\nto stderr\nstdout again\n', exitCode: 4, status: 'passed'});
	});

	it('a background step in another language waits for its ready line and is stopped at the end', () => {
		const {steps, report} = tested('20-background-interpreter.md');
		expect(steps.get('node-worker')).toMatchObject({status: 'passed', output: 'listening\n'});
		expect(report.runbooks[0]?.leftovers).toEqual([]);
	});

	it('tag and category are listed; test --tag runs the steps tagged so (or untagged, under the document\'s tag)', () => {
		const listed = list('11-tags.md');
		expect(listed.options.tags).toEqual(['docs']);
		expect(listed.steps.map((step) => step.attributes.tags)).toEqual([['build'], ['build', 'deploy'], ['deploy'], undefined, ['build']]);
		const outline = runbook(['list', '11-tags.md'], {cwd: dir}).stdout;
		expect(outline).toMatch(/package +line \d+ +unchecked +tag=build,deploy/);

		const build = tested('11-tags.md', '--tag', 'build');
		expect(build.code).toBe(0);
		expect([...build.steps.values()].map((step) => [step.name, step.status, step.message])).toEqual([
			['compile', 'passed', null],
			['package', 'passed', null],
			['ship', 'skipped', 'not tagged build (--tag)'],
			['readme-only', 'skipped', 'not tagged build (--tag)'],
			['slow-build', 'skipped', 'excludeFromRunAll (Runme runs it only when it is named)'],
		]);
		const docs = tested('11-tags.md', '--tag', 'docs');
		expect([...docs.steps.values()].filter((step) => step.status === 'passed').map((step) => step.name)).toEqual(['readme-only']);
		const both = tested('11-tags.md', '--tag', 'deploy', '--tag', 'nothing-here');
		expect([...both.steps.values()].filter((step) => step.status === 'passed').map((step) => step.name)).toEqual(['package', 'ship']);

		const none = runbook(['test', '--tag', 'release', '11-tags.md'], {cwd: dir});
		expect(none.code).toBe(2);
		expect(none.stderr).toBe('runbook: --tag release: no step that runs carries it (tags: docs, build, deploy)\n');
	});
});

describe('what Runme\'s frontmatter does', () => {
	it('shell: /bin/bash starts that bash; shell: /usr/bin/env zsh is zsh', () => {
		expect(list('12-shell-path.md').options).toMatchObject({shell: 'bash', shellProgram: '/bin/bash'});
		const zsh = list('13-shell-env-zsh.md').options;
		expect(zsh.shell).toBe('zsh');
		expect(zsh.shellProgram).toBeUndefined();
	});

	it('runme:, skipPrompts and terminalRows are Runme\'s: no warning', () => {
		const checked = runbook(['check', '14-frontmatter-runme-keys.md'], {cwd: dir});
		expect(checked).toEqual({code: 0, stdout: '', stderr: ''});
	});

	it('JSON frontmatter is read: its shell, cwd and category', () => {
		expect(list('15-json-frontmatter.md').options).toMatchObject({shell: 'sh', cwd: 'assets', tags: ['json']});
	});

	it('shell blocks with $ prompts run as transcripts, with a warning', () => {
		const checked = runbook(['check', '16-prompts.md'], {cwd: dir});
		expect(checked.stdout).toContain('16-prompts.md:6:1: warning: ```sh block written with `$ ` prompts');
		expect(tested('16-prompts.md').steps.get('commands-shown-with-prompts-2')?.output).toBe('a\nb\n');
	});

	it('promptEnv and skipPrompts never prompt: the export runs as written', () => {
		expect(tested('17-export-prompt-env.md').steps.get('use-region')?.output).toBe('deploying to eu-west\n');
	});

	it('blocks in other languages, and Markdown examples holding fences, are not steps', () => {
		expect(list('18-docs-page.md').steps.map((step) => step.name)).toEqual(['the-one']);
	});
});
