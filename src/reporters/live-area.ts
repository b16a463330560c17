import type {EngineEvent} from '../engine/events.js';
import {visibleLine} from '../match/visible.js';
import {formatDuration} from '../parse/duration.js';
import {sliceWidth} from '../ui/text/styled.js';
import {onHostText} from './hosts.js';
import type {Output} from './reporter.js';
import type {Style} from './style.js';

/** How often the live area redraws its clocks, in ms. */
export const liveAreaRedrawMs = 250;

type Running = {readonly file: string; step?: string; since: number};

/**
 * The last lines of a terminal while `runbook test` runs several runbooks:
 * which step of which runbook is running (on which host, when not local:
 * ` on NAME`) and for how long, and how many
 * runbooks are done. Everything else written to the terminal goes through
 * `write`, which takes the area away, writes, and draws it again below, so
 * reports stay whole above it. Lines are cut to the terminal's width so that
 * none wraps (the area is taken away by counting lines). Only for a terminal:
 * `test` makes one when its stdout is one.
 */
export class LiveArea {
	private readonly running = new Map<number, Running>();
	private drawn = 0;
	private done = 0;
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;

	constructor(
		private readonly out: Output & {columns?: number},
		private readonly style: Style,
		private readonly total: number,
		private readonly now: () => number = Date.now,
	) {}

	/** Start redrawing the clocks. */
	start(): void {
		this.timer = setInterval(() => this.redraw(), liveAreaRedrawMs);
		this.timer.unref();
		this.redraw();
	}

	/** Take the area away for good. */
	stop(): void {
		clearInterval(this.timer);
		this.stopped = true;
		this.out.write(this.erase());
	}

	/** Write text above the area, in one write with the area taken away and drawn again (no flicker). */
	write(text: string): void {
		this.out.write(this.erase() + text + this.draw());
	}

	/**
	 * Write text to another stream of the same terminal (stderr): the area is
	 * taken away first and drawn again after, so the text stays on the screen.
	 */
	writeBeside(stream: Output, text: string): void {
		this.out.write(this.erase());
		stream.write(text);
		const area = this.draw();
		if (area) this.out.write(area);
	}

	/** An event of runbook number `index` (of `file`), as it happens. */
	onEvent(index: number, file: string, event: EngineEvent): void {
		if (event.kind === 'run-start') this.running.set(index, {file, since: this.now()});
		else if (event.kind === 'step-start') {
			const entry = this.running.get(index);
			if (entry) {
				entry.step = `${event.step.name}${onHostText(event.step)}`;
				entry.since = this.now();
			}
		} else if (event.kind === 'run-end') {
			if (this.running.delete(index)) this.done++;
		} else return;
		this.redraw();
	}

	private redraw(): void {
		const text = this.erase() + this.draw();
		if (text) this.out.write(text);
	}

	/** The area's lines, each cut to fit the terminal's width less one column, however narrow: a line that wrapped would take two rows, and `erase` counts one. */
	private lines(): string[] {
		const width = Math.max((this.out.columns ?? 80) - 1, 1);
		const head = this.style.dim(sliceWidth(`running ${this.running.size} · ${this.done} of ${this.total} done`, width));
		const rows = [...this.running.values()].map((entry) => {
			const what = entry.step === undefined ? entry.file : `${entry.file} › ${entry.step}`;
			const time = formatDuration(this.now() - entry.since);
			const bullet = sliceWidth('  ●', width);
			const room = width - bullet.length - 1;
			if (room < time.length + 2) return `${bullet.replace('●', this.style.cyan('●'))}${room > 0 ? ` ${this.style.dim(sliceWidth(time, room))}` : ''}`;
			const text = sliceWidth(visibleLine(what), room - time.length - 1);
			return `  ${this.style.cyan('●')} ${text} ${this.style.dim(time)}`;
		});
		return [head, ...rows];
	}

	/** The area's text, and how many lines it now takes. */
	private draw(): string {
		if (this.stopped || this.running.size === 0) return '';
		const lines = this.lines();
		this.drawn = lines.length;
		return `${lines.join('\n')}\n`;
	}

	/** What takes the area away: up to its first line, then erase to the end of the screen. */
	private erase(): string {
		if (this.drawn === 0) return '';
		const text = `\u001B[${this.drawn}F\u001B[J`;
		this.drawn = 0;
		return text;
	}
}
