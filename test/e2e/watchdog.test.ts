/** A run removes the folders of runs that are gone, and only those. */
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

describe('temporary folders of other runs', () => {
	it('leaves a folder whose pid file is still being written, and removes one whose runbook is gone', () => {
		const dir = fixtureCopy();
		const tmp = path.join(dir, 'tmp');
		const starting = path.join(tmp, 'runbook-run-starting');
		const gone = path.join(tmp, 'runbook-run-gone');
		mkdirSync(starting, {recursive: true});
		mkdirSync(gone, {recursive: true});
		writeFileSync(path.join(starting, 'pid'), '');
		// pid_max is at most 2^22: no process has this pid.
		writeFileSync(path.join(gone, 'pid'), '99999999');
		writeFileSync(path.join(dir, 'one.md'), '```sh\necho one\n```\n');
		expect(runbook(['test', 'one.md'], {cwd: dir, env: {TMPDIR: tmp}}).code).toBe(0);
		expect(existsSync(starting)).toBe(true);
		expect(existsSync(gone)).toBe(false);
	});
});
