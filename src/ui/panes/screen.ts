import {endPosition, type PlayState} from '../state.js';
import {padLine, span, wrapSpans, type Line} from '../text/styled.js';
import {confirmLines} from './accept.js';
import {cleanupLines} from './cleanup.js';
import {endLines} from './end.js';
import {envLines} from './env.js';
import {headerLine} from './header.js';
import {helpLines} from './help.js';
import {hintLine} from './hints.js';
import {mainWidth, outlineWidth, screenSize} from './layout.js';
import {logLines} from './log.js';
import {outlineLines} from './outline.js';
import {stepLines} from './step.js';

function mainLines(state: PlayState, width: number, height: number, now: number): Line[] {
	if (state.overlay === 'help') return helpLines(width, height);
	if (state.phase === 'quitting') return cleanupLines(state, width, height, now);
	const error = state.runError === undefined ? [] : [...wrapSpans([span('✗ ', {color: 'red', bold: true}), span(state.runError, {color: 'red'})], width), []];
	const room = height - error.length;
	if (state.phase === 'env') return [...error, ...envLines(state, width, room)];
	if (state.confirmAccept && state.phase === 'playing') return [...error, ...confirmLines(state, state.confirmAccept, width, room)];
	if (state.log !== undefined && state.phase === 'playing') return [...error, ...logLines(state, state.log, width, room, now)];
	const body = state.cursor >= endPosition(state) ? endLines(state, width, room) : stepLines(state, width, room, now);
	return [...error, ...body];
}

/**
 * The whole screen as lines: header, outline beside the current step, key
 * hints. One line less than the terminal is tall and one column less than it
 * is wide, so that the terminal never scrolls or wraps.
 */
export function screenLines(state: PlayState, now: number): Line[] {
	const {width, height} = screenSize(state.columns, state.rows);
	const bodyHeight = height - 3;
	const side = outlineWidth(width + 1);
	const mainColumns = mainWidth(state.columns);
	const main = mainLines(state, mainColumns, bodyHeight, now);
	const outline = side > 0 ? outlineLines(state, side, bodyHeight, now) : [];
	const rows: Line[] = [];
	for (let row = 0; row < bodyHeight; row++) {
		const left: Line = side > 0 ? [...padLine(outline[row] ?? [], side), span('│', {color: 'gray'})] : [];
		rows.push([...left, span(' '), ...padLine(main[row] ?? [], mainColumns)]);
	}
	const rule: Line = [span('─'.repeat(width), {color: 'gray'})];
	return [padLine(headerLine(state, width, now), width), rule, ...rows, padLine(hintLine(state, width), width)];
}
