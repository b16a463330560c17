import {compileRegex, regexProblem, type Regex} from '../match/regex.js';

/** `-t PATTERN` / `--grep PATTERN`: the pattern as given, compiled on RE2. */
export type Grep = {readonly source: string; readonly regex: Regex};

/** What `-t` looks at in a runbook: its path as shown (relative to the current folder, `/` between folders) and its title. */
export type GrepSubject = {readonly path: string; readonly title?: string};

/**
 * Compile `-t PATTERN` as an RE2 regular expression (re2js, linear time; the
 * syntax vitest's `-t` takes, less backreferences and lookaround). Returns
 * why it cannot be compiled as a string, for a usage error.
 */
export function compileGrep(source: string): Grep | string {
	const problem = regexProblem(source, 'grep');
	if (problem) return `-t ${source}: ${problem.message}`;
	return {source, regex: compileRegex(source)};
}

/**
 * Whether the pattern is found anywhere in the subject's path or title
 * (unanchored and case-sensitive, as vitest's `-t`: write `^`, `$` or `(?i)`
 * for more).
 */
export function grepMatches(grep: Grep, subject: GrepSubject): boolean {
	return grep.regex.test(subject.path) || (subject.title !== undefined && grep.regex.test(subject.title));
}

/** The first ten subjects, as the message of a `-t` that matched none shows them: `path "title"`. */
export function describeSubjects(subjects: readonly GrepSubject[]): string {
	const shown = subjects.slice(0, 10).map((subject) => (subject.title === undefined ? subject.path : `${subject.path} "${subject.title}"`));
	return subjects.length > 10 ? `${shown.join(', ')}, and ${subjects.length - 10} more` : shown.join(', ');
}
