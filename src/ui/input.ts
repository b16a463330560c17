import type {Key as InkKey} from 'ink';
import type {Key} from './state.js';

function charKey(char: string): Key {
	const code = char.codePointAt(0) ?? 0;
	if (char === '\r' || char === '\n') return {name: 'return', text: char, ctrl: false};
	if (char === '\t') return {name: 'tab', text: char, ctrl: false};
	if (code === 0x7f || code === 0x08) return {name: 'backspace', text: char, ctrl: false};
	if (code === 0x1b) return {name: 'escape', text: char, ctrl: false};
	// Ctrl-A … Ctrl-Z arrive as 1 … 26.
	if (code > 0 && code < 27) return {name: 'char', text: String.fromCodePoint(code + 96), ctrl: true};
	return {name: 'char', text: char, ctrl: false};
}

/**
 * Ink's key description as the reducer's keys. Keys typed faster than they
 * are read arrive as one string: each character is a key of its own. (Ink
 * reports the Backspace key as delete.)
 */
export function toKeys(input: string, key: InkKey): Key[] {
	const named = (name: Key['name']): Key[] => [{name, text: input, ctrl: key.ctrl}];
	if (key.return) return named('return');
	if (key.escape) return named('escape');
	if (key.upArrow) return named('up');
	if (key.downArrow) return named('down');
	if (key.leftArrow) return named('left');
	if (key.rightArrow) return named('right');
	if (key.pageUp) return named('pageup');
	if (key.pageDown) return named('pagedown');
	if (key.home) return named('home');
	if (key.end) return named('end');
	if (key.backspace || key.delete) return named('backspace');
	if (key.tab) return named('tab');
	if (key.ctrl) return named('char');
	return [...input].map(charKey);
}
