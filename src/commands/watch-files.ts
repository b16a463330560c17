import {existsSync} from 'node:fs';
import {watch} from 'chokidar';

/** vitest's WATCHER_DEBOUNCE: quiet time after the last event of a file before it counts as saved. */
export const watchDebounceMs = 100;

/** What became of a watched file once its events settled: saved (written, renamed over, re-created) or gone. */
export type FileChange = 'saved' | 'deleted';

export type FileWatch = {
	/** Stop watching one file (a deleted runbook). */
	unwatch(file: string): void;
	/** Stop watching everything; resolves when the watcher's handles are closed. */
	close(): Promise<void>;
};

/**
 * Watch files (absolute paths) with chokidar and report each one's changes
 * once they settle: every event of a file restarts its `debounceMs` timer,
 * and when the timer runs out the file is `saved` if it exists, else
 * `deleted`. An editor saves in several writes, or writes a temporary file
 * and renames it over the runbook (an atomic save: chokidar's `atomic`
 * option turns the unlink and add into a change); either way one `saved` is
 * reported. Errors of the watcher after it is ready go to `onError`. Resolves once the watcher is ready, so that a save made after it
 * resolves is seen.
 */
export async function watchFiles(files: readonly string[], handlers: {onChange: (file: string, change: FileChange) => void; onError: (error: Error) => void}, debounceMs = watchDebounceMs): Promise<FileWatch> {
	const {onChange, onError} = handlers;
	const timers = new Map<string, NodeJS.Timeout>();
	const watcher = watch([...files], {ignoreInitial: true, atomic: true});
	const settle = (file: string) => {
		timers.delete(file);
		onChange(file, existsSync(file) ? 'saved' : 'deleted');
	};
	watcher.on('all', (event, file) => {
		if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
		clearTimeout(timers.get(file));
		timers.set(file, setTimeout(settle, debounceMs, file));
	});
	await new Promise<void>((resolve, reject) => {
		watcher.once('ready', resolve);
		watcher.once('error', reject);
	});
	watcher.on('error', (error) => onError(error instanceof Error ? error : new Error(String(error))));
	return {
		unwatch(file) {
			clearTimeout(timers.get(file));
			timers.delete(file);
			watcher.unwatch(file);
		},
		async close() {
			for (const timer of timers.values()) clearTimeout(timer);
			timers.clear();
			await watcher.close();
		},
	};
}
