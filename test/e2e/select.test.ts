import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {countsLine} from './blank.js';
import {runbook} from './cli.js';
import {removeTreeCopies, treeCopy} from './tree.js';

afterEach(removeTreeCopies);

/** The runbooks in the tree that folders and globs select, sorted by path, and their steps. */
const runbooks = {'docs/failing.md': 2, 'docs/guides/nested.md': 2, 'docs/ops/exclusive.md': 1, 'docs/passing.md': 3};

/** The files a JSON report lists, in order. */
function reported(stdout: string): string[] {
	return (JSON.parse(stdout) as {runbooks: {file: string}[]}).runbooks.map((entry) => entry.file);
}

/** The files `list --json` selects, in order. */
function listed(args: readonly string[], cwd: string): string[] {
	const ran = runbook(['list', '--json', ...args], {cwd});
	expect(ran.stderr).toBe('');
	expect(ran.code).toBe(0);
	return (JSON.parse(ran.stdout) as {file: string}[]).map((model) => model.file);
}

describe('files, folders and globs', () => {
	it('runs the runbooks of a folder, sorted by path, honouring .gitignore and skipping node_modules and files with no step', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--reporter', 'json', '.'], {cwd: dir});
		expect(ran.code).toBe(1);
		expect(reported(ran.stdout)).toEqual(Object.keys(runbooks));
		// README.md and docs/guides/notes.md have no step: passed over quietly.
		expect(ran.stderr).toBe('');
	});

	it('names the files passed over with --verbose', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--verbose', '--reporter', 'json', '.'], {cwd: dir});
		expect(ran.stderr).toBe('runbook: passed over README.md: no step\nrunbook: passed over docs/guides/notes.md: no step\n');
		expect(reported(ran.stdout)).toEqual(Object.keys(runbooks));
	});

	it('takes a quoted glob, under the same rules', () => {
		const dir = treeCopy();
		expect(listed(['docs/**/*.md'], dir)).toEqual(Object.keys(runbooks));
		expect(listed(['docs/*.md'], dir)).toEqual(['docs/failing.md', 'docs/passing.md']);
		// node_modules/pkg/README.md has a step, and is never reached; the other README has none.
		const readmes = runbook(['test', '**/README.md'], {cwd: dir});
		expect(readmes.code).toBe(2);
		expect(readmes.stderr).toBe('runbook: **/README.md: no runbook matches this glob: it matches 1 file, none with a step\n');
	});

	it('keeps the order of the paths given, and runs a file reached twice once', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--reporter', 'json', 'docs/passing.md', 'docs/guides', 'docs', 'docs/passing.md', 'docs/*.md'], {cwd: dir});
		expect(reported(ran.stdout)).toEqual(['docs/passing.md', 'docs/guides/nested.md', 'docs/failing.md', 'docs/ops/exclusive.md']);
	});

	it('keeps a file named with no step an error, even when a folder reaches it too', () => {
		const dir = treeCopy();
		const noStep = 'docs/guides/notes.md:1:1: no step: nothing in this runbook runs, so it would pass without checking anything; write commands in a ```sh, ```bash, ```zsh or ```console block [no-steps]\n';
		const test = runbook(['test', 'docs', 'docs/guides/notes.md'], {cwd: dir});
		expect(test.code).toBe(2);
		expect(test.stderr).toBe(`${noStep}runbook: nothing was run: fix the errors above (\`runbook check\` lists them)\n`);
		const check = runbook(['check', 'docs/guides/notes.md'], {cwd: dir});
		expect([check.code, check.stdout]).toEqual([2, noStep]);
		const list = runbook(['list', 'docs/guides/notes.md'], {cwd: dir});
		expect([list.code, list.stderr]).toEqual([2, noStep]);
	});

	it('honours nested .gitignore files and their ancestors up to the repository root', () => {
		const dir = treeCopy();
		writeFileSync(path.join(dir, 'docs', '.gitignore'), 'passing.md\n');
		writeFileSync(path.join(dir, 'docs', 'ops', '.gitignore'), '!wip.draft.md\n');
		expect(listed(['.'], dir)).toEqual(['docs/failing.md', 'docs/guides/nested.md', 'docs/ops/exclusive.md', 'docs/ops/wip.draft.md']);
		// From docs/ in a repository, the root's .gitignore (`ignored/`, `*.draft.md`) still applies.
		writeFileSync(path.join(dir, 'docs', 'ops', '.gitignore'), '');
		execFileSync('git', ['init', '--quiet', dir]);
		expect(listed(['.'], path.join(dir, 'docs'))).toEqual(['failing.md', 'guides/nested.md', 'ops/exclusive.md']);
	});

	it('matches .gitignore patterns with case, as git on Linux does (core.ignorecase false)', () => {
		const dir = treeCopy();
		writeFileSync(path.join(dir, 'docs', '.gitignore'), 'PASSING.md\n/Guides/\n');
		execFileSync('git', ['init', '--quiet', dir]);
		const gitKeeps = execFileSync('git', ['ls-files', '--others', '--exclude-standard', 'docs'], {cwd: dir, encoding: 'utf8'});
		expect(gitKeeps).toContain('docs/passing.md\n');
		expect(gitKeeps).toContain('docs/guides/nested.md\n');
		expect(listed(['docs'], dir)).toEqual(Object.keys(runbooks));
		expect(listed(['docs/**/*.md'], dir)).toEqual(Object.keys(runbooks));
	});

	it('searches a folder that .gitignore leaves out when it is named', () => {
		const dir = treeCopy();
		const ran = runbook(['check', 'ignored'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stdout).toMatch(/^ignored\/broken\.md:3:1: /);
	});

	it('refuses a folder or glob that selects no runbook, saying what it found', () => {
		const dir = treeCopy();
		mkdirSync(path.join(dir, 'empty'));
		const cases = [
			['empty', 'runbook: empty: no runbook in this folder: it holds no Markdown file (*.md)\n'],
			['docs/ops/*.draft.md', 'runbook: docs/ops/*.draft.md: no runbook matches this glob: it matches no file, besides 1 that .gitignore leaves out\n'],
			['nowhere/**/*.md', 'runbook: nowhere/**/*.md: no runbook matches this glob: it matches no file\n'],
		] as const;
		for (const [given, message] of cases) {
			for (const verb of ['test', 'check', 'list']) {
				const ran = runbook([verb, given], {cwd: dir});
				expect([ran.code, ran.stderr, ran.stdout]).toEqual([2, message, '']);
			}
		}
		mkdirSync(path.join(dir, 'prose'));
		writeFileSync(path.join(dir, 'prose', 'a.md'), '# Prose\n\nNo steps.\n');
		const prose = runbook(['test', 'prose'], {cwd: dir});
		expect([prose.code, prose.stderr]).toEqual([2, 'runbook: prose: no runbook in this folder: 1 Markdown file in it, none with a step\n']);
	});

	it('still finds a bare name in runbooks/', () => {
		const dir = treeCopy();
		mkdirSync(path.join(dir, 'runbooks'));
		writeFileSync(path.join(dir, 'runbooks', 'deploy.md'), '# Deploy\n\n```sh\necho ok\n```\n');
		const ran = runbook(['test', 'deploy'], {cwd: dir});
		expect([ran.code, countsLine(ran.stdout)]).toEqual([0, '1 passed, 0 failed (time)']);
	});

	it('lists several runbooks, one outline each; --json is an array unless the one path is a file', () => {
		const dir = treeCopy();
		const ran = runbook(['list', 'docs/passing.md', 'docs/guides'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(ran.stdout).toMatch(/^Greetings \(docs\/passing\.md, 3 steps\)\n[\s\S]*\n\nNested guide \(docs\/guides\/nested\.md, 2 steps\)\n/);
		const one = JSON.parse(runbook(['list', '--json', 'docs/passing.md'], {cwd: dir}).stdout) as {file: string};
		expect(one.file).toBe('docs/passing.md');
		expect(listed(['docs/guides'], dir)).toEqual(['docs/guides/nested.md']);
	});
});

describe('-t / --grep', () => {
	it('selects runbooks by path', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '-t', 'guides/', '--reporter', 'json', 'docs'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(reported(ran.stdout)).toEqual(['docs/guides/nested.md']);
	});

	it('selects runbooks by title', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--grep', '^(Greetings|Fixed port)$', '--reporter', 'json', '.'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(reported(ran.stdout)).toEqual(['docs/ops/exclusive.md', 'docs/passing.md']);
		expect(listed(['-t', 'Disk', '.'], dir)).toEqual(['docs/failing.md']);
	});

	it('refuses a pattern that selects nothing, listing what there was, and a pattern RE2 refuses', () => {
		const dir = treeCopy();
		const none = runbook(['test', '-t', 'deploy', 'docs'], {cwd: dir});
		expect([none.code, none.stdout]).toEqual([2, '']);
		expect(none.stderr).toBe('runbook: -t deploy: no runbook\'s path or title matches (4 runbooks: docs/failing.md "Disk report", docs/guides/nested.md "Nested guide", docs/ops/exclusive.md "Fixed port", docs/passing.md "Greetings")\n');
		const bad = runbook(['test', '-t', '(?<=a)b', 'docs'], {cwd: dir});
		expect([bad.code, bad.stdout]).toEqual([2, '']);
		expect(bad.stderr).toMatch(/^runbook: -t \(\?<=a\)b: lookbehind `\(\?<=…\)` is not supported/);
	});
});

describe('--shard', () => {
	/** Each shard's files for n parts, and their steps. */
	function shards(dir: string, count: number): string[][] {
		return Array.from({length: count}, (_, index) => {
			const ran = runbook(['list', '--json', '--shard', `${index + 1}/${count}`, '.'], {cwd: dir});
			expect(ran.code).toBe(0);
			return (JSON.parse(ran.stdout) as {file: string}[]).map((model) => model.file);
		});
	}

	// Twenty runs of the CLI: a test timeout for a loaded machine, not a limit on the tool.
	it('splits the selection into n parts that hold every runbook once, the same on a second run in another copy, balanced by steps', {timeout: 180_000}, () => {
		const first = treeCopy();
		const second = treeCopy();
		for (let count = 1; count <= 4; count++) {
			const parts = shards(first, count);
			expect(parts.flat().sort()).toEqual(Object.keys(runbooks));
			expect(shards(second, count)).toEqual(parts);
			const steps = parts.map((part) => part.reduce((sum, file) => sum + (runbooks[file as keyof typeof runbooks] ?? 0), 0));
			expect(Math.max(...steps) - Math.min(...steps)).toBeLessThanOrEqual(Math.max(...Object.values(runbooks)));
		}
	});

	it('gives the heaviest first to the part with the fewest steps', () => {
		const dir = treeCopy();
		// Steps: passing 3 → part 1; failing 2 → part 2; nested 2 → part 2 (2 < 3); exclusive 1 → part 1 (3 < 4).
		expect(shards(dir, 2)).toEqual([['docs/ops/exclusive.md', 'docs/passing.md'], ['docs/failing.md', 'docs/guides/nested.md']]);
	});

	it('runs only its part in test, after -t', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--shard', '2/2', '-t', '^docs/(passing|guides|ops)', '--reporter', 'json', '.'], {cwd: dir});
		expect(ran.code).toBe(0);
		// passing (3) in part 1; nested (2) and exclusive (1) in part 2.
		expect(reported(ran.stdout)).toEqual(['docs/guides/nested.md', 'docs/ops/exclusive.md']);
	});

	it('passes an empty shard with a note', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--shard', '3/3', 'docs/passing.md', 'docs/failing.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(ran.stderr).toBe('runbook: --shard 3/3 is empty: 2 runbooks in 3 parts; nothing to run\n');
		expect(countsLine(ran.stdout)).toBe('0 passed, 0 failed (time)');
	});

	it('refuses a shard that is not i/n with 1 ≤ i ≤ n', () => {
		const dir = treeCopy();
		for (const [given, message] of [
			['0/2', '--shard 0/2: the part must be from 1 to 2'],
			['3/2', '--shard 3/2: the part must be from 1 to 2'],
			['1/0', '--shard 1/0: the number of parts must be a whole number from 1 up'],
			['half', '--shard takes i/n, such as 2/3 (the second of three parts), not `half`'],
		]) {
			const ran = runbook(['test', '--shard', given ?? '', 'docs'], {cwd: dir});
			expect([ran.code, ran.stderr, ran.stdout]).toEqual([2, `runbook: ${message}\n`, '']);
		}
	});
});

describe('test --section', () => {
	it('runs the steps of that section and its sub-sections; the others, and the other runbooks, are skipped with a reason', () => {
		const dir = treeCopy();
		writeFileSync(
			path.join(dir, 'docs', 'service.md'),
			'# Service\n\n## Start\n\n```sh\necho started\n```\n\n### Check\n\n```sh\necho checked\n```\n\n## Stop\n\n```sh {cleanup}\necho stopped\n```\n\n```sh\nfalse\n```\n',
		);
		const ran = runbook(['test', '--section', 'start', '--reporter', 'json', 'docs'], {cwd: dir});
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(0);
		const report = JSON.parse(ran.stdout) as {summary: unknown; runbooks: {file: string; steps: {name: string; status: string; message: string}[]}[]};
		const service = report.runbooks.find((entry) => entry.file === 'docs/service.md');
		expect(service?.steps.map((step) => [step.name, step.status, step.status === 'skipped' ? step.message : ''])).toEqual([
			['start-1', 'passed', ''],
			['check-1', 'passed', ''],
			['stop-2', 'skipped', 'not in the section "Start" (--section)'],
			// A cleanup step outside the section undoes what did not run: skipped too.
			['stop-1', 'skipped', 'not in the section "Start" (--section)'],
		]);
		const passing = report.runbooks.find((entry) => entry.file === 'docs/passing.md');
		expect(passing?.steps.map((step) => step.message)).toEqual(Array(3).fill('the runbook has no section "start" (--section)'));
		expect(report.summary).toEqual({passed: 2, failed: 0, skipped: 10});
	});

	it('refuses a section that no selected runbook has, listing the headings', () => {
		const dir = treeCopy();
		const ran = runbook(['test', '--section', 'Deploy', 'docs/guides', 'docs/passing.md'], {cwd: dir});
		expect([ran.code, ran.stdout]).toEqual([2, '']);
		expect(ran.stderr).toBe('runbook: --section Deploy: no runbook has such a heading (headings: "Nested guide", "Set up", "Use", "Greetings")\n');
	});
});

describe('play off a terminal', () => {
	it('still takes one file: a folder is for test', () => {
		const dir = treeCopy();
		const ran = runbook(['play', 'docs'], {cwd: dir});
		expect([ran.code, ran.stderr, ran.stdout]).toEqual([2, 'runbook: docs: is a folder, not a runbook\n', '']);
	});

	it('runs one section as test --section does', () => {
		const dir = treeCopy();
		const ran = runbook(['play', '--section', 'set-up', 'docs/guides/nested.md'], {cwd: dir});
		expect(ran.stdout).toContain('✓ Set up › set-up-1');
		expect(ran.stdout).toContain('↷ Use › use-1 not in the section "Set up" (--section)');
		expect(countsLine(ran.stdout)).toBe('1 passed, 0 failed, 1 skipped (time)');
		expect(ran.code).toBe(0);
	});
});
