import path from 'node:path';
import {globSync, isDynamicPattern} from 'tinyglobby';
import {gitignoreRules} from './gitignore.js';
import {comparePaths, shownPath} from './order.js';

/** What a folder's search or a glob found: the files kept, sorted (`comparePaths` on `shownPath`), and how many `.gitignore` left out. */
export type Found = {readonly files: readonly string[]; readonly ignored: number};

/** Folders never searched, whatever `.gitignore` says: installed packages. */
const skippedFolders = ['**/node_modules/**'];

/** Whether a command-line path is a glob (`*`, `?`, `[…]`, `{a,b}`, …: tinyglobby's reading) rather than a name. */
export function isGlob(given: string): boolean {
	return isDynamicPattern(given);
}

/**
 * Every `*.md` file under `folder` (absolute), at any depth, less those that
 * `.gitignore` leaves out (`gitignoreRules`), those under `node_modules`, and
 * hidden ones (a name that starts with `.`, in the file or a folder on the way).
 */
export function searchFolder(folder: string, cwd: string): Found {
	return keep(globSync('**/*.md', {cwd: folder, absolute: true, onlyFiles: true, ignore: skippedFolders, followSymbolicLinks: false}), folder, cwd);
}

/**
 * The files a glob matches, read from `cwd` by tinyglobby (picomatch's syntax:
 * `**`, `*`, `?`, `[…]`, `{a,b}`), under the same rules as a folder's search:
 * `.gitignore` applies from the glob's fixed leading folders (`docs/` in
 * `docs/**\/*.md`) as it would to that folder, `node_modules` is skipped, and
 * hidden files are reached only when the pattern spells their dot.
 */
export function searchGlob(pattern: string, cwd: string): Found {
	const files = globSync(pattern, {cwd, absolute: true, onlyFiles: true, ignore: skippedFolders, followSymbolicLinks: false, expandDirectories: false});
	return keep(files, path.resolve(cwd, fixedFolder(pattern)), cwd);
}

/** The leading folders of a glob that hold no pattern: `docs/guides` of `docs/guides/**\/*.md`, `.` of `*.md`. */
function fixedFolder(pattern: string): string {
	const parts = pattern.split('/');
	const fixed: string[] = [];
	for (const part of parts.slice(0, -1)) {
		if (isDynamicPattern(part)) break;
		fixed.push(part);
	}
	return fixed.join('/') || '.';
}

function keep(files: readonly string[], folder: string, cwd: string): Found {
	const ignoredBy = gitignoreRules(folder, cwd);
	const kept = files.map((file) => path.resolve(file)).filter((file) => !ignoredBy(file));
	const sorted = kept.map((file) => ({file, key: shownPath(file, cwd)})).sort((a, b) => comparePaths(a.key, b.key));
	return {files: sorted.map((item) => item.file), ignored: files.length - kept.length};
}
