import {randomBytes} from 'node:crypto';
import {shellQuote} from '../shells.js';
import type {ShellListeners, ShellProcess} from '../spawn-shell.js';

/**
 * A remote shell's exit, told in its own output. Locally, the shell's
 * process exit ends its session whatever holds its pipes (`session.ts`).
 * Behind ssh there is no such event: ssh ends only when the channel closes,
 * and a process the shell left running (`sleep 30 & exit 4`) holds the
 * channel's stdout open for as long as it runs. So the remote command is a
 * small POSIX `sh` that reads a token from its input (one line: `read` on
 * a pipe takes no byte past it, POSIX `read`), runs the shell as the leader
 * of a session of its own (`setsid`: its pid is its session's and process
 * group's, which the host's control script relies on), and when the shell
 * has ended prints the token and its status on stdout. The token is random
 * per session and never in the shell's environment: no step can print it.
 * A host without `setsid` runs the shell by `exec`, without the report.
 */

/** The remote command that runs `shell` (the words of its command line, each quoted here) and reports its exit. */
export function reportingCommand(shell: readonly string[]): string {
	const script = 'IFS= read -r t || exit 255; command -v setsid >/dev/null 2>&1 || exec "$@"; setsid "$@"; s=$?; printf "%s%s\\n" "$t" "$s"; exit "$s"';
	return ['exec', 'sh', '-c', shellQuote(script), 'sh', ...shell.map(shellQuote)].join(' ');
}

/** A new token: what the remote command reads first, and what starts its report. */
export function exitToken(): string {
	return `__rb_exit_${randomBytes(12).toString('hex')}_`;
}

/**
 * Finds the report (`TOKEN STATUS\n`) in a stream read in chunks: the text
 * around it passes through; a chunk that ends with what could be the
 * report's beginning holds that back until the next chunk says.
 */
export class ExitReportReader {
	private held = '';

	constructor(private readonly token: string) {}

	/**
	 * The next chunk of the stream: the text to pass on, and the status
	 * when the report was in it (a status that is not a number: null).
	 */
	push(chunk: string): {text: string; status?: number | null} {
		const all = this.held + chunk;
		this.held = '';
		const at = all.indexOf(this.token);
		if (at >= 0) {
			const end = all.indexOf('\n', at + this.token.length);
			if (end < 0) {
				this.held = all.slice(at);
				return {text: all.slice(0, at)};
			}
			const word = all.slice(at + this.token.length, end);
			const status = /^\d+$/.test(word) ? Number(word) : null;
			return {text: all.slice(0, at) + all.slice(end + 1), status};
		}
		const keep = partialAtEnd(all, this.token);
		this.held = all.slice(all.length - keep);
		return {text: all.slice(0, all.length - keep)};
	}

	/** The stream ended: what was held back, as it was. */
	flush(): string {
		const held = this.held;
		this.held = '';
		return held;
	}
}

/** The length of the longest end of `text` that begins `token`. */
function partialAtEnd(text: string, token: string): number {
	for (let length = Math.min(token.length - 1, text.length); length > 0; length--) {
		if (token.startsWith(text.slice(text.length - length))) return length;
	}
	return 0;
}

/**
 * The remote shell's process as the session drives it, started by `start`
 * with the listeners it is to tell (`ssh … -- DEST reportingCommand(…)`):
 * its exit is the report, or ssh's own exit when that comes first (ssh could
 * not connect, the connection broke). After the report, `ended` resolves;
 * `release` ends the local ssh, whose channel a process left on the host
 * may hold open, and lets go of its pipes.
 */
export function reportingShell(start: (listeners: ShellListeners) => ShellProcess, listeners: ShellListeners, token = exitToken()): ShellProcess {
	const reader = new ExitReportReader(token);
	let told = false;
	let reported!: () => void;
	const report = new Promise<void>((resolve) => (reported = resolve));
	const exit = (code: number | null) => {
		if (told) return;
		told = true;
		reported();
		listeners.exit(code);
	};
	const shell = start({
		output(stream, text) {
			if (stream === 'stderr') return listeners.output(stream, text);
			const {text: passed, status} = reader.push(text);
			if (passed) listeners.output(stream, passed);
			if (status !== undefined) exit(status);
		},
		exit(code) {
			const rest = reader.flush();
			if (rest) listeners.output('stdout', rest);
			exit(code);
		},
	});
	shell.write(`${token}\n`);
	let gone = false;
	void shell.ended.then(() => (gone = true));
	return {
		...shell,
		pid: shell.pid,
		ended: Promise.race([shell.ended, report]),
		release() {
			if (told && !gone && shell.pid !== undefined) {
				try {
					process.kill(shell.pid, 'SIGTERM');
				} catch {
					// It has gone.
				}
			}
			shell.release();
		},
	};
}
