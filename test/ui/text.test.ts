import {describe, expect, it} from 'vitest';
import {matchOutput} from '../../src/match/match.js';
import {diffLines} from '../../src/ui/text/diff.js';
import {markdownLines} from '../../src/ui/text/markdown.js';
import {shellLines} from '../../src/ui/text/shell.js';
import {displayText, lineWidth, textWidth, truncateLine, wrapPreserving, wrapSpans, type Line} from '../../src/ui/text/styled.js';
import {parse} from './helpers.js';

const plain = (lines: readonly Line[]) => lines.map((line) => line.map((part) => part.text).join(''));
const styleOf = (lines: readonly Line[], text: string) => lines.flat().find((part) => part.text.includes(text))?.style;

describe('styled lines', () => {
	it('wraps words to the width, splitting words longer than a line', () => {
		expect(plain(wrapSpans([{text: 'the quick  brown fox jumps'}], 10))).toEqual(['the quick', 'brown fox', 'jumps']);
		expect(plain(wrapSpans([{text: 'abcdefghijkl'}], 5))).toEqual(['abcde', 'fghij', 'kl']);
		expect(plain(wrapSpans([{text: 'one two three'}], 9, [{text: '• '}], [{text: '  '}]))).toEqual(['• one two', '  three']);
	});

	it('keeps every blank when wrapping commands', () => {
		expect(plain(wrapPreserving([{text: 'ls  -la /very/long/path'}], 12, [{text: '  '}]))).toEqual(['ls  -la ', '  /very/long', '  /path']);
	});

	it('truncates with an ellipsis and counts wide characters as two cells', () => {
		expect(plain([truncateLine([{text: 'abcdef'}], 4)])).toEqual(['abc…']);
		expect(textWidth('日本')).toBe(4);
		expect(lineWidth(truncateLine([{text: '日本語テキスト'}], 7))).toBeLessThanOrEqual(7);
	});

	it('shows output lines as a terminal would leave them', () => {
		expect(displayText('\u001B[31mred\u001B[0m')).toBe('red');
		expect(displayText('10%\r100%')).toBe('100%');
		expect(displayText('a\tb')).toBe('a       b');
		expect(displayText('crlf\r')).toBe('crlf');
	});
});

describe('markdown', () => {
	const runbook = parse(`# Title

A paragraph with *emphasis*, **strong**, \`code\` and a [link](https://example.com).

- first
- second
  1. nested

> quoted

| a | b |
| - | - |
| 1 | 2 |

\`\`\`json
{"x": 1}
\`\`\`

<!-- a comment -->

\`\`\`sh
echo hi
\`\`\`
`);
	const prose = runbook.steps[0]!.prose;
	const lines = markdownLines(prose, 60);

	it('renders headings, paragraphs, lists, quotes, tables and code; hides HTML', () => {
		expect(plain(lines)).toEqual([
			'Title',
			'',
			'A paragraph with emphasis, strong, code and a link.',
			'',
			'• first',
			'• second',
			'  1. nested',
			'',
			'│ quoted',
			'',
			'a │ b',
			'1 │ 2',
			'',
			'  {"x": 1}',
		]);
	});

	it('styles emphasis, strong, inline code, links and headings', () => {
		expect(styleOf(lines, 'Title')).toMatchObject({bold: true});
		expect(styleOf(lines, 'emphasis')).toMatchObject({italic: true});
		expect(styleOf(lines, 'strong')).toMatchObject({bold: true});
		expect(styleOf(lines, 'code')).toMatchObject({color: 'yellow'});
		expect(styleOf(lines, 'link')).toMatchObject({underline: true, color: 'blue'});
	});

	it('wraps to the width', () => {
		for (const line of markdownLines(prose, 20)) expect(lineWidth(line)).toBeLessThanOrEqual(20);
	});
});

describe('shell highlighting', () => {
	it('prompts the first line, wraps long lines and colours the parts', () => {
		const lines = shellLines(`docker run -d --name "web-$ID" nginx | tee log # start it\necho 'done'`, 80);
		expect(plain(lines)).toEqual([`$ docker run -d --name "web-$ID" nginx | tee log # start it`, `  echo 'done'`]);
		expect(styleOf(lines, 'docker')).toMatchObject({bold: true});
		expect(styleOf(lines, '--name')).toMatchObject({color: 'cyan'});
		expect(styleOf(lines, '$ID')).toMatchObject({color: 'yellow'});
		expect(styleOf(lines, 'web-')).toMatchObject({color: 'green'});
		expect(styleOf(lines, '|')).toMatchObject({color: 'magenta'});
		expect(styleOf(lines, 'tee')).toMatchObject({bold: true});
		expect(styleOf(lines, '# start')).toMatchObject({italic: true});
		expect(plain(shellLines('echo aaaa bbbb cccc', 12))).toEqual(['$ echo aaaa ', '  bbbb cccc']);
	});

	it('keeps Go templates and quotes across lines as they are', () => {
		const lines = shellLines(`docker inspect -f '{{.State.Running}}' web\necho "a\nb"`, 80);
		expect(plain(lines)).toEqual([`$ docker inspect -f '{{.State.Running}}' web`, '  echo "a', '  b"']);
		expect(styleOf(lines.slice(2), 'b"')).toMatchObject({color: 'green'});
	});
});

describe('diff', () => {
	it('marks removed, added and pattern-matched lines', () => {
		const match = matchOutput('header\nid: {{id:int}}\nlast\n', 'header\nid: 42\nchanged\n');
		const lines = diffLines(match.diff, 80);
		expect(plain(lines)).toEqual(['  header', '~ id: 42', '- last', '+ changed']);
		expect(styleOf(lines, 'last')).toMatchObject({color: 'red'});
		expect(styleOf(lines, 'changed')).toMatchObject({color: 'green'});
		expect(styleOf(lines, 'id: 42')).toMatchObject({color: 'cyan'});
	});

	it('wraps a long line, so a difference at its end shows', () => {
		const base = 'the quick brown fox jumps over the lazy dog '.repeat(3);
		const match = matchOutput(`${base}FIN`, `${base}END`);
		const lines = plain(diffLines(match.diff, 40));
		expect(lines.every((line) => line.length <= 40)).toBe(true);
		expect(lines.join('\n')).toContain('FIN');
		expect(lines.join('\n')).toContain('END');
	});

	it('folds long runs of agreeing lines to three lines of context', () => {
		const same = Array.from({length: 10}, (_, i) => `same ${i}`);
		const match = matchOutput(['first', ...same, 'last', ...same].join('\n'), ['changed', ...same, 'last!', ...same].join('\n'));
		expect(plain(diffLines(match.diff, 80))).toEqual([
			'- first',
			'+ changed',
			'  same 0',
			'  same 1',
			'  same 2',
			'  ⋯ 4 agreeing lines',
			'  same 7',
			'  same 8',
			'  same 9',
			'- last',
			'+ last!',
			'  same 0',
			'  same 1',
			'  same 2',
			'  ⋯ 7 agreeing lines',
		]);
	});

	it('shows what a diff too long to keep whole left out', () => {
		const numbers = Array.from({length: 100_000}, (_, i) => String(i + 1));
		const middle = matchOutput(numbers.join('\n'), numbers.map((n) => (n === '50000' ? 'x' : n)).join('\n'));
		expect(plain(diffLines(middle.diff, 80))).toEqual(['  ⋯ 49996 agreeing lines', '  49997', '  49998', '  49999', '- 50000', '+ x', '  50001', '  50002', '  50003', '  ⋯ 49997 agreeing lines']);
		const long = plain(diffLines(matchOutput('1\n2\nthree', numbers.join('\n')).diff, 80));
		expect(long).toHaveLength(501);
		expect(long.at(-1)).toBe('  ⋯ 99501 more lines of diff not shown');
	});
});
