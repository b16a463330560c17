import {describe, expect, it} from 'vitest';
import {displayText} from '../../src/ui/text/styled.js';
import {appendTail, defaultLimits, emptyTail, lastLines, tailText} from '../../src/ui/output-tail.js';

describe('output tail', () => {
	it('joins chunks into lines, keeping the unfinished one', () => {
		const tail = appendTail(appendTail(emptyTail, 'one\ntw'), 'o\nthr');
		expect(tail.lines).toEqual(['one', 'two']);
		expect(tail.partial).toBe('thr');
		expect(lastLines(tail, 2)).toEqual(['two', 'thr']);
		expect(lastLines(tail, 2, 1)).toEqual(['one', 'two']);
		expect(tail.lineCount).toBe(2);
	});

	it('keeps at most so many lines and characters, and counts all', () => {
		let tail = emptyTail;
		for (let i = 0; i < 100; i++) tail = appendTail(tail, `line ${i}\n`, {lines: 10, chars: 1000});
		expect(tail.lines.length).toBe(10);
		expect(tail.lines[0]).toBe('line 90');
		expect(tail.lineCount).toBe(100);
		const wide = appendTail(emptyTail, `${'x'.repeat(300)}\n`.repeat(10), {lines: 100, chars: 1000});
		expect(wide.chars).toBeLessThanOrEqual(1000);
		expect(wide.lineCount).toBe(10);
	});

	// How fast is measured in bench/terminal-text.js, not here.
	it('stays small with 10 MB in large chunks', () => {
		const chunk = Array.from({length: 100_000}, (_, i) => `${i}`).join('\n') + '\n';
		let tail = emptyTail;
		for (let i = 0; i < 20; i++) tail = appendTail(tail, chunk);
		expect(tail.chars).toBeLessThanOrEqual(defaultLimits.chars);
		expect(tail.total).toBeGreaterThan(10_000_000);
		expect(tail.lines.length).toBeLessThanOrEqual(2000);
		expect(tail.lines.at(-1)).toBe('99999');
		expect(tail.lineCount).toBe(2_000_000);
	});

	it('a carriage return starts the line over', () => {
		const tail = appendTail(emptyTail, '10%\r50%\r100%\ndone');
		expect(tailText(tail)).toBe('100%\ndone');
	});

	it('shows lines as the terminal text does, also across chunks', () => {
		const tail = appendTail(appendTail(emptyTail, 'downloading 10%\r\u001B['), 'Kdone\n\u001B[32mok\u001B[0m\tnext\n');
		expect(tail.lines).toEqual(['done', 'ok\tnext']);
	});

	it('keeps a long progress line short and shows where it stands', () => {
		let tail = emptyTail;
		for (let i = 0; i <= 100_000; i++) tail = appendTail(tail, `\rprogress ${String(i % 1000).padStart(3)} of 999`);
		expect(tail.partial.length).toBeLessThan(5000);
		expect(displayText(lastLines(tail, 1)[0] ?? '')).toBe('progress   0 of 999');
		expect(appendTail(tail, '\r\u001B[Kdone\n').lines).toEqual(['done']);
	});
});
