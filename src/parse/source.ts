import type {Point} from '../model.js';

/** Offsets ↔ line/column over one source text. */
export type SourceMap = {
	readonly text: string;
	point(offset: number): Point;
	/** Offset of the start of the line holding `offset`. */
	lineStart(offset: number): number;
	/** Offset just past the end of the line holding `offset` (after its line ending). */
	nextLine(offset: number): number;
};

export function createSourceMap(text: string): SourceMap {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '\n') starts.push(i + 1);
		else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
	}
	const lineIndex = (offset: number) => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if ((starts[mid] ?? 0) <= offset) low = mid;
			else high = mid - 1;
		}
		return low;
	};
	return {
		text,
		point(offset) {
			const index = lineIndex(offset);
			return {line: index + 1, column: offset - (starts[index] ?? 0) + 1, offset};
		},
		lineStart(offset) {
			return starts[lineIndex(offset)] ?? 0;
		},
		nextLine(offset) {
			return starts[lineIndex(offset) + 1] ?? text.length;
		},
	};
}

/** Split text into lines with their offsets, each line without its ending. */
export function linesWithOffsets(text: string, start: number, end: number): Array<{text: string; offset: number; end: number}> {
	const lines: Array<{text: string; offset: number; end: number}> = [];
	let offset = start;
	while (offset < end) {
		const newline = text.indexOf('\n', offset);
		const stop = newline === -1 || newline >= end ? end : newline + 1;
		const raw = text.slice(offset, stop);
		lines.push({text: raw.replace(/\r?\n$/, '').replace(/\r$/, ''), offset, end: stop});
		offset = stop;
	}
	return lines;
}

/**
 * A UTF-8 byte-order mark at the start of a file is its encoding's mark, not
 * text: the parser reads what follows it, and a writer puts it back in front
 * (`bom + text`) so that the file stays byte for byte as it was.
 *
 * @example splitByteOrderMark('\uFEFF# Notes') // {bom: '\uFEFF', text: '# Notes'}
 */
export function splitByteOrderMark(file: string): {readonly bom: string; readonly text: string} {
	return file.startsWith('\uFEFF') ? {bom: '\uFEFF', text: file.slice(1)} : {bom: '', text: file};
}
