import type * as fsModule from 'node:fs';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it, vi} from 'vitest';

// A full disk: every write fails with ENOSPC, as write(2) does when the file system has no room.
vi.mock('node:fs', async (original) => {
	const fs = await original<typeof fsModule>();
	const writeSync = () => {
		throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
	};
	return {...fs, writeSync, default: {...fs, writeSync}};
});

const {writeEntry, readEntry} = await import('../../src/cache/store.js');
const dir = mkdtempSync(path.join(tmpdir(), 'runbook-cache-full-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('the parse cache on a full disk', () => {
	it('writes no entry, leaves no temporary file and throws nothing', () => {
		const folder = path.join(dir, 'runbook');
		const key = 'a'.repeat(64);
		expect(() => writeEntry(folder, key, Buffer.from('an entry'))).not.toThrow();
		expect(readdirSync(folder)).toEqual([]);
		expect(readEntry(folder, key)).toBeUndefined();
	});
});
