/**
 * The step boundary on one of the session shell's streams, as a pure decoder.
 *
 * The step line first prints a start frame `RS marker ":s" RS` (RS is
 * U+001E) on stdout. After it, the shell's prompt hook prints an end frame
 * `RS marker ":" status RS` on stdout, and `RS marker ":0" RS` on stderr. The marker is random per step, so a step cannot print the frame
 * of its own end. The decoder:
 * - passes text through, holding back a tail that could be the start of a
 *   frame or of a rewritten string split across reads;
 * - strips the frames of known markers (the current one, the ones before it
 *   and the empty one of the start-up prompts): an interrupt can make a shell
 *   print a prompt twice;
 * - reports the status in the current marker's frame; what follows that frame
 *   belongs to no step and is dropped;
 * - rewrites fixed strings (the session's temporary step file in the shell's
 *   error messages) so that output reads as in a terminal.
 */

export const frameSeparator = '\u001E';

/** A frame's longest form: separator, 24 hex digits, colon, a status of up to 3 digits, separator. */
const longestFrame = 1 + 24 + 1 + 3 + 1;

export type Decoded = {
	/** Text of the step, to show. */
	readonly text: string;
	/** The current marker's end frame was seen: its status. */
	readonly status?: number;
	/** The current marker's start frame was seen: the shell runs the step's line. */
	readonly started?: boolean;
};

export type Rewrite = readonly [from: string, to: string];

export class FrameDecoder {
	private held = '';
	private readonly known = new Set<string>(['']);
	private current: string | undefined;

	constructor(private readonly rewrites: readonly Rewrite[] = []) {}

	/** Expect the frame of `marker` next; the marker before it stays known (its frame is stripped if said again). */
	expect(marker: string): void {
		this.held = '';
		this.current = marker;
		this.known.add(marker);
		// Keep the set small: only recent markers can still be said again.
		if (this.known.size > 16) this.known.delete([...this.known][1] ?? '');
	}

	/** Decode the next chunk of the stream. */
	push(chunk: string): Decoded {
		const text = this.held + chunk;
		this.held = '';
		let out = '';
		let at = 0;
		let started = false;
		const result = (status?: number): Decoded => ({text: this.rewrite(out), ...(status === undefined ? {} : {status}), ...(started ? {started} : {})});
		for (;;) {
			const start = text.indexOf(frameSeparator, at);
			if (start === -1) {
				const hold = this.partialRewrite(text, at);
				out += text.slice(at, text.length - hold);
				this.held = text.slice(text.length - hold);
				return result();
			}
			const end = text.indexOf(frameSeparator, start + 1);
			const body = end === -1 ? text.slice(start + 1) : text.slice(start + 1, end);
			const frame = /^([0-9a-f]*):(\d{1,3}|s)$/.exec(body);
			if (end === -1) {
				// An unfinished frame waits for the rest; something longer is no frame.
				if (text.length - start < longestFrame && /^[0-9a-f]*(:(\d{0,3}|s))?$/.test(body)) {
					out += text.slice(at, start);
					this.held = text.slice(start);
					return result();
				}
				out += text.slice(at, start + 1);
				at = start + 1;
				continue;
			}
			if (!frame || !this.known.has(frame[1] ?? '')) {
				out += text.slice(at, start + 1);
				at = start + 1;
				continue;
			}
			out += text.slice(at, start);
			at = end + 1;
			if (frame[1] !== this.current || this.current === undefined) continue;
			if (frame[2] === 's') {
				started = true;
				continue;
			}
			this.current = undefined;
			return result(Number(frame[2]));
		}
	}

	/** What was held back, when the stream ends. */
	flush(): string {
		const rest = this.held;
		this.held = '';
		return this.rewrite(rest);
	}

	private rewrite(text: string): string {
		let result = text;
		for (const [from, to] of this.rewrites) if (from) result = result.split(from).join(to);
		return result;
	}

	/** Length of the longest tail of `text` (from `at`) that starts a string to rewrite. */
	private partialRewrite(text: string, at: number): number {
		let longest = 0;
		for (const [from] of this.rewrites) {
			for (let length = Math.min(from.length - 1, text.length - at); length > longest; length--) {
				if (from.startsWith(text.slice(text.length - length))) {
					longest = length;
					break;
				}
			}
		}
		return longest;
	}
}

/**
 * A step's end on both streams: the stdout frame carries the status, the
 * stderr frame says stderr is drained; they arrive in either order. Feed
 * each stream's chunks; `ended` is set once both frames of the current
 * marker were seen.
 */
export class StepFraming {
	private readonly decoders: {readonly stdout: FrameDecoder; readonly stderr: FrameDecoder};
	private status: number | undefined;
	private stderrDone = false;

	constructor(rewrites: readonly Rewrite[] = []) {
		this.decoders = {stdout: new FrameDecoder(rewrites), stderr: new FrameDecoder(rewrites)};
	}

	/** A new step: its marker's frames end it. */
	expect(marker: string): void {
		this.decoders.stdout.expect(marker);
		this.decoders.stderr.expect(marker);
		this.status = undefined;
		this.stderrDone = false;
	}

	/** The step's text in this chunk, whether the shell began its line, and its exit status once both streams have ended. */
	push(stream: 'stdout' | 'stderr', chunk: string): {readonly text: string; readonly started?: boolean; readonly ended?: {readonly status: number}} {
		const decoded = this.decoders[stream].push(chunk);
		const started = decoded.started ? {started: true} : {};
		if (decoded.status !== undefined) {
			if (stream === 'stdout') this.status = decoded.status;
			else this.stderrDone = true;
		}
		const ended = this.status !== undefined && this.stderrDone ? {status: this.status} : undefined;
		if (ended) {
			this.status = undefined;
			this.stderrDone = false;
		}
		return ended ? {text: decoded.text, ...started, ended} : {text: decoded.text, ...started};
	}

	/** What each stream held back, when the shell has ended. */
	flush(): {readonly stdout: string; readonly stderr: string} {
		return {stdout: this.decoders.stdout.flush(), stderr: this.decoders.stderr.flush()};
	}
}
