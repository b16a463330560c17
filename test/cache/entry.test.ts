import {describe, expect, it} from 'vitest';
import {decodeEntry, encodeEntry, entryKey} from '../../src/cache/entry.js';
import {parseRunbook, type ParseResult} from '../../src/parse/index.js';

const text = '# Hello\n\n```sh\necho hi\n```\n\n```output\nhi\n```\n';
const bytes = Buffer.from(text);
const result = parseRunbook(text, {path: '/notes/hello.md'});

describe('the key of an entry', () => {
	const key = entryKey('1.0.0+abc', '/notes/hello.md', bytes);

	it('is a SHA-256 in hex, the same for the same build, path and bytes', () => {
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(entryKey('1.0.0+abc', '/notes/hello.md', Buffer.from(text))).toBe(key);
	});

	it('changes with the build (version or parser), the path and every byte', () => {
		const others = [
			entryKey('1.0.1+abc', '/notes/hello.md', bytes),
			entryKey('1.0.0+abd', '/notes/hello.md', bytes),
			entryKey('1.0.0+abc', '/notes/other.md', bytes),
			entryKey('1.0.0+abc', '/notes/hello.md', Buffer.from(text.replace('hi', 'ho'))),
			entryKey('1.0.0+abc', '/notes/hello.md', Buffer.from(`\uFEFF${text}`)),
			// The fields are separated: moving a character from the path to the build is another key.
			entryKey('1.0.0+abc/', 'notes/hello.md', bytes),
		];
		expect(new Set([key, ...others]).size).toBe(others.length + 1);
	});
});

describe('an entry file', () => {
	const key = entryKey('build', '/notes/hello.md', bytes);
	const entry = encodeEntry(key, result)!;

	it('gives back the parse result, deep and strictly equal', () => {
		expect(entry).toBeInstanceOf(Buffer);
		expect(decodeEntry(key, entry)).toStrictEqual(result);
	});

	it('is not read as an entry when truncated, changed in one byte, empty, or not of this key', () => {
		const body = entry.indexOf(0x0a) + 1;
		const flipped = Buffer.from(entry);
		flipped[body + 20] = flipped[body + 20]! ^ 0x01;
		const cases = [entry.subarray(0, entry.length - 1), entry.subarray(0, body + 10), entry.subarray(0, body - 1), Buffer.alloc(0), flipped];
		for (const data of cases) expect(decodeEntry(key, data)).toBeUndefined();
		expect(decodeEntry(entryKey('other build', '/notes/hello.md', bytes), entry)).toBeUndefined();
	});

	it('is not read when its header names another format, even with a matching hash', () => {
		const text = entry.toString('utf8').replace(/^runbook-parse-cache 1 /, 'runbook-parse-cache 0 ');
		expect(decodeEntry(key, Buffer.from(text))).toBeUndefined();
	});

	it('must hold a parse result: valid JSON of another shape is not one', () => {
		const fake = {runbook: {title: 'x'}, diagnostics: []} as unknown as ParseResult;
		expect(decodeEntry(key, encodeEntry(key, fake)!)).toBeUndefined();
	});

	it('is not made of a result JSON would not give back as it was', () => {
		const cases: unknown[] = [undefined, Number.NaN, Number.POSITIVE_INFINITY, -0, new Date(0), Object.create(null), new Map(), () => 1, 10n, /re/];
		for (const value of cases) {
			const changed = {...result, runbook: {...result.runbook, sections: [{title: 'x', slug: 'x', depth: 1, line: 1, extra: value}]}} as unknown as ParseResult;
			expect(encodeEntry(key, changed), typeof value).toBeUndefined();
		}
		const cycle: Record<string, unknown> = {};
		cycle.self = cycle;
		expect(encodeEntry(key, {...result, runbook: {...result.runbook, options: cycle}} as unknown as ParseResult)).toBeUndefined();
		const holes = {...result, diagnostics: new Array(2)} as unknown as ParseResult;
		expect(encodeEntry(key, holes)).toBeUndefined();
	});
});
