import {describe, expect, it} from 'vitest';
import {escapeCharacter, jsonText, visibleLine, visibleText} from '../../src/match/visible.js';

describe('visible text', () => {
	it('writes each control character as a JavaScript string literal writes it, lower case', () => {
		expect(['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\n', '\r', '\ufffe', '\uffff', '\ud800'].map(escapeCharacter)).toEqual([
			'\\x00',
			'\\x07',
			'\\x1b',
			'\\x7f',
			'\\x85',
			'\\x9b',
			'\\n',
			'\\r',
			'\\ufffe',
			'\\uffff',
			'\\ud800',
		]);
	});

	it('escapes every C0 and C1 control, DEL, U+FFFE and U+FFFF, and keeps the tab', () => {
		for (let code = 0; code <= 0xa0; code++) {
			const char = String.fromCharCode(code);
			const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
			expect(visibleLine(char)).toBe(control && char !== '\t' ? escapeCharacter(char) : char);
		}
		expect(visibleLine('a\ufffeb\uffffc')).toBe('a\\ufffeb\\uffffc');
	});

	it('a line: newlines and carriage returns escaped, so it stays one line and nothing is written over', () => {
		expect(visibleLine('title\r\u001b[2Jforged\nsecond')).toBe('title\\r\\x1b[2Jforged\\nsecond');
	});

	it('text of several lines: newlines and tabs kept, a carriage return escaped', () => {
		expect(visibleText('one\n\ttwo\r\u001b]0;title\u0007\n')).toBe('one\n\ttwo\\r\\x1b]0;title\\x07\n');
	});

	it('a lone surrogate is escaped, a pair (an emoji) is kept', () => {
		expect(visibleLine('\ud83d\ude00 \ud800x \udc00 x\ud83d')).toBe('\ud83d\ude00 \\ud800x \\udc00 x\\ud83d');
	});

	it('leaves text with nothing to escape as it is, backslashes included, so a second pass changes nothing', () => {
		const text = 'C:\\notes {{/\\d+/}} 日本 ✓';
		expect(visibleLine(text)).toBe(text);
		const once = visibleText('a\u001b[2Jb\u0000');
		expect(visibleText(once)).toBe(once);
	});

	it('JSON: DEL, C1, U+FFFE and U+FFFF as \\u escapes too, and the value read back is the same', () => {
		const value = {output: 'a\u0000\u001b[2J\u007f\u009bz\ud800\uffff', title: 'plain'};
		const text = jsonText(value);
		// eslint-disable-next-line no-control-regex
		expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
		expect(text).toContain('"a\\u0000\\u001b[2J\\u007f\\u009bz\\ud800\\uffff"');
		expect(JSON.parse(text)).toEqual(value);
		expect(jsonText({a: 1})).toBe(JSON.stringify({a: 1}, null, 2));
	});
});
