/**
 * Where the parse cache lives, and whether it is used: `$XDG_CACHE_HOME/runbook`,
 * else `~/.cache/runbook` (the XDG Base Directory Specification's user cache
 * folder). Off with `--no-cache` or `RUNBOOK_NO_CACHE`.
 */
import {homedir} from 'node:os';
import path from 'node:path';
import {version} from '../version.js';

/** Written in by the build (scripts/bundle.js, esbuild `define`): the SHA-256 of the parser's bundled code. */
declare const RUNBOOK_PARSER_HASH: string | undefined;

/** The cache of parsed runbooks of one build: its folder, and the build its entries belong to. */
export type ParseCache = {
	/** An absolute path; made (mode 0700) on the first write. */
	readonly folder: string;
	/** The tool's version and its parser's hash: an entry of another build is never found. */
	readonly build: string;
};

/** The cache's folder under the cache home (its one home). */
export const cacheFolderName = 'runbook';

/** Set to a non-empty value, this variable turns the parse cache off, as `--no-cache` does (for CI). */
export const noCacheVariable = 'RUNBOOK_NO_CACHE';

/**
 * The user's cache home: `XDG_CACHE_HOME` when it is an absolute path (the
 * spec: a relative one is invalid and ignored), else `~/.cache`; undefined
 * when there is no absolute home folder either.
 */
export function cacheHome(env: Readonly<Record<string, string | undefined>>, home: () => string = homedir): string | undefined {
	const xdg = env.XDG_CACHE_HOME;
	if (xdg && path.isAbsolute(xdg)) return xdg;
	let folder: string;
	try {
		folder = home();
	} catch {
		return undefined;
	}
	return folder && path.isAbsolute(folder) ? path.join(folder, '.cache') : undefined;
}

/**
 * The parse cache a command uses: undefined when `enabled` is false
 * (`--no-cache`), when `RUNBOOK_NO_CACHE` is set, when there is no cache
 * home, and when this code was not built (run from src/ by tsx or vitest,
 * it has no parser hash to key entries on).
 */
export function parseCacheFor(enabled: boolean, env: Readonly<Record<string, string | undefined>>, parserHash: string | undefined = typeof RUNBOOK_PARSER_HASH === 'string' ? RUNBOOK_PARSER_HASH : undefined): ParseCache | undefined {
	if (!enabled || env[noCacheVariable] || !parserHash) return undefined;
	const home = cacheHome(env);
	return home === undefined ? undefined : {folder: path.join(home, cacheFolderName), build: `${version}+${parserHash}`};
}
