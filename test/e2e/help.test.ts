/**
 * `runbook VERB --help` through the built CLI (`npm run build` first): each
 * verb lists its exit codes and examples, the codes are the ones the CLI
 * really returns, and `play --help` names every key the player binds, found
 * by pressing every key in the player's own reducer (src/ui/state/keys.ts).
 */
import {afterAll, describe, expect, it} from 'vitest';
import {onKey} from '../../src/ui/state/keys.js';
import type {Key, KeyName} from '../../src/ui/state/types.js';
import {init} from '../ui/helpers.js';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterAll(removeCopies);

/** The lines under a heading of the help text, up to the next blank line. */
function section(help: string, heading: string): string[] {
	const lines = help.split('\n');
	const start = lines.findIndex((line) => line.startsWith(heading));
	if (start === -1) return [];
	const end = lines.findIndex((line, index) => index > start && line.trim() === '');
	return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The first column of a two-column section: rows start two spaces in, wrapped lines further. */
function firstColumn(lines: readonly string[]): string[] {
	return lines.flatMap((line) => {
		const row = /^ {2}(\S+(?: \S+)*?) {2,}\S/.exec(line);
		return row?.[1] === undefined ? [] : [row[1]];
	});
}

const exitCodes = {
	list: ['0', '2', '70'],
	check: ['0', '2', '70'],
	test: ['0', '1', '2', '130, 143', '70'],
	play: ['0', '1', '2', '130', '70'],
} as const;

describe('each verb\'s --help', () => {
	for (const [verb, codes] of Object.entries(exitCodes)) {
		it(`${verb} --help lists its exit codes and examples of ${verb}`, () => {
			const ran = runbook([verb, '--help']);
			expect(ran.code).toBe(0);
			expect(firstColumn(section(ran.stdout, 'Exit codes:'))).toEqual(codes);
			const examples = section(ran.stdout, 'Examples:');
			expect(examples.length).toBeGreaterThanOrEqual(2);
			for (const example of examples) expect(example).toMatch(new RegExp(`^ {2}\\$ runbook ${verb} \\S`));
		});
	}

	it('tells the codes the CLI returns: 0 passed, 1 failed, 2 could not run or bad usage', () => {
		const dir = fixtureCopy();
		expect(runbook(['test', 'passing.md'], {cwd: dir}).code).toBe(0);
		expect(runbook(['test', 'failing.md'], {cwd: dir}).code).toBe(1);
		expect(runbook(['test', 'broken.md'], {cwd: dir}).code).toBe(2);
		expect(runbook(['test', 'passing.md', '--no-such-option'], {cwd: dir}).code).toBe(2);
		expect(runbook(['check', 'broken.md'], {cwd: dir}).code).toBe(2);
		expect(runbook(['list', 'no-such-file.md'], {cwd: dir}).code).toBe(2);
	});
});

const names: Record<KeyName, string> = {
	char: '',
	return: 'enter',
	escape: 'esc',
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageup: 'pgup',
	pagedown: 'pgdn',
	home: 'home',
	end: 'end',
	backspace: 'backspace',
	tab: 'tab',
};

/** Every key a terminal sends that the player could bind: printable characters, ctrl with a letter, the named keys. */
function everyKey(): Array<{key: Key; label: string}> {
	const keys: Array<{key: Key; label: string}> = [];
	for (let code = 0x21; code <= 0x7e; code++) keys.push({key: {name: 'char', text: String.fromCharCode(code), ctrl: false}, label: String.fromCharCode(code)});
	for (const letter of 'abcdefghijklmnopqrstuvwxyz') keys.push({key: {name: 'char', text: letter, ctrl: true}, label: `ctrl-${letter}`});
	for (const [name, label] of Object.entries(names)) if (name !== 'char') keys.push({key: {name: name as KeyName, text: '', ctrl: false}, label});
	return keys;
}

describe('play --help', () => {
	it('names every key the player binds while a runbook plays, and no key it does not bind', () => {
		const [state] = init();
		expect(state.phase).toBe('playing');
		// An unbound key leaves the state as it was and does nothing, or (a character) says "no such key".
		const bound = everyKey()
			.filter(({key}) => {
				const [next, effects] = onKey(state, key);
				return (next !== state || effects.length > 0) && !/no such key/.test(next.notice?.text ?? '');
			})
			.map(({label}) => label);
		expect(bound).toContain('a');
		const ran = runbook(['play', '--help']);
		expect(ran.code).toBe(0);
		const listed = firstColumn(section(ran.stdout, 'Keys')).flatMap((column) => column.split(' '));
		expect([...listed].sort()).toEqual([...bound].sort());
	});
});
