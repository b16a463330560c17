/**
 * One entry of the parse cache: its key, and the bytes of its file. Pure.
 *
 * The file is a header line, `runbook-parse-cache FORMAT KEY SHA256`, then
 * the ParseResult as JSON; SHA256 is the hash of that JSON's bytes, so that a
 * truncated, corrupt or renamed file is never read as an entry.
 */
import {createHash} from 'node:crypto';
import type {ParseResult} from '../parse/index.js';

/** The entry format; a change in it changes every key. */
const format = 1;
const magic = 'runbook-parse-cache';

/**
 * The key of a parse: the SHA-256 (hex) of the entry format, the build
 * (`ParseCache.build`), the file's absolute path (the title of a runbook
 * without a heading is its file's name) and the file's bytes. None but the
 * bytes can hold a NUL, so the fields cannot run into each other.
 */
export function entryKey(build: string, file: string, bytes: Uint8Array): string {
	return createHash('sha256').update(`${magic}\0${format}\0${build}\0${file}\0`).update(bytes).digest('hex');
}

/**
 * The file of an entry; undefined when `result` is not plain JSON data (an
 * undefined or non-finite value, -0, a class instance, a null-prototype
 * object…), which JSON would not give back as it was: such a result is not
 * cached rather than read back changed.
 */
export function encodeEntry(key: string, result: ParseResult): Buffer | undefined {
	let plain = true;
	let json: string;
	try {
		json = JSON.stringify(result, function (this: Record<string, unknown>, name: string, value: unknown) {
			const original = this[name];
			if (original === undefined || typeof original === 'function' || typeof original === 'symbol' || (typeof original === 'number' && (!Number.isFinite(original) || Object.is(original, -0)))) plain = false;
			else if (typeof original === 'object' && original !== null) {
				const prototype: unknown = Object.getPrototypeOf(original);
				if (prototype !== Object.prototype && prototype !== Array.prototype) plain = false;
			}
			return value;
		});
	} catch {
		return undefined; // a BigInt, a cycle
	}
	if (!plain) return undefined;
	const body = Buffer.from(json, 'utf8');
	return Buffer.concat([Buffer.from(`${magic} ${format} ${key} ${sha256(body)}\n`, 'latin1'), body]);
}

/** The ParseResult of an entry's file, or undefined when it is not a whole, intact entry of `key`. */
export function decodeEntry(key: string, data: Buffer): ParseResult | undefined {
	const newline = data.indexOf(0x0a);
	if (newline < 0) return undefined;
	const [name, version, ownKey, hash, ...rest] = data.subarray(0, newline).toString('latin1').split(' ');
	const body = data.subarray(newline + 1);
	if (name !== magic || version !== String(format) || ownKey !== key || rest.length > 0 || hash !== sha256(body)) return undefined;
	try {
		const result: unknown = JSON.parse(body.toString('utf8'));
		return isParseResult(result) ? result : undefined;
	} catch {
		return undefined;
	}
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function isParseResult(value: unknown): value is ParseResult {
	if (typeof value !== 'object' || value === null) return false;
	const {runbook, diagnostics} = value as Record<string, unknown>;
	if (typeof runbook !== 'object' || runbook === null || !Array.isArray(diagnostics)) return false;
	const {title, steps, sections, epilogue, options} = runbook as Record<string, unknown>;
	return typeof title === 'string' && Array.isArray(steps) && Array.isArray(sections) && Array.isArray(epilogue) && typeof options === 'object' && options !== null;
}
