import {statSync} from 'node:fs';
import path from 'node:path';
import {isUserError, type UserError} from '../errors.js';
import {locateRunbook} from './load.js';

/** One command-line path, read: a file named as such, or the files a folder's search or a glob found. */
export type Reached =
	| {readonly kind: 'file'; readonly given: string; readonly file: string; readonly error?: UserError}
	| {readonly kind: 'folder' | 'glob'; readonly given: string; readonly files: readonly string[]; readonly ignored: number};

/**
 * What a command-line path names, in this order: an existing folder (searched
 * with `searchFolder`), an existing file, a glob (`isGlob`, searched with
 * `searchGlob`), else a file to find as `locateRunbook` does (in `runbooks/`
 * when not found as given). A file that cannot be found keeps its error, to
 * be reported in its place. The search (tinyglobby, `.gitignore` rules) loads
 * only for a folder or a path that is not a file: naming files costs nothing of it.
 */
export async function reach(given: string, cwd: string): Promise<Reached> {
	const absolute = path.resolve(cwd, given);
	const stats = statSync(absolute, {throwIfNoEntry: false});
	if (stats?.isDirectory()) {
		const {searchFolder} = await import('./search.js');
		return {kind: 'folder', given, ...searchFolder(absolute, cwd)};
	}
	if (!stats) {
		const {isGlob, searchGlob} = await import('./search.js');
		if (isGlob(given)) return {kind: 'glob', given, ...searchGlob(given, cwd)};
	}
	try {
		return {kind: 'file', given, file: locateRunbook(given, cwd)};
	} catch (error) {
		if (!isUserError(error)) throw error;
		return {kind: 'file', given, file: absolute, error};
	}
}
