import {closeSync, existsSync, openSync, readSync, watch, type FSWatcher} from 'node:fs';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import {terminalText} from '../../match/terminal.js';
import {maxDurationMs} from '../../parse/duration.js';
import {isAlive} from '../process-tree.js';

export type ReadyOutcome = 'ready' | 'exited' | 'timeout' | 'stopped';

/** How much of a background step's log is kept for `ready=` and for the report. */
const keptChars = 256 * 1024;

/** A background step can end by a signal that leaves no status file: its pid is looked at this often, as a backstop. */
const livenessEveryMs = 250;


/**
 * Follow a background step's log: hand new text to `onText`, and resolve once
 * `ready` matches it (at once without one), the step ends (its status file
 * appears, or its process is gone), `timeoutMs` pass, or `stopped` is
 * aborted. The log's folder is watched (inotify on Linux): no polling for text.
 *
 * Once ready, the log goes on being followed (new text still goes to
 * `onText`, so that a front end can show it) until the step ends or `follow`
 * is aborted (the run's end); without `follow`, following ends with the wait.
 */
export function followLog(options: {
	log: string;
	statusFile: string;
	pid: number;
	/** Searched in the log's terminal text (RE2: `readyRegex`). */
	ready: {test(text: string): boolean} | undefined;
	timeoutMs: number;
	/** Reads the log's text as the session's output reads (the shell's messages without temporary paths). */
	reader: {push(chunk: string): {text: string}; flush(): string};
	onText: (text: string) => void;
	stopped: AbortSignal;
	/** Aborted when the log need not be followed any more, after `ready`. */
	follow?: AbortSignal;
}): Promise<{outcome: ReadyOutcome; text: string}> {
	let text = '';
	let position = 0;
	const buffer = Buffer.alloc(64 * 1024);
	// A character split across reads is put together again.
	const decoder = new StringDecoder('utf8');
	const readNew = () => {
		let fd: number;
		try {
			fd = openSync(options.log, 'r');
		} catch {
			return;
		}
		try {
			for (;;) {
				const count = readSync(fd, buffer, 0, buffer.length, position);
				if (count <= 0) break;
				position += count;
				const chunk = options.reader.push(decoder.write(buffer.subarray(0, count))).text;
				if (!chunk) continue;
				text = (text + chunk).slice(-keptChars);
				options.onText(chunk);
			}
		} finally {
			closeSync(fd);
		}
	};
	const matches = () => options.ready === undefined || options.ready.test(terminalText(text));
	const flush = () => {
		const rest = options.reader.flush();
		if (!rest) return;
		text = (text + rest).slice(-keptChars);
		options.onText(rest);
	};
	const follow = options.follow;
	return new Promise((resolve) => {
		let watcher: FSWatcher | undefined;
		const timers: NodeJS.Timeout[] = [];
		let timeout: NodeJS.Timeout | undefined;
		/** Waiting for the outcome; then, when ready, following until the step ends. */
		let waiting = true;
		let closed = false;
		const ended = () => existsSync(options.statusFile) || !isAlive(options.pid);
		const close = () => {
			if (closed) return;
			closed = true;
			watcher?.close();
			for (const timer of timers) clearInterval(timer);
			clearTimeout(timeout);
			options.stopped.removeEventListener('abort', onStop);
			follow?.removeEventListener('abort', onUnfollow);
			flush();
		};
		const end = (outcome: ReadyOutcome) => {
			if (!waiting) return;
			waiting = false;
			if (outcome !== 'ready' || !follow || follow.aborted) {
				close();
				return resolve({outcome, text});
			}
			// The result holds the log up to now; what comes later only goes to onText.
			clearTimeout(timeout);
			options.stopped.removeEventListener('abort', onStop);
			follow.addEventListener('abort', onUnfollow);
			flush();
			resolve({outcome, text});
		};
		const check = () => {
			if (closed) return;
			readNew();
			if (!waiting) {
				if (!ended()) return;
				readNew();
				return close();
			}
			if (matches()) return end('ready');
			if (ended()) {
				readNew();
				return end(matches() ? 'ready' : 'exited');
			}
		};
		const onStop = () => end('stopped');
		const onUnfollow = () => {
			readNew();
			close();
		};
		if (options.stopped.aborted) return end('stopped');
		check();
		if (closed) return;
		if (waiting) options.stopped.addEventListener('abort', onStop);
		try {
			watcher = watch(path.dirname(options.log), () => check());
		} catch {
			// No file events here: look often instead.
			timers.push(setInterval(check, 50));
		}
		timers.push(setInterval(check, livenessEveryMs));
		if (waiting && options.timeoutMs <= maxDurationMs) timeout = setTimeout(() => end('timeout'), options.timeoutMs);
	});
}
