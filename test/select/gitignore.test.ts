import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {gitignoreRules, repositoryRoot} from '../../src/select/gitignore.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** A folder holding `files` (path → text); a path ending in `/` is an empty folder. */
function tree(files: Record<string, string>): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-gitignore-'));
	dirs.push(dir);
	for (const [name, text] of Object.entries(files)) {
		const file = path.join(dir, name);
		mkdirSync(name.endsWith('/') ? file : path.dirname(file), {recursive: true});
		if (!name.endsWith('/')) writeFileSync(file, text);
	}
	return dir;
}

describe('gitignoreRules', () => {
	it('reads each .gitignore for the paths under its own folder, the deeper one last (its ! too)', () => {
		const dir = tree({'.gitignore': '*.draft.md\nbuild/\n', 'docs/.gitignore': '!keep.draft.md\n/local.md\n', 'docs/a.md': '', 'docs/sub/local.md': ''});
		const ignored = gitignoreRules(dir, dir);
		const at = (name: string) => ignored(path.join(dir, name));
		expect(at('docs/a.md')).toBe(false);
		expect(at('docs/x.draft.md')).toBe(true);
		expect(at('docs/keep.draft.md')).toBe(false);
		expect(at('keep.draft.md')).toBe(true);
		// `/local.md` is anchored to docs/.
		expect(at('docs/local.md')).toBe(true);
		expect(at('docs/sub/local.md')).toBe(false);
		expect(at('docs/build/a.md')).toBe(true);
	});

	it('never looks inside a folder that is left out, as git', () => {
		const dir = tree({'.gitignore': 'out/\n', 'out/.gitignore': '!*.md\n', 'out/a.md': ''});
		expect(gitignoreRules(dir, dir)(path.join(dir, 'out', 'a.md'))).toBe(true);
	});

	it("reads the ancestors' files up to the repository root, not past it", () => {
		const dir = tree({'.gitignore': 'a.md\n', 'repo/.git/': '', 'repo/.gitignore': 'b.md\n', 'repo/docs/a.md': '', 'repo/docs/b.md': ''});
		const docs = path.join(dir, 'repo', 'docs');
		expect(repositoryRoot(docs)).toBe(path.join(dir, 'repo'));
		const ignored = gitignoreRules(docs, docs);
		expect(ignored(path.join(docs, 'b.md'))).toBe(true);
		expect(ignored(path.join(docs, 'a.md'))).toBe(false);
	});

	it('outside a repository, reads them up to the current folder when the folder lies in it', () => {
		const dir = tree({'.gitignore': 'a.md\n', 'docs/a.md': ''});
		const docs = path.join(dir, 'docs');
		expect(repositoryRoot(docs)).toBeUndefined();
		expect(gitignoreRules(docs, dir)(path.join(docs, 'a.md'))).toBe(true);
		expect(gitignoreRules(docs, docs)(path.join(docs, 'a.md'))).toBe(false);
	});

	it('searches a folder named that the rules leave out, with the .gitignore files inside it only', () => {
		const dir = tree({'.gitignore': 'out/\n*.tmp.md\n', 'out/.gitignore': 'b.md\n', 'out/a.md': '', 'out/b.md': '', 'out/c.tmp.md': ''});
		const out = path.join(dir, 'out');
		const ignored = gitignoreRules(out, dir);
		expect(ignored(path.join(out, 'a.md'))).toBe(false);
		expect(ignored(path.join(out, 'b.md'))).toBe(true);
		expect(ignored(path.join(out, 'c.tmp.md'))).toBe(false);
	});
});
