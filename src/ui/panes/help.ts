import {keysLabel, playerKeys} from '../key-table.js';
import {span, wrapSpans, type Line} from '../text/styled.js';

/** The `?` overlay: every key of the player (key-table.ts), wrapped to the width. */
export function helpLines(width: number, height: number): Line[] {
	const keyWidth = Math.max(...playerKeys.map((entry) => keysLabel(entry).length)) + 2;
	const lines: Line[] = [[span('Keys', {bold: true})], []];
	for (const entry of playerKeys) {
		lines.push(...wrapSpans([span(entry.what)], width, [span(keysLabel(entry).padEnd(keyWidth), {bold: true, color: 'cyan'})], [span(' '.repeat(keyWidth))]));
	}
	return lines.slice(0, height);
}
