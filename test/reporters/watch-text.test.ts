import {describe, expect, it} from 'vitest';
import {standingCode} from '../../src/commands/watch.js';
import {plain} from '../../src/reporters/style.js';
import {roundHeader, waitingLines} from '../../src/reporters/watch-text.js';

describe('watch mode text', () => {
	it('heads a round with what runs and why', () => {
		expect(roundHeader(plain, 'start', ['a.md', 'b.md'])).toBe(' WATCH  2 runbooks: a.md, b.md\n\n');
		expect(roundHeader(plain, 'saved', ['b.md'])).toBe(' RERUN  b.md (saved)\n\n');
		expect(roundHeader(plain, 'key', ['a.md', 'b.md'])).toBe(' RERUN  a.md, b.md (all, by key)\n\n');
	});

	it('closes a round with how every watched runbook stands, and the keys or how to quit', () => {
		expect(waitingLines(plain, [{shown: 'a.md', code: 0}], true)).toBe('\n PASS  The runbook passed. Waiting for file changes…\n       press h for help, q to quit\n');
		expect(waitingLines(plain, [{shown: 'a.md', code: 1}, {shown: 'b.md', code: 0}, {shown: 'c.md', code: 2}], false)).toBe(
			'\n FAIL  2 of 3 runbooks did not pass: a.md, c.md. Waiting for file changes…\n       Ctrl-C to quit\n',
		);
		expect(waitingLines(plain, [], true)).toBe('\n WAIT  No runbook left to watch; press h for help, q to quit\n');
	});
});

describe('the exit code of a watch that quits while waiting', () => {
	it('is the worst of the last runs: could not run, then failed, then passed', () => {
		expect(standingCode([])).toBe(0);
		expect(standingCode([0, 0])).toBe(0);
		expect(standingCode([0, 1])).toBe(1);
		expect(standingCode([1, 2, 0])).toBe(2);
	});
});
