/**
 * Runs `matchOutput` on the cases given as JSON on stdin, in a process of its
 * own, and prints one JSON line per case as each ends: a test can wait for it
 * without its own worker being blocked by a match that never ends.
 */
import {readFileSync} from 'node:fs';
import {matchOutput} from '../../src/match/match.js';

export type ChildCase = {readonly expected: string; readonly actual: string};
export type ChildAnswer = {readonly ok: boolean; readonly captures: Record<string, string>};

const cases = JSON.parse(readFileSync(0, 'utf8')) as ChildCase[];
for (const {expected, actual} of cases) {
	const result = matchOutput(expected, actual);
	const answer: ChildAnswer = {ok: result.ok, captures: Object.fromEntries(result.captures)};
	process.stdout.write(`${JSON.stringify(answer)}\n`);
}
