import {describe, expect, it} from 'vitest';
import {appendTail, emptyTail, lastLines, tailText} from '../../src/ui/output-tail.js';

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

	it('stays small and quick with 10 MB in large chunks', () => {
		const chunk = Array.from({length: 100_000}, (_, i) => `${i}`).join('\n') + '\n';
		let tail = emptyTail;
		const started = performance.now();
		for (let i = 0; i < 20; i++) tail = appendTail(tail, chunk);
		expect(performance.now() - started).toBeLessThan(2000);
		expect(tail.total).toBeGreaterThan(10_000_000);
		expect(tail.lines.length).toBeLessThanOrEqual(2000);
		expect(tail.lines.at(-1)).toBe('99999');
		expect(tail.lineCount).toBe(2_000_000);
	});

	it('a carriage return starts the line over', () => {
		const tail = appendTail(emptyTail, '10%\r50%\r100%\ndone');
		expect(tailText(tail)).toBe('100%\ndone');
	});
});
