/**
 * The parse cache: a runbook's ParseResult, kept on disk between runs so that
 * a file that did not change is not parsed again (the first parse in a
 * process costs about 0.25 s of CPU for 30 KB, most of it the Markdown
 * parser's cold start; a hit costs a few milliseconds). Keyed by
 * `entryKey`: the build, the file's path and its bytes.
 */
import type {ParseResult} from '../parse/index.js';
import {decodeEntry, encodeEntry, entryKey} from './entry.js';
import type {ParseCache} from './folder.js';
import {cachedSourceBytes, readEntry, writeEntry} from './store.js';

export {parseCacheFor, type ParseCache} from './folder.js';

/**
 * The ParseResult of the file `file` whose bytes are `bytes`: the cached one
 * when `cache` holds it, else `parse()`'s, which is then written to `cache`.
 * Without a cache, or for a file larger than `sourceBytes`, just
 * `parse()`. Whatever goes wrong with the cache (`store.ts`, `entry.ts`) is
 * silent: the result is `parse()`'s, the same.
 */
export async function parseThroughCache(cache: ParseCache | undefined, file: string, bytes: Uint8Array, parse: () => Promise<ParseResult>, sourceBytes = cachedSourceBytes): Promise<ParseResult> {
	if (!cache || bytes.length > sourceBytes) return parse();
	const key = entryKey(cache.build, file, bytes);
	const data = readEntry(cache.folder, key);
	const cached = data && decodeEntry(key, data);
	if (cached) return cached;
	const result = await parse();
	const entry = encodeEntry(key, result);
	if (entry) writeEntry(cache.folder, key, entry);
	return result;
}
