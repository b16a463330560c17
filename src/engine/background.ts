import {closeSync, openSync, readSync} from 'node:fs';
import {terminalText} from '../match/terminal.js';
import {isAlive} from './process-tree.js';

export type ReadyOutcome = 'ready' | 'exited' | 'timeout' | 'stopped';

/**
 * Follow a background step's log: hand new text to `onText`, and resolve once
 * `ready` matches it (at once without one), the process ends, or time runs out.
 */
export async function followLog(options: {
	log: string;
	pid: number;
	ready: RegExp | undefined;
	timeoutMs: number;
	onText: (text: string) => void;
	stopped: () => boolean;
}): Promise<{outcome: ReadyOutcome; text: string}> {
	let text = '';
	let position = 0;
	const started = Date.now();
	const buffer = Buffer.alloc(64 * 1024);
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
				const chunk = buffer.subarray(0, count).toString('utf8');
				text = (text + chunk).slice(-256 * 1024);
				options.onText(chunk);
			}
		} finally {
			closeSync(fd);
		}
	};
	for (;;) {
		readNew();
		if (!options.ready) return {outcome: 'ready', text};
		if (options.ready.test(terminalText(text))) return {outcome: 'ready', text};
		if (!isAlive(options.pid)) {
			readNew();
			return {outcome: options.ready.test(terminalText(text)) ? 'ready' : 'exited', text};
		}
		if (options.stopped()) return {outcome: 'stopped', text};
		if (Date.now() - started > options.timeoutMs) return {outcome: 'timeout', text};
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
