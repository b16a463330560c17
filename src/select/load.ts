import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {UserError} from '../errors.js';
import {parseThroughCache, type ParseCache} from '../cache/index.js';
import type {Runbook} from '../model.js';
import {emptyRunbook as untitledRunbook} from '../parse/defaults.js';
import type {ParseResult} from '../parse/index.js';
import {splitByteOrderMark} from '../parse/source.js';
import {withRunHosts} from '../parse/unknown-host.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Find a runbook: the path as given, else in `runbooks/` (of the current folder,
 * then of this package), so `runbook play docker-network.md` works from the repository root.
 */
export function locateRunbook(given: string, cwd = process.cwd()): string {
	const candidates = [path.resolve(cwd, given)];
	if (!path.isAbsolute(given)) {
		candidates.push(path.resolve(cwd, 'runbooks', given), path.resolve(packageRoot, 'runbooks', given));
		if (!given.endsWith('.md')) candidates.push(path.resolve(cwd, 'runbooks', `${given}.md`), path.resolve(packageRoot, 'runbooks', `${given}.md`));
	}
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found) throw new UserError('not-found', `${given}: no such file (looked in ./ and runbooks/)`);
	if (statSync(found).isDirectory()) throw new UserError('not-a-file', `${given}: is a folder, not a runbook`);
	return found;
}

/** `source` is the file's text after a byte-order mark, if it has one; `bom` is that mark (or ''), for writers to put back. */
export type Loaded = ParseResult & {readonly file: string; readonly source: string; readonly bom: string; readonly shown: string};

/**
 * Read and parse one runbook; unreadable files are a one-line UserError.
 * With `cache` (`parseCacheFor`), a file parsed before by this build is read
 * from the parse cache; the Markdown parser is loaded (`import()`) only when
 * a file must be parsed, so a run whose files are all cached never loads it.
 * `runHosts`: host names the run defines besides the runbook's `hosts:`
 * (`--host`, `RUNBOOK_HOSTS`): a step on one of them is no `unknown-host`.
 */
export async function loadRunbook(given: string, cwd = process.cwd(), cache?: ParseCache, runHosts: readonly string[] = []): Promise<Loaded> {
	const file = locateRunbook(given, cwd);
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		throw new UserError('unreadable', `${given}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
	const {bom, text: source} = splitByteOrderMark(bytes.toString('utf8'));
	const shown = path.relative(cwd, file) || file;
	const parsed = await parseThroughCache(cache, file, bytes, async () => (await import('../parse/index.js')).parseRunbook(source, {path: file}));
	return {...withRunHosts(parsed, runHosts), file, source, bom, shown};
}

/** The runbook of a file that could not be read, for its report: no steps, titled by the parser's rule for untitled files (the file's name). */
export const emptyRunbook: (file: string) => Runbook = untitledRunbook;
