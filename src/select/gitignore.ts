import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import ignore, {type Ignore} from 'ignore';

/**
 * Whether `.gitignore` patterns ignore case: as git's `core.ignorecase`,
 * which `git init` and `git clone` set to true on a file system that ignores
 * case (the default ones of macOS and Windows) and leave false elsewhere, so
 * that on Linux `*.MD` leaves out no `notes.md`. The `ignore` package ignores
 * case unless told otherwise.
 */
export const patternsIgnoreCase = process.platform === 'darwin' || process.platform === 'win32';

/** Whether a path under the searched folder is left out by the `.gitignore` files that apply to it. */
export type IgnoredBy = (file: string, isDirectory?: boolean) => boolean;

/** The nearest folder from `folder` up that holds `.git` (a folder, or a worktree's file): the repository's root. */
export function repositoryRoot(folder: string): string | undefined {
	for (let dir = folder; ; dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, '.git'))) return dir;
		if (path.dirname(dir) === dir) return undefined;
	}
}

const inside = (folder: string, parent: string) => folder === parent || folder.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * `.gitignore` rules for the files under `folder` (absolute), read the way git
 * reads them: each `.gitignore` applies to the paths under its own folder,
 * relative to it, a deeper file's rules (`!` too) after a shallower one's, and
 * a folder that is left out takes everything under it along (git never looks
 * inside it). The files read are those of `folder`, of the folders under it,
 * and of its ancestors up to the repository's root (`repositoryRoot`);
 * outside a repository, up to `cwd` when `folder` lies within it. A folder
 * named on the command line that those rules leave out is searched all the
 * same, with only the `.gitignore` files inside it (as ripgrep searches a
 * path it is given). `.git/info/exclude` and git's global excludes file are
 * not read. Pattern syntax: gitignore(5), matched by the `ignore` package,
 * case as `patternsIgnoreCase` says.
 */
export function gitignoreRules(folder: string, cwd: string): IgnoredBy {
	const root = repositoryRoot(folder);
	const rulesOf = new Map<string, Ignore | undefined>();
	const read = (dir: string): Ignore | undefined => {
		if (rulesOf.has(dir)) return rulesOf.get(dir);
		const file = path.join(dir, '.gitignore');
		let rules: Ignore | undefined;
		try {
			rules = existsSync(file) ? ignore({ignorecase: patternsIgnoreCase}).add(readFileSync(file, 'utf8')) : undefined;
		} catch {
			// An unreadable .gitignore is one git would skip too.
			rules = undefined;
		}
		rulesOf.set(dir, rules);
		return rules;
	};
	const excludedDirs = new Map<string, boolean>();
	/** Whether the rules of the .gitignore files from `base` down to `target`'s folder leave `target` out (its folders already checked). */
	const leftOut = (base: string, target: string, isDirectory: boolean): boolean => {
		let out = false;
		let dir = base;
		const chain = [base, ...path.relative(base, path.dirname(target)).split(path.sep).filter(Boolean).map((part) => (dir = path.join(dir, part)))];
		for (const owner of chain) {
			const rules = read(owner);
			if (!rules) continue;
			const relative = path.relative(owner, target).split(path.sep).join('/') + (isDirectory ? '/' : '');
			const result = rules.test(relative);
			if (result.ignored) out = true;
			else if (result.unignored) out = false;
		}
		return out;
	};
	const makeCheck = (base: string): IgnoredBy => (file, isDirectory = false) => {
		const parts = path.relative(base, file).split(path.sep);
		let target = base;
		for (const [index, part] of parts.entries()) {
			target = path.join(target, part);
			const directory = index < parts.length - 1 || isDirectory;
			if (!directory) return leftOut(base, target, false);
			let out = excludedDirs.get(target);
			if (out === undefined) {
				out = leftOut(base, target, true);
				excludedDirs.set(target, out);
			}
			if (out) return true;
		}
		return false;
	};
	const top = root ?? (inside(folder, cwd) ? cwd : folder);
	if (top !== folder && makeCheck(top)(folder, true)) {
		excludedDirs.clear();
		return makeCheck(folder);
	}
	return makeCheck(top);
}
