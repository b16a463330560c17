/**
 * The parse cache keeps a ParseResult as JSON: that is only right if JSON
 * gives back every result as it was. Checked on every Markdown file of the
 * repository (shipped runbooks, docs, the corpus, the parser's fixtures):
 * each is cached (no value JSON would change) and read back strictly equal.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {describe, expect, it} from 'vitest';
import {decodeEntry, encodeEntry, entryKey} from '../../src/cache/entry.js';
import {parseRunbook} from '../../src/parse/index.js';
import {splitByteOrderMark} from '../../src/parse/source.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const skipped = /^(node_modules|dist|\.git|bench\/\.work|coverage)(\/|$)/;
const documents = (readdirSync(root, {recursive: true, encoding: 'utf8'}) as string[])
	.map((name) => name.split(path.sep).join('/'))
	.filter((name) => name.endsWith('.md') && !skipped.test(name))
	.sort();

describe('a parse result through the cache', () => {
	it('finds the documents', () => {
		expect(documents.length).toBeGreaterThan(150);
		expect(documents).toContain('runbooks/tour.md');
		expect(documents.some((name) => name.startsWith('test/fixtures/corpus/'))).toBe(true);
	});

	it('is cached and read back strictly equal for every Markdown file of the repository', () => {
		const failed: string[] = [];
		for (const name of documents) {
			const file = path.join(root, name);
			const bytes = readFileSync(file);
			const result = parseRunbook(splitByteOrderMark(bytes.toString('utf8')).text, {path: file});
			const key = entryKey('round-trip', file, bytes);
			const entry = encodeEntry(key, result);
			const back = entry && decodeEntry(key, entry);
			if (!back || !isDeepStrictEqual(back, result)) failed.push(name);
		}
		expect(failed).toEqual([]);
	});
});
