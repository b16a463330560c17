/**
 * The last look before the rename: an edit saved while `--update` writes its
 * temporary file is seen and kept. The editor's save is simulated at the
 * moment the temporary file is flushed (a fake `fsyncSync`, in this module's
 * test only); everything else is the real file system.
 */
import type * as nodeFs from 'node:fs';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';

const during = vi.hoisted(() => ({save: undefined as undefined | (() => void)}));

vi.mock('node:fs', async (original) => {
	const fs = await original<typeof nodeFs>();
	return {
		...fs,
		fsyncSync: (fd: number) => {
			fs.fsyncSync(fd);
			during.save?.();
			during.save = undefined;
		},
	};
});

const {writeIfUnchanged} = await import('../../src/update/write-file.js');

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

describe('writeIfUnchanged', () => {
	it('keeps an edit saved while the new text was being written, and says so', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-write-'));
		dirs.push(dir);
		const file = path.join(dir, 'notes.md');
		writeFileSync(file, 'old');
		during.save = () => writeFileSync(file, 'edited meanwhile');
		expect(() => writeIfUnchanged(file, 'old', 'new', 'notes.md')).toThrow('notes.md changed since it was read; not updating it');
		expect(readFileSync(file, 'utf8')).toBe('edited meanwhile');
	});
});
