import {describe, expect, it} from 'vitest';
import {normaliseArgv} from '../../src/cli.js';
import {markdownText} from '../../src/reporters/step-summary.js';
import {colors, plain, styleFor} from '../../src/reporters/style.js';
import {errorCommand, escapeData, escapeProperty} from '../../src/reporters/workflow-commands.js';

describe('workflow commands (GitHub\'s escaping)', () => {
	it('data: % first, then CR and LF; properties also : and ,', () => {
		expect(escapeData('100%0A done\r\nnext: a,b')).toBe('100%250A done%0D%0Anext: a,b');
		expect(escapeProperty('a: b, c%')).toBe('a%3A b%2C c%25');
		expect(errorCommand({file: 'docs/a,b.md', line: 7, title: 'runbook: x', message: 'one\ntwo'})).toBe('::error file=docs/a%2Cb.md,line=7,title=runbook%3A x::one%0Atwo\n');
	});

	it('a control character the log would act on is written as its escape', () => {
		expect(escapeData('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
	});
});

describe('Markdown in the step summary', () => {
	it('escapes | and Markdown punctuation, one line', () => {
		expect(markdownText('a|b *c* `d`\n<e>')).toBe('a\\|b \\*c\\* \\`d\\`\\\\n\\<e\\>');
	});
});

describe('colour', () => {
	it('FORCE_COLOR=0 and false turn it off on a terminal; 1 turns it on off one; NO_COLOR wins', () => {
		expect(styleFor({isTTY: true}, {FORCE_COLOR: '0'})).toBe(plain);
		expect(styleFor({isTTY: true}, {FORCE_COLOR: 'false'})).toBe(plain);
		expect(styleFor({isTTY: false}, {FORCE_COLOR: '1'})).toBe(colors);
		expect(styleFor({isTTY: true}, {NO_COLOR: '1', FORCE_COLOR: '1'})).toBe(plain);
		// Node.js's reading: 1, 2, 3, true and empty force colour; any other value turns it off.
		for (const value of ['', '2', '3', 'TRUE']) expect(styleFor({isTTY: false}, {FORCE_COLOR: value})).toBe(colors);
		for (const value of ['yes', '4', 'no']) expect(styleFor({isTTY: true}, {FORCE_COLOR: value})).toBe(plain);
		expect(styleFor({isTTY: true}, {})).toBe(colors);
	});
});

describe('normaliseArgv', () => {
	it('--output-file.NAME=PATH and --output-file.NAME PATH become --output-file NAME=PATH, up to --', () => {
		expect(normaliseArgv(['test', '--output-file.junit=a=b.xml', '--output-file.json', 'r.json', '--', '--output-file.tap=x'])).toEqual(['test', '--output-file', 'junit=a=b.xml', '--output-file', 'json=r.json', '--', '--output-file.tap=x']);
		expect(normaliseArgv(['--output-file.junit'])).toEqual(['--output-file', 'junit=']);
	});
});
