import path from 'node:path';

/**
 * A file's path as the selection shows, sorts and shards it: relative to
 * `cwd`, with `/` between folders on every system (the file's absolute path
 * when it lies on another drive).
 */
export function shownPath(file: string, cwd: string): string {
	const relative = path.relative(cwd, file) || file;
	return relative.split(path.sep).join('/');
}

/** Compares two paths by their UTF-16 code units: the same order on every machine, whatever its locale. */
export function comparePaths(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
