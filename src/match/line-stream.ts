import type {AnsiMode} from '../model.js';
import type {RowOptions} from './terminal-row.js';
import {isPlain, renderLine, rowOptions, trimBlanks} from './terminal.js';

/**
 * `normaliseLines` over output that comes in pieces: the same lines, in
 * order, as the pieces arrive, without holding the whole text. A line is
 * given once its `\n` came (the text after the last one at `end`); blank
 * lines are held back until a line with text follows them, since trailing
 * blank lines are no lines (`normaliseLines`). Memory: the unfinished line
 * and a count of held blank lines.
 *
 * @example const s = new NormalisedLineStream(); s.push('a\nb'); s.end() // ['a'] then ['b']
 */
export class NormalisedLineStream {
	private partial = '';
	private blanks = 0;
	private readonly settings: RowOptions;
	private readonly pen = {value: ''};

	constructor(ansi: AnsiMode = 'strip') {
		this.settings = rowOptions({ansi});
	}

	/** The lines this piece completes, as a terminal shows them. */
	push(piece: string): string[] {
		if (piece === '') return [];
		const text = this.partial === '' ? piece : this.partial + piece;
		const last = text.lastIndexOf('\n');
		if (last === -1) {
			this.partial = text;
			return [];
		}
		this.partial = text.slice(last + 1);
		const lines = text.slice(0, last).split('\n');
		const rendered = this.pen.value === '' && isPlain(text, this.settings) ? lines.map(trimBlanks) : lines.map((line) => renderLine(line, this.settings, this.pen));
		return this.releaseBlanks(rendered);
	}

	/** The last lines: the unfinished one, if any; trailing blank lines are dropped. */
	end(): string[] {
		const rest = this.partial;
		this.partial = '';
		if (rest === '') return [];
		const line = renderLine(rest, this.settings, this.pen);
		return line === '' ? [] : this.releaseBlanks([line]);
	}

	/** Blank lines held from before, then these, holding back the blank lines they end with. */
	private releaseBlanks(lines: string[]): string[] {
		let trailing = 0;
		while (trailing < lines.length && lines[lines.length - 1 - trailing] === '') trailing++;
		if (trailing === lines.length) {
			this.blanks += trailing;
			return [];
		}
		if (trailing > 0) lines.length -= trailing;
		if (this.blanks > 0) {
			const held = Array<string>(this.blanks).fill('');
			this.blanks = trailing;
			return held.concat(lines);
		}
		this.blanks = trailing;
		return lines;
	}
}
