/**
 * Matching takes linear time: patterns from runbooks run on RE2 (re2js), never
 * on JavaScript's backtracking RegExp. Shown by structure, not by a clock:
 * which engine compiles them, which syntax it refuses, and answers on inputs
 * that take a backtracking engine hours (in a child process, so that a match
 * that never ends fails the test by vitest's timeout instead of blocking it).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {matchOutput} from '../../src/match/match.js';
import type {ChildAnswer, ChildCase} from './match-child.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
	for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `matchOutput` on each case in a child process; its answers in order. */
function matchInChild(cases: readonly ChildCase[]): Promise<ChildAnswer[]> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'match-child.ts')], {stdio: ['pipe', 'pipe', 'inherit']});
	children.push(child);
	let stdout = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stdin?.end(JSON.stringify(cases));
	return new Promise((resolve, reject) => {
		child.on('close', (code) => (code === 0 ? resolve(stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as ChildAnswer)) : reject(new Error(`exit ${code}`))));
	});
}

/** The sources given to `new RegExp` (or `RegExp()`) while `run` runs. */
function regExpSources(run: () => void): string[] {
	const original = globalThis.RegExp;
	const sources: string[] = [];
	const record = (args: unknown[]) => sources.push(String(args[0] instanceof original ? args[0].source : args[0]));
	globalThis.RegExp = new Proxy(original, {
		construct(target, args, newTarget) {
			record(args);
			return Reflect.construct(target, args, newTarget) as object;
		},
		apply(target, self, args) {
			record(args);
			return Reflect.apply(target, self, args) as unknown;
		},
	});
	try {
		run();
	} finally {
		globalThis.RegExp = original;
	}
	return sources;
}

describe('the engine', () => {
	it('never hands a pattern from a runbook to JavaScript RegExp', () => {
		const sources = regExpSources(() => {
			expect(matchOutput('v={{/(a+)+$/}}', 'v=aaa').ok).toBe(true);
			expect(matchOutput('[..] at [..]', 'ok at noon').ok).toBe(true);
			expect(matchOutput('{{n:int}} {{n}} {{who}}', '42 42 me').captures).toEqual(new Map([['n', '42'], ['who', 'me']]));
			expect(matchOutput('id {{id:uuid}}', 'id 123e4567-e89b-12d3-a456-426614174000').ok).toBe(true);
		});
		expect(sources.filter((source) => /\(a\+\)\+|\.\*|\\S\+|-\?\\d\+|\[0-9a-fA-F\]/.test(source))).toEqual([]);
	});
});

describe('inputs that take a backtracking engine hours', () => {
	const as = 'a'.repeat(5000);
	const megabyte = 'x'.repeat(1_000_000);
	it('answers each, and correctly', async () => {
		const answers = await matchInChild([
			{expected: '{{/(a+)+$/}}', actual: `${as}b`},
			{expected: '{{/(a+)+$/}}', actual: as},
			{expected: '{{/(a|aa)+$/}}', actual: `${as}b`},
			{expected: '{{/(x+x+)+y/}}', actual: megabyte},
			{expected: '[..]x[..]x[..]x[..]y', actual: megabyte},
			{expected: '[..]x[..]x[..]x[..]x', actual: megabyte},
			{expected: '{{line}}', actual: megabyte},
			{expected: '{{a}} {{a}}', actual: `${megabyte} ${megabyte}`},
			{expected: '{{a}} {{a}}', actual: `${megabyte} ${megabyte}y`},
		]);
		expect(answers.map((answer) => answer.ok)).toEqual([false, true, false, false, false, true, true, true, false]);
		expect(answers[6]?.captures.line?.length).toBe(1_000_000);
		expect(answers[7]?.captures.a?.length).toBe(1_000_000);
	});
});
