import {describe, expect, it} from 'vitest';
import {compileGrep, describeSubjects, grepMatches, type Grep} from '../../src/select/grep.js';

function grep(source: string): Grep {
	const compiled = compileGrep(source);
	if (typeof compiled === 'string') throw new Error(compiled);
	return compiled;
}

describe('-t / --grep', () => {
	it('finds the expression anywhere in the path or the title', () => {
		expect(grepMatches(grep('guides'), {path: 'docs/guides/nested.md', title: 'Nested guide'})).toBe(true);
		expect(grepMatches(grep('Disk re'), {path: 'docs/failing.md', title: 'Disk report'})).toBe(true);
		expect(grepMatches(grep('Disk re'), {path: 'docs/failing.md'})).toBe(false);
		expect(grepMatches(grep('^docs/[a-f]'), {path: 'docs/failing.md', title: 'x'})).toBe(true);
		expect(grepMatches(grep('^ocs'), {path: 'docs/failing.md', title: 'x'})).toBe(false);
	});

	it('is case-sensitive unless the expression says (?i)', () => {
		expect(grepMatches(grep('disk'), {path: 'a.md', title: 'Disk report'})).toBe(false);
		expect(grepMatches(grep('(?i)disk'), {path: 'a.md', title: 'Disk report'})).toBe(true);
	});

	it('refuses what RE2 does not accept, saying why', () => {
		expect(compileGrep('(a')).toBe('-t (a: missing closing ): `(a` (RE2 syntax: https://github.com/google/re2/wiki/Syntax)');
		expect(compileGrep('(a)\\1')).toBe('-t (a)\\1: backreference `\\1` is not supported (RE2 has none, so that matching takes linear time)');
	});

	it('takes linear time on a pattern that backtracking engines take forever on', () => {
		const path = `${'a'.repeat(30_000)}!`;
		expect(grepMatches(grep('^(a+)+$'), {path})).toBe(false);
	});

	it('lists at most ten subjects', () => {
		const subjects = Array.from({length: 12}, (_, n) => ({path: `f${n}.md`, title: `T${n}`}));
		expect(describeSubjects(subjects.slice(0, 2))).toBe('f0.md "T0", f1.md "T1"');
		expect(describeSubjects([{path: 'gone.md'}])).toBe('gone.md');
		expect(describeSubjects(subjects)).toMatch(/f9\.md "T9", and 2 more$/);
	});
});
