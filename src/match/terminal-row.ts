import {cellWidth, graphemes} from './cells.js';

/**
 * One row of a terminal, the model behind `terminalLines` (see terminal.ts for
 * the rules): cells, the SGR pen each was written with, and the cursor.
 */

// The right half of a wide character, and the cells a tab crossed after its `\t`.
const wideTail = '';
const tabFill = '\u0000';
const asciiRun = /^[\x20-\x7e]+$/;
const reset = '\u001B[0m';
// A terminal is at most this wide; a huge cursor move must not allocate a huge row.
const maxColumns = 10_000;

export type RowOptions = {readonly keep: boolean; readonly expand: boolean};

/** One row: cells, the SGR pen each was written with, the cursor. */
export class Row {
	readonly cells: string[] = [];
	readonly pens: string[] = [];
	col = 0;

	constructor(public pen: string) {}

	/** A boundary before cell `at`: a wide character or tab across it turns to blanks. */
	split(at: number): void {
		const cell = this.cells[at];
		if (cell === wideTail && at > 0) {
			this.cells[at - 1] = ' ';
			this.cells[at] = ' ';
		} else if (cell === tabFill) {
			let start = at;
			while (start > 0 && this.cells[start] !== '\t') start--;
			this.cells[start] = ' ';
			for (let i = start + 1; this.cells[i] === tabFill; i++) this.cells[i] = ' ';
		}
	}

	pad(to: number): void {
		while (this.cells.length < to) {
			this.cells.push(' ');
			this.pens.push(this.pen);
		}
	}

	write(text: string): void {
		if (asciiRun.test(text)) {
			if (this.col === this.cells.length) {
				// Appending, the common case: nothing to overwrite.
				for (let k = 0; k < text.length; k++) {
					this.cells.push(text[k] ?? ' ');
					this.pens.push(this.pen);
				}
				this.col += text.length;
				return;
			}
			this.pad(this.col);
			this.split(this.col);
			this.split(this.col + text.length);
			for (const char of text) this.set(this.col++, char);
			return;
		}
		for (const grapheme of graphemes(text)) this.put(grapheme, cellWidth(grapheme));
	}

	put(grapheme: string, width: number): void {
		if (width === 0) {
			// A mark with nothing to its left has nothing to combine with.
			let at = this.col - 1;
			if (this.cells[at] === wideTail) at--;
			const base = this.cells[at];
			if (base !== undefined && base !== '\t' && base !== tabFill) this.cells[at] = base + grapheme;
			return;
		}
		this.pad(this.col);
		this.split(this.col);
		this.split(this.col + width);
		this.set(this.col++, grapheme);
		if (width === 2) this.set(this.col++, wideTail);
	}

	set(at: number, cell: string): void {
		this.cells[at] = cell;
		this.pens[at] = this.pen;
	}

	tab(): void {
		const stop = (Math.floor(this.col / 8) + 1) * 8;
		// A tab from any column before the stop reaches it: start it where the blanks start.
		if (this.cells.length < stop) {
			const start = this.cells.length;
			this.pad(stop);
			this.cells[start] = '\t';
			for (let i = start + 1; i < stop; i++) this.cells[i] = tabFill;
		}
		this.col = stop;
	}

	/** Blank `count` cells from `from` (up to the row's end). */
	blank(from: number, count: number): void {
		this.split(from);
		this.split(from + count);
		for (let i = from; i < Math.min(from + count, this.cells.length); i++) this.set(i, ' ');
	}

	csi(params: string, final: string): void {
		if (final === 'm') return this.sgr(params);
		// Private modes (`ESC[?25l`) and anything else are not about this row's text.
		if (!/^[\d;]*$/.test(params)) return;
		const first = Number.parseInt(params, 10);
		const n = Number.isNaN(first) || first === 0 ? 1 : Math.min(first, maxColumns);
		if (final === 'C' || final === 'a') this.col = Math.min(this.col + n, maxColumns);
		else if (final === 'D') this.col = Math.max(0, this.col - n);
		else if (final === 'G' || final === '`') this.col = n - 1;
		else if (final === 'X') this.blank(this.col, n);
		else if (final === 'K') this.erase(Number.isNaN(first) ? 0 : first);
		else if (final === 'P') {
			this.split(this.col);
			this.split(this.col + n);
			this.cells.splice(this.col, n);
			this.pens.splice(this.col, n);
		} else if (final === '@' && this.col < this.cells.length) {
			this.split(this.col);
			this.cells.splice(this.col, 0, ...Array<string>(n).fill(' '));
			this.pens.splice(this.col, 0, ...Array<string>(n).fill(this.pen));
		}
	}

	erase(mode: number): void {
		if (mode === 0) {
			this.split(this.col);
			this.cells.length = Math.min(this.cells.length, this.col);
			this.pens.length = this.cells.length;
		} else if (mode === 1) this.blank(0, this.col + 1);
		else if (mode === 2) {
			this.cells.length = 0;
			this.pens.length = 0;
		}
	}

	sgr(params: string): void {
		const list = params.split(/[;:]/);
		if (list.every((param) => param === '' || Number(param) === 0)) this.pen = '';
		else if (list[0] === '' || list[0] === '0') this.pen = `\u001B[${params}m`;
		else this.pen += `\u001B[${params}m`;
	}

	/** The row as text: trailing blanks dropped, SGR where the style changes. */
	text(options: RowOptions): string {
		let end = this.cells.length;
		while (end > 0 && isBlank(this.cells[end - 1])) end--;
		// Joined once: concatenating cell by cell leaves a rope of every cell in memory.
		const out: string[] = [];
		let pen = '';
		for (let i = 0; i < end; i++) {
			const cell = this.cells[i] ?? ' ';
			if (options.keep && this.pens[i] !== pen) {
				out.push(change(pen, this.pens[i] ?? ''));
				pen = this.pens[i] ?? '';
			}
			out.push(cell === '\t' ? (options.expand ? ' ' : '\t') : cell === tabFill ? (options.expand ? ' ' : '') : cell);
		}
		// A style still open at the end is closed only if the program closed it.
		if (options.keep && pen !== '' && this.pen === '') out.push(reset);
		return out.join('');
	}
}

function isBlank(cell: string | undefined): boolean {
	return cell === ' ' || cell === '\t' || cell === tabFill;
}

/** The SGR text that turns style `from` into style `to`. */
function change(from: string, to: string): string {
	return to.startsWith(from) ? to.slice(from.length) : reset + to;
}

