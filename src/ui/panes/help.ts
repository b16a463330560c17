import {span, wrapSpans, type Line} from '../text/styled.js';

const keys: ReadonlyArray<readonly [string, string]> = [
	['enter', 'run the step; on a finished one, go on'],
	['n → j ↓', 'next step (moving never runs anything)'],
	['p ← k ↑', 'previous step'],
	['g / G', 'first step / the end'],
	['s', 'skip the step'],
	['r', 're-run the step'],
	['c', 'run the steps that follow until one fails'],
	['e', 'edit the command in $EDITOR, and run it once'],
	['a', 'accept: the actual output becomes expected (asks first when the exit status is wrong or patterns would be lost)'],
	['u', 'undo the last accept: the file as it was'],
	['o', 'show the output, the diff or the lines written'],
	['l', 'the log of a background step, live (tab: the next one; l or esc closes it)'],
	['pgup pgdn', 'scroll the output, the diff or the notes'],
	['ctrl-c', 'interrupt the step; when idle, quit'],
	['q', 'quit: cleanup steps run, backgrounds stop'],
	['?', 'this help (any key closes it)'],
];

export function helpLines(width: number, height: number): Line[] {
	const keyWidth = Math.max(...keys.map(([key]) => key.length)) + 2;
	const lines: Line[] = [[span('Keys', {bold: true})], []];
	for (const [key, what] of keys) {
		lines.push(...wrapSpans([span(what)], width, [span(key.padEnd(keyWidth), {bold: true, color: 'cyan'})], [span(' '.repeat(keyWidth))]));
	}
	return lines.slice(0, height);
}
