/**
 * `--update` edits a runbook's text and nothing else about the file: links,
 * owner, mode; it refuses what it must not write and says why, and the
 * report is written all the same.
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, chownSync, linkSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

const stale = '```sh\necho fresh\n```\n\n```output\nstale\n```\n';
const recorded = '```sh\necho fresh\n```\n\n```output\nfresh\n```\n';
const asRoot = process.getuid?.() === 0;
/** Folders to give back: an immutable flag to clear, a file system to unmount. */
const mounts: string[] = [];

afterEach(() => {
	for (const dir of mounts.splice(0)) {
		spawnSync('chattr', ['-i', '-R', dir]);
		// Lazily: the run's watchdog may still stand in the folder for a moment.
		spawnSync('umount', ['-l', dir]);
	}
	removeCopies();
});

/** A folder of its own (a tmpfs of `size` when given: a disk that can fill up). */
function folder(options: {size?: string} = {}): string {
	const dir = path.join(fixtureCopy(), 'notes');
	mkdirSync(dir);
	if (options.size) {
		expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${options.size}`, 'tmpfs', dir]).status).toBe(0);
		mounts.push(dir);
	}
	return dir;
}

describe('--update writes the runbook and nothing else about the file', () => {
	it('writes through a symbolic link and keeps the link', () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'real.md'), stale);
		symlinkSync('real.md', path.join(dir, 'link.md'));
		runbook(['test', '--update', 'link.md'], {cwd: dir});
		expect(readlinkSync(path.join(dir, 'link.md'))).toBe('real.md');
		expect(readFileSync(path.join(dir, 'real.md'), 'utf8')).toBe(recorded);
	});

	it('keeps hard links together: every name sees the new text', () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'a.md'), stale);
		linkSync(path.join(dir, 'a.md'), path.join(dir, 'b.md'));
		runbook(['test', '--update', 'a.md'], {cwd: dir});
		expect(readFileSync(path.join(dir, 'b.md'), 'utf8')).toBe(recorded);
		expect(statSync(path.join(dir, 'a.md')).ino).toBe(statSync(path.join(dir, 'b.md')).ino);
	});

	it.runIf(asRoot)('keeps the owner, group and mode of a user\'s file when run as root', () => {
		const dir = folder();
		const file = path.join(dir, 'owned.md');
		writeFileSync(file, stale);
		chownSync(file, 1234, 5678);
		chmodSync(file, 0o664);
		runbook(['test', '--update', 'owned.md'], {cwd: dir});
		const stats = statSync(file);
		expect(readFileSync(file, 'utf8')).toBe(recorded);
		expect([stats.uid, stats.gid, stats.mode & 0o7777]).toEqual([1234, 5678, 0o664]);
	});

	it('refuses a read-only file with exit 2, and still writes the report', () => {
		const dir = folder();
		const file = path.join(dir, 'locked.md');
		writeFileSync(file, stale);
		chmodSync(file, 0o444);
		const ran = runbook(['test', '--update', '--reporter', 'json', 'locked.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('locked.md is read-only (mode 0444); not updating it');
		expect(ran.stderr).not.toContain('this is a bug');
		expect(JSON.parse(ran.stdout)).toBeTruthy();
		expect(readFileSync(file, 'utf8')).toBe(stale);
	});

	it.runIf(asRoot)('says which file and why when its file system is read-only, and still writes the report', () => {
		const dir = folder({size: '1m'});
		writeFileSync(path.join(dir, 'ro.md'), stale);
		expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
		const ran = runbook(['test', '--update', '--reporter', 'json', 'ro.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toMatch(/could not write ro\.md: the file system is read-only \(EROFS\); not updated/);
		expect(JSON.parse(ran.stdout)).toBeTruthy();
		expect(readFileSync(path.join(dir, 'ro.md'), 'utf8')).toBe(stale);
	});

	it.runIf(asRoot)('says which file and why when the disk is full, and leaves the file whole', () => {
		const dir = folder({size: '64k'});
		const file = path.join(dir, 'full.md');
		writeFileSync(file, `${'```sh\nhead -c 60000 /dev/zero | tr "\\0" x\n```\n\n```output\nstale\n```\n'}`);
		const before = readFileSync(file, 'utf8');
		writeFileSync(path.join(dir, 'filler'), Buffer.alloc(48 * 1024));
		const ran = runbook(['test', '--update', 'full.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toMatch(/could not write full\.md: no space left on the device \(ENOSPC\); not updated/);
		expect(readFileSync(file, 'utf8')).toBe(before);
	});

	it.runIf(asRoot)('says which file and why when it is immutable', () => {
		const dir = folder();
		const file = path.join(dir, 'frozen.md');
		writeFileSync(file, stale);
		expect(spawnSync('chattr', ['+i', file]).status).toBe(0);
		mounts.push(dir);
		const ran = runbook(['test', '--update', 'frozen.md'], {cwd: dir});
		spawnSync('chattr', ['-i', file]);
		expect(ran.code).toBe(2);
		expect(ran.stderr).toMatch(/frozen\.md/);
		expect(ran.stderr).not.toContain('this is a bug');
		expect(readFileSync(file, 'utf8')).toBe(stale);
	});

	it.runIf(!asRoot)('says which file and why when its folder is read-only', () => {
		const dir = folder();
		writeFileSync(path.join(dir, 'ro.md'), stale);
		chmodSync(dir, 0o555);
		const ran = runbook(['test', '--update', 'ro.md'], {cwd: dir});
		chmodSync(dir, 0o755);
		expect(ran.code).toBe(2);
		expect(ran.stderr).toMatch(/could not write ro\.md: permission denied/);
	});
});
