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
	return new Promise((resolve) => {
		let watcher: FSWatcher | undefined;
		const timers: NodeJS.Timeout[] = [];
		let ended = false;
		const end = (outcome: ReadyOutcome) => {
			if (ended) return;
			ended = true;
			watcher?.close();
			for (const timer of timers) clearInterval(timer);
			options.stopped.removeEventListener('abort', onStop);
			const rest = options.reader.flush();
			if (rest) {
				text = (text + rest).slice(-keptChars);
				options.onText(rest);
			}
			resolve({outcome, text});
		};
		const check = () => {
			if (ended) return;
			readNew();
			if (matches()) return end('ready');
			if (existsSync(options.statusFile) || !isAlive(options.pid)) {
				readNew();
				return end(matches() ? 'ready' : 'exited');
			}
		};
		const onStop = () => end('stopped');
		if (options.stopped.aborted) return end('stopped');
		check();
		if (ended) return;
		options.stopped.addEventListener('abort', onStop);
		try {
			watcher = watch(path.dirname(options.log), () => check());
		} catch {
			// No file events here: look often instead.
			timers.push(setInterval(check, 50));
		}
		timers.push(setInterval(check, livenessEveryMs));
		if (options.timeoutMs <= maxDurationMs) timers.push(setTimeout(() => end('timeout'), options.timeoutMs));
	});
}
