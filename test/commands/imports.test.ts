import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {loadedBy, src} from '../static-imports.js';

/** The reporters' own modules and what only they need (tap's yaml, pretty's terminal model). */
const reporterModules = /^(reporters\/(pretty|tap|junit|json|github|pretty-diff|xml|outline|step-summary)\.ts|yaml|match\/(terminal|cells)\.ts)$/;

describe('what each command loads before it starts', () => {
	it('the command line (bin.ts) loads no reporter, no engine and no player: each verb loads its own', () => {
		// The player's key table is a list of names for --help, nothing of the player itself.
		const loaded = loadedBy('bin.ts').filter((file) => file !== 'ui/key-table.ts');
		const heavy = loaded.filter((file) => reporterModules.test(file) || /^(execa|ink|react|yaml|chokidar|tinyglobby|ignore|unified|remark-)/.test(file) || /^(engine\/(run|session)|parse\/index|update\/|ui\/)/.test(file));
		expect(heavy).toEqual([]);
	});

	it('check and list load the parser (through select/load.ts, when a file is not in the parse cache) but no reporter and no engine', () => {
		for (const verb of ['commands/check.ts', 'commands/list.ts']) {
			const loaded = loadedBy(verb);
			expect(loaded).toContain('select/load.ts');
			expect(loaded.filter((file) => /^reporters\/(pretty|tap|junit|json|github)\.ts$/.test(file) || /^(execa|engine\/(run|session)\.ts)/.test(file))).toEqual([]);
		}
	});

	it('naming files loads no search: tinyglobby and the .gitignore rules come with a folder or a glob (select/reach.ts)', () => {
		const loaded = loadedBy('commands/select-files.ts');
		expect(loaded).toContain('select/reach.ts');
		expect(loaded.filter((file) => /^(tinyglobby|ignore|select\/(search|gitignore)\.ts)$/.test(file))).toEqual([]);
	});

	it('test loads the engine, and a reporter or the updater only when a run asks for it (reporters/load.ts, --update)', () => {
		const loaded = loadedBy('commands/test.ts');
		expect(loaded).toContain('engine/run.ts');
		expect(loaded.filter((file) => /^reporters\/(pretty|tap|junit|json|github)\.ts$/.test(file) || /^update\/(index|keep-patterns|render)\.ts$/.test(file))).toEqual([]);
	});

	it('play draws its first frame without the test command, the engine or the reporters (they load when it runs as test)', () => {
		const loaded = loadedBy('commands/play.ts');
		expect(loaded.filter((file) => /^(commands\/test\.ts|engine\/(run|session)\.ts|reporters\/(pretty|tap|junit|json)\.ts|execa)$/.test(file))).toEqual([]);
	});

	it('no command loads the Markdown parser as it starts: select/load.ts imports it when a file is not in the parse cache', () => {
		const parser = /^(parse\/(index|markdown|frontmatter)\.ts|unified|remark-.*|micromark.*|mdast-util-.*|yaml)$/;
		for (const verb of ['bin.ts', 'commands/test.ts', 'commands/check.ts', 'commands/list.ts', 'commands/play.ts']) {
			const loaded = loadedBy(verb);
			if (verb !== 'bin.ts') expect(loaded).toContain('select/load.ts');
			expect(loaded.filter((file) => parser.test(file)), verb).toEqual([]);
		}
		expect(readFileSync(path.join(src, 'select', 'load.ts'), 'utf8')).toContain("import('../parse/index.js')");
	});
});
