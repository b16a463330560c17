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
 * - reports the status in the current marker's frame, and hands back what
 *   follows it undecoded (`rest`): the next step's, when steps are written
 *   ahead (`StepFraming`), else no step's;
 * - stops at a frame of a marker queued after the current one (`later`):
 *   the shell dropped the lines from the current one to that one (a SIGINT
 *   that came while it read them discards the line, and the prompt hook says
 *   the marker before it again), so their frames never come;
 * - rewrites fixed strings (the step's temporary file in the shell's error
 *   messages) so that output reads as in a terminal.
 */

import {markerLength} from './markers.js';

export const frameSeparator = '\u001E';

/** A frame's longest form: separator, the marker's hex digits, colon, a status of up to 3 digits, separator. */
const longestFrame = 1 + markerLength + 1 + 3 + 1;

export type Decoded = {
	/** Text of the step, to show. */
	readonly text: string;
	/** The current marker's end frame was seen: its status. */
	readonly status?: number;
	/** The current marker's start frame was seen: the shell runs the step's line. */
	readonly started?: boolean;
	/** After the end frame: the rest of the chunk, not yet decoded; after `skippedTo`, the rest from that frame on. */
	readonly rest?: string;
	/** A frame of this later marker came before the current one's end: the shell dropped the lines before it. */
	readonly skippedTo?: string;
	/** A marker before the current one was said again: the shell was back at its prompt without a new line (a SIGINT, an empty line). */
	readonly restated?: boolean;
};

export type Rewrite = readonly [from: string, to: string];

export class FrameDecoder {
	private held = '';
	private readonly known = new Set<string>(['']);
	private current: string | undefined;
	private rewrites: readonly Rewrite[];

	/**
	 * @param later whether a marker is queued after the current one (`StepFraming`); by default none is,
	 * and a frame of a marker not known is text
	 */
	constructor(
		rewrites: readonly Rewrite[] = [],
		private readonly later: (marker: string) => boolean = () => false,
	) {
		this.rewrites = rewrites;
	}

	/**
	 * Expect the frame of `marker` next, with the strings to rewrite in its text
	 * (default: those given before); the marker before it stays known (its frame
	 * is stripped if said again).
	 */
	expect(marker: string, rewrites: readonly Rewrite[] = this.rewrites): void {
		this.held = '';
		this.current = marker;
		this.rewrites = rewrites;
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
		let restated = false;
		const result = (status?: number): Decoded => ({text: this.rewrite(out), ...(status === undefined ? {} : {status}), ...(started ? {started} : {}), ...(restated ? {restated} : {})});
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
			if (frame && !this.known.has(frame[1] ?? '') && this.later(frame[1] ?? '')) {
				out += text.slice(at, start);
				return {...result(), skippedTo: frame[1] ?? '', rest: text.slice(start)};
			}
			if (!frame || !this.known.has(frame[1] ?? '')) {
				out += text.slice(at, start + 1);
				at = start + 1;
				continue;
			}
			out += text.slice(at, start);
			at = end + 1;
			if (frame[1] !== this.current || this.current === undefined) {
				// The empty marker is the start-up prompts'.
				restated ||= frame[1] !== '';
				continue;
			}
			if (frame[2] === 's') {
				started = true;
				continue;
			}
			this.current = undefined;
			return {...result(Number(frame[2])), rest: text.slice(at)};
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
		for (const [from, to] of this.rewrites) if (from && result.includes(from)) result = result.split(from).join(to);
		return result;
	}

	/**
	 * Length of the longest tail of `text` (from `at`) that starts a string to
	 * rewrite (and is shorter than it). Only a tail that begins with the
	 * string's first character can: those are tried, longest first.
	 */
	private partialRewrite(text: string, at: number): number {
		let longest = 0;
		for (const [from] of this.rewrites) {
			const first = from[0];
			if (first === undefined) continue;
			for (let start = text.indexOf(first, Math.max(at, text.length - from.length + 1)); start !== -1 && text.length - start > longest; start = text.indexOf(first, start + 1)) {
				if (from.startsWith(text.slice(start))) {
					longest = text.length - start;
					break;
				}
			}
		}
		return longest;
	}
}

/** What one chunk of a stream says of one step (`marker`), or of no step (`marker` undefined). */
export type Piece = {
	readonly marker?: string;
	readonly text: string;
	/** The shell began the step's line (its start frame). */
	readonly started?: boolean;
	/** Both streams framed the step's end, or are past it: the status its stdout frame carried (none: the shell dropped the line). */
	readonly ended?: Ended;
	/** A marker of a step before was said again in this chunk (`Decoded.restated`). */
	readonly restated?: boolean;
};

/** A step's end on both streams; `status` is absent when the shell dropped its line (no frame on stdout). */
export type Ended = {readonly status?: number};

type Framed = {readonly marker: string; readonly rewrites: readonly Rewrite[]; status?: number; stdoutDone: boolean; stderrDone: boolean};

/**
 * Steps' ends on both streams: the stdout frame carries the status, the
 * stderr frame says stderr is drained; they arrive in either order. Steps
 * may be queued one after the other (written ahead into the shell, which
 * runs them in order): each stream goes through them in that order, and the
 * text of a stream belongs to the step that stream is in (stderr has no start
 * frame: what follows a step's stderr end frame is the next step's). A
 * frame of a later step on a stream ends the steps before it there: the shell
 * dropped their lines (`FrameDecoder`); the text before it goes to the first.
 */
export class StepFraming {
	private readonly decoders: {readonly stdout: FrameDecoder; readonly stderr: FrameDecoder};
	/** Steps not yet ended on both streams, in the order the shell runs them. */
	private queue: Framed[] = [];
	/** Where each stream is in `queue` (`queue.length`: past every step, text of no step). */
	private readonly at = {stdout: 0, stderr: 0};

	constructor(private readonly rewrites: readonly Rewrite[] = []) {
		this.decoders = {stdout: new FrameDecoder(rewrites, (marker) => this.queuedAfter('stdout', marker) !== -1), stderr: new FrameDecoder(rewrites, (marker) => this.queuedAfter('stderr', marker) !== -1)};
	}

	/** A new step, alone: its marker's frames end it; steps queued before it are forgotten. */
	expect(marker: string, rewrites: readonly Rewrite[] = this.rewrites): void {
		this.queue = [];
		this.at.stdout = 0;
		this.at.stderr = 0;
		this.add(marker, rewrites);
	}

	/** A step written after those queued: the shell runs it once they ended. */
	add(marker: string, rewrites: readonly Rewrite[] = this.rewrites): void {
		this.queue.push({marker, rewrites, stdoutDone: false, stderrDone: false});
		for (const stream of ['stdout', 'stderr'] as const) if (this.at[stream] === this.queue.length - 1) this.decoders[stream].expect(marker, rewrites);
	}

	/** The chunk's text by step, in order, with the steps that began and ended in it. */
	pushAll(stream: 'stdout' | 'stderr', chunk: string): Piece[] {
		const pieces: Piece[] = [];
		let text = chunk;
		for (;;) {
			const framed = this.queue[this.at[stream]];
			const decoded = this.decoders[stream].push(text);
			const flags = {...(decoded.started ? {started: true} : {}), ...(decoded.restated ? {restated: true} : {})};
			if (!framed) {
				pieces.push({text: decoded.text, ...flags});
				return pieces;
			}
			if (decoded.skippedTo !== undefined) {
				// The shell dropped the lines up to that marker's: they end here, on this stream, with no frame.
				const to = this.queuedAfter(stream, decoded.skippedTo);
				pieces.push({...this.pass(stream, framed), text: decoded.text, ...flags});
				for (let at = this.at[stream] + 1; at < to; at++) pieces.push(this.pass(stream, this.queue[at] as Framed));
				this.at[stream] = to;
				this.decoders[stream].expect(decoded.skippedTo, this.queue[to]?.rewrites);
				this.prune();
				text = decoded.rest ?? '';
				continue;
			}
			if (decoded.status === undefined) {
				pieces.push({marker: framed.marker, text: decoded.text, ...flags});
				return pieces;
			}
			if (stream === 'stdout') framed.status = decoded.status;
			pieces.push({...this.pass(stream, framed), text: decoded.text, ...flags});
			this.at[stream]++;
			const next = this.queue[this.at[stream]];
			this.prune();
			// After the last step queued, the rest is no step's.
			if (!next) return pieces;
			this.decoders[stream].expect(next.marker, next.rewrites);
			if (!decoded.rest) return pieces;
			text = decoded.rest;
		}
	}

	/** The current step's text in this chunk, whether the shell began its line, and its exit status once both streams have ended (one step at a time). */
	push(stream: 'stdout' | 'stderr', chunk: string): {readonly text: string; readonly started?: boolean; readonly ended?: Ended} {
		let text = '';
		let started = false;
		let ended: Ended | undefined;
		for (const piece of this.pushAll(stream, chunk)) {
			text += piece.text;
			started ||= piece.started === true;
			ended = piece.ended ?? ended;
		}
		return {text, ...(started ? {started} : {}), ...(ended ? {ended} : {})};
	}

	/** The marker each stream is in, if any: what `flush` returns belongs to it. */
	current(stream: 'stdout' | 'stderr'): string | undefined {
		return this.queue[this.at[stream]]?.marker;
	}

	/** What each stream held back, when the shell has ended. */
	flush(): {readonly stdout: string; readonly stderr: string} {
		return {stdout: this.decoders.stdout.flush(), stderr: this.decoders.stderr.flush()};
	}

	/** A step is past on this stream: its piece, ended if the other stream is past it too. */
	private pass(stream: 'stdout' | 'stderr', framed: Framed): Piece {
		if (stream === 'stdout') framed.stdoutDone = true;
		else framed.stderrDone = true;
		const ended = framed.stdoutDone && framed.stderrDone ? {ended: framed.status === undefined ? {} : {status: framed.status}} : {};
		return {marker: framed.marker, text: '', ...ended};
	}

	/** Where `marker` is in the queue after the step this stream is in; -1 when it is not there. */
	private queuedAfter(stream: 'stdout' | 'stderr', marker: string): number {
		for (let at = this.at[stream] + 1; at < this.queue.length; at++) if (this.queue[at]?.marker === marker) return at;
		return -1;
	}

	/** Steps both streams are past are done with. */
	private prune(): void {
		while (this.at.stdout > 0 && this.at.stderr > 0) {
			this.queue.shift();
			this.at.stdout--;
			this.at.stderr--;
		}
	}
}
