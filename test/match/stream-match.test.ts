import {describe, expect, it} from 'vitest';
import {matchOutput} from '../../src/match/match.js';
import {NormalisedLineStream} from '../../src/match/line-stream.js';
import {normaliseLines} from '../../src/match/normalise.js';
import {OutputMatchStream} from '../../src/match/stream-match.js';

/** A small deterministic generator, so that a failure names its seed. */
function random(seed: number) {
	let state = seed;
	return (n: number) => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state % n;
	};
}

const outputPieces = ['a', 'b', 'id 7', 'id 8', '', ' ', '\r', 'x\ry', '\u001B[31mr\u001B[0m', '\t', 'c  '];
const expectedPieces = ['a', 'b', '...', 'id {{n}}', 'id {{n:int}}', '[..]', 'c', '', 'r'];

function pieces(next: (n: number) => number, from: readonly string[], count: number): string[] {
	return Array.from({length: count}, () => from[next(from.length)] ?? '');
}

/** The output cut at random places, as pipes deliver it. */
function chunks(next: (n: number) => number, text: string): string[] {
	const result: string[] = [];
	let at = 0;
	while (at < text.length) {
		const size = 1 + next(5);
		result.push(text.slice(at, at + size));
		at += size;
	}
	return result;
}

describe('the comparison as the output is printed', () => {
	it('reads the lines normaliseLines reads, however the output is divided', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const next = random(seed);
			const text = pieces(next, outputPieces, next(12)).join(next(2) === 0 ? '\n' : '\r\n') + (next(2) === 0 ? '\n\n' : '');
			for (const ansi of ['strip', 'keep'] as const) {
				const stream = new NormalisedLineStream(ansi);
				const lines = chunks(next, text).flatMap((chunk) => stream.push(chunk));
				expect([...lines, ...stream.end()], `seed ${seed}`).toEqual(normaliseLines(text, ansi));
			}
		}
	});

	it('gives matchOutput’s verdict and captures; its diff too while the output fits its memory', () => {
		for (let seed = 1; seed <= 2000; seed++) {
			const next = random(seed);
			const expected = pieces(next, expectedPieces, next(6)).join('\n');
			const actual = `${pieces(next, outputPieces, next(10)).join('\n')}\n`;
			const bound = next(3) === 0 ? new Map([['n', '7']]) : new Map<string, string>();
			const batch = matchOutput(expected, actual, {bound});
			const stream = new OutputMatchStream(expected, {bound}, 1 << 20);
			for (const chunk of chunks(next, actual)) stream.push(chunk);
			const streamed = stream.end();
			const where = `seed ${seed}: ${JSON.stringify({expected, actual})}`;
			// Only matchOutput's search over every division by `...` (for a name bound under it) may pass more.
			const searched = expected.includes('...') && expected.includes('{{n');
			if (!searched) expect(streamed.ok, where).toBe(batch.ok);
			else if (streamed.ok) expect(batch.ok, where).toBe(true);
			if (streamed.ok && batch.ok) expect(streamed.captures, `seed ${seed}`).toEqual(batch.captures);
			if (!streamed.ok && !batch.ok) expect(streamed.diff.filter((line) => line.kind === 'removed' || line.kind === 'added').length, where).toBe(batch.diff.filter((line) => line.kind === 'removed' || line.kind === 'added').length);
		}
	});

	it('past its memory, still finds a line in the middle, and shows a change there as one line', () => {
		const lines = Array.from({length: 5000}, (_, i) => `line ${i}`);
		const stream = new OutputMatchStream('line 0\n...\nline {{mid}} here\n...\nline 4999', {}, 1000);
		stream.push(lines.map((line, i) => (i === 2500 ? `${line} here` : line)).join('\n'));
		const found = stream.end();
		expect(found.ok).toBe(true);
		expect(found.captures.get('mid')).toBe('2500');
		const changed = new OutputMatchStream(lines.join('\n'), {}, 1000);
		changed.push(lines.map((line, i) => (i === 2500 ? 'changed' : line)).join('\n'));
		const diff = changed.end().diff.filter((line) => line.kind === 'removed' || line.kind === 'added' || (line.kind === 'omitted' && line.changes > 0));
		expect(diff).toEqual([
			{kind: 'removed', text: 'line 2500', expectedLine: 2501},
			{kind: 'added', text: 'changed', actualLine: 2501},
		]);
	});
});
