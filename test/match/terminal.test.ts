import {describe, expect, it} from 'vitest';
import {cellWidth, graphemes, textCells} from '../../src/match/cells.js';
import {normaliseLines} from '../../src/match/normalise.js';
import {terminalLine, terminalLines, terminalText, type TerminalOptions} from '../../src/match/terminal.js';

const esc = '\u001B';

type Case = readonly [name: string, raw: string, lines: readonly string[], options?: TerminalOptions];

const cases: readonly Case[] = [
	// printf 'downloading 10%%\r\033[Kdone\n'
	['carriage return then erase line (the issue)', 'downloading 10%\r\u001B[Kdone\n', ['done']],
	['carriage return overwrites from column 1', 'progress 10%\rprogress 100%\n', ['progress 100%']],
	['shorter text after a carriage return leaves the rest', 'abcdef\rXY', ['XYcdef']],
	['CRLF is a line end', 'a\r\nb\r\n', ['a', 'b']],
	['a lone carriage return at the end changes nothing', 'crlf\r', ['crlf']],
	['plain text is split on newlines', 'one\ntwo\n\nthree', ['one', 'two', '', 'three']],
	['text after the last newline is a line', 'a\nb', ['a', 'b']],
	['empty output has no lines', '', []],
	['backspace moves left and the next text overwrites', 'abc\b\bX', ['aXc']],
	['backspace stops at column 1', 'a\b\b\bX', ['X']],
	['ESC[K erases to the end', 'abcdef\u001B[3D\u001B[K', ['abc']],
	['ESC[0K erases to the end', 'abcdef\r\u001B[0Kxy', ['xy']],
	['ESC[1K blanks up to the cursor', 'abcdef\u001B[3D\u001B[1Kx', ['   xef']],
	['ESC[2K blanks the line, the cursor stays', 'abcdef\u001B[2Kz', ['      z']],
	['ESC[nC moves right over text without changing it', 'abcdef\r\u001B[2CX', ['abXdef']],
	['ESC[nC past the end leaves blanks', 'ab\u001B[3Cc', ['ab   c']],
	['ESC[nD moves left', 'abc\u001B[2DX', ['aXc']],
	['ESC[nG goes to a column', '12345678\r\u001B[5Gx', ['1234x678']],
	['ESC[nX blanks cells', 'abcdef\r\u001B[2X', ['  cdef']],
	['ESC[nP deletes cells', 'abcdef\r\u001B[2P', ['cdef']],
	['ESC[n@ inserts blanks', 'abcdef\r\u001B[2@', ['  abcdef']],
	['a huge cursor move is bounded', 'a\u001B[99999999999Cb', [`a${' '.repeat(9999)}b`]],
	['curl-style progress', '  0   100\r 50   100\r100   100\n', ['100   100']],
	['a shorter redraw without erase leaves the end', 'downloading 10%\rdone\n', ['doneloading 10%']],
	['pip/apt-style bar redrawn in place', '[##   ] 40%\r[#####] 100%\n', ['[#####] 100%']],
	['docker-style erase and rewrite', 'Pulling fs layer\r\u001B[2KDownloading\r\u001B[2KPull complete\n', ['Pull complete']],
	['cursor hide and show are dropped', '\u001B[?25lbusy\u001B[?25h', ['busy']],
	['moves between rows are dropped', 'a\u001B[1Ab\u001B[2J', ['ab']],
	['a tab over blank cells stays a tab', 'a\tb', ['a\tb']],
	['tabs expand to 8-column stops', 'a\tb\tc', ['a       b       c'], {tabs: 'expand'}],
	['a tab after 8 cells goes to the next stop', '12345678\tx', ['12345678        x'], {tabs: 'expand'}],
	['a tab over text only moves', 'abcdefgh\r\tX', ['abcdefghX']],
	['a tab partly over text stays a tab to the same stop', 'ab\r\tX', ['ab\tX']],
	['an overwritten tab turns into spaces', 'a\tbcdefghijk\rxyzw', ['xyzw    bcdefghijk']],
	['trailing blanks and tabs end no line', 'a  \nb\t\n', ['a', 'b']],
	['colour is stripped', `${esc}[1;31mred${esc}[0m plain`, ['red plain']],
	['OSC titles and hyperlinks are removed', `${esc}]0;title\u0007hi ${esc}]8;;http://x${esc}\\link${esc}]8;;${esc}\\`, ['hi link']],
	['charset selects and keypad modes are removed', `${esc}(Bok${esc}=${esc})0`, ['ok']],
	['8-bit CSI is an escape too', '\u009B31mhi', ['hi']],
	['an escape cut off at the end is dropped', `x${esc}[3`, ['x']],
	['other control characters show nothing', 'a\u0007b\u0000c', ['abc']],
	['invalid UTF-8 (U+FFFD) is a character', '\uFFFD bad\r\uFFFD', ['\uFFFD bad']],
	['a lone surrogate does not crash', 'a\uD800b\rX', ['Xb']],
	['a wide character takes 2 cells', '日本語\rab', ['ab本語']],
	['overwriting half a wide character blanks the other half', '日本語\rabc', ['abc 語']],
	['an emoji with a modifier is one wide cell pair', '👍🏽ok\rX', ['X ok']],
	['a combining mark stays on its letter', 'e\u0301x\r\u001B[1CY', ['e\u0301Y']],
	['colour kept with ansi=keep', `${esc}[31mred${esc}[0m`, [`${esc}[31mred${esc}[0m`], {ansi: 'keep'}],
	['kept colour follows its cells when overwritten', `${esc}[31mred${esc}[0m\r${esc}[32mg`, [`${esc}[32mg${esc}[0m${esc}[31med`], {ansi: 'keep'}],
	['kept colour erased with its text', `${esc}[31mdownloading${esc}[0m\r${esc}[Kdone`, ['done'], {ansi: 'keep'}],
	['each line starts with the colour in force', `${esc}[31mone\ntwo${esc}[0m\nthree`, [`${esc}[31mone`, `${esc}[31mtwo${esc}[0m`, 'three'], {ansi: 'keep'}],
	['non-colour escapes go even with ansi=keep', `${esc}]0;t\u0007${esc}[1mb${esc}[m`, [`${esc}[1mb${esc}[0m`], {ansi: 'keep'}],
];

describe('terminalLines', () => {
	it.each(cases.map(([name, raw, lines, options]) => ({name, raw, lines, options})))('$name', ({raw, lines, options}) => {
		expect(terminalLines(raw, options)).toEqual(lines);
	});

	it('gives the same lines on the plain path and the line model', () => {
		// A backspace anywhere (here in column 1, where it does nothing) sends every line through the model.
		const text = 'a  b \nc\td\t\n日本\n';
		expect(terminalLines(`\b${text}`)).toEqual(terminalLines(text));
	});
});

describe('terminalLine and terminalText', () => {
	it('render one line, and the whole text joined', () => {
		expect(terminalLine('50%\r100%\u001B[K\tok', {tabs: 'expand'})).toBe('100%    ok');
		expect(terminalText('\u001B[32mlistening\u001B[0m on :80\r\nready\n')).toBe('listening on :80\nready');
	});
});

describe('normaliseLines', () => {
	it('is the terminal text without trailing blank lines', () => {
		expect(normaliseLines('downloading 10%\r\u001B[Kdone\n\n\n')).toEqual(['done']);
	});
});

describe('cells', () => {
	it('measures as string-width does and keeps graphemes whole', () => {
		expect(cellWidth('a')).toBe(1);
		expect(cellWidth('日')).toBe(2);
		expect(cellWidth('👍🏽')).toBe(2);
		expect(cellWidth('\u0301')).toBe(0);
		expect(textCells('ab日本')).toBe(6);
		expect([...graphemes('e\u0301👍🏽x')]).toEqual(['e\u0301', '👍🏽', 'x']);
	});
});
