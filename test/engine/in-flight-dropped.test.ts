/**
 * InFlight (src/engine/in-flight.ts) against a fake shell that drops a line,
 * as bash does when a SIGINT comes while it reads one: its frames never come,
 * and its prompt hook says the marker before it again. The fake is this
 * test's own: it records the lines written (several may come in one write) and says what a shell would print,
 * so that the order of events is the test's, not the clock's.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {InFlight} from '../../src/engine/in-flight.js';
import {shells} from '../../src/engine/shells.js';
import type {StepRun} from '../../src/engine/spawn-shell.js';

const frame = (marker: string, status: number | string) => `\u001E${marker}:${status}\u001E`;

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** A fake session shell: `pid` is whoever gets its signals (none: no signal is sent); `written` the lines given to it. */
function fakeShell(pid: number | undefined) {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-in-flight-'));
	dirs.push(dir);
	const written: string[] = [];
	const lines = new InFlight({pid: () => pid, write: (text) => written.push(...text.split('\n').filter(Boolean)), backgroundPids: new Set()}, shells.bash, dir);
	/** The marker of the nth line written (0-based). */
	const marker = (index: number) => /__rb_m=([0-9a-f]{24})/.exec(written[index] ?? '')?.[1] ?? `no line ${index}`;
	/** The stop file of the nth line written. */
	const stopFile = (index: number) => /if \[ -e '?([^' ]+)'? \]/.exec(written[index] ?? '')?.[1] ?? `no line ${index}`;
	/** The shell ends the nth line: its end frames on both streams, with its output before them. */
	const end = (index: number, status: number, output = '') => {
		lines.onData('stdout', `${output}${frame(marker(index), status)}`);
		lines.onData('stderr', frame(marker(index), 0));
	};
	return {lines, written, marker, stopFile, end};
}

const io = (name: string, output: string[]) => ({stderr: 'merge', timeoutMs: 0, graceMs: 1000, cookie: `run/${name}`, onOutput: (_stream: string, text: string) => output.push(text)}) as const;
const ahead = (name: string) => ({command: `echo ${name}`, stderr: 'merge', timeoutMs: 0, graceMs: 1000, cookie: `run/${name}`}) as const;

describe('InFlight, when the shell drops a line written ahead', () => {
	it('a claimed line whose frames never come is written again once a later line says its marker, and runs once with its own output', async () => {
		const shell = fakeShell(undefined);
		const xOut: string[] = [];
		const x = shell.lines.run('echo x', io('x', xOut), [ahead('y'), ahead('z')]);
		expect(shell.written).toHaveLength(3);
		// x runs; a late SIGINT drops y's line as the shell reads it: the prompt hook says x's marker again, with 130.
		shell.lines.onData('stdout', `${frame(shell.marker(0), 's')}x\n`);
		shell.end(0, 0);
		shell.end(0, 130);
		expect(await x).toEqual({exitCode: 0, timedOut: false, interrupted: false});
		expect(xOut.join('')).toBe('x\n');
		// The marker said again: a sync line follows the lines in the shell.
		expect(shell.written).toHaveLength(4);
		const yOut: string[] = [];
		let yRun: StepRun | undefined;
		void shell.lines.run('echo y', io('y', yOut)).then((run) => (yRun = run));
		// What the dropped line left (a message of a part of it), then z's line, which did not begin.
		shell.lines.onData('stderr', 'bash: 9c: command not found\n');
		shell.end(2, 0);
		// y did not run: it is written again, as its own turn, and that line gives its result.
		expect(shell.written).toHaveLength(5);
		expect(yRun).toBeUndefined();
		shell.end(3, 0);
		shell.lines.onData('stdout', `${frame(shell.marker(4), 's')}y\n`);
		shell.end(4, 0);
		await new Promise((resolve) => setImmediate(resolve));
		expect(yRun).toEqual({exitCode: 0, timedOut: false, interrupted: false});
		expect(yOut.join('')).toBe('y\n');
		shell.lines.close();
	});

	it('Ctrl-C: the last line in the shell, stopped and dropped, is over when the sync line written after the prompt says its marker', async () => {
		const shell = fakeShell(undefined);
		const x = shell.lines.run('echo x', io('x', []), [ahead('y')]);
		shell.lines.onData('stdout', frame(shell.marker(0), 's'));
		expect(shell.lines.interrupt()).toBe(true);
		// y does not begin: its stop file is there before any signal.
		expect(existsSync(shell.stopFile(1))).toBe(true);
		// x ends; the SIGINT comes as the shell reads y, which it drops: the prompt says x's marker again.
		shell.end(0, 130);
		expect(await x).toMatchObject({exitCode: 130, interrupted: true});
		const began = shell.lines.began('run/y');
		expect(shell.written).toHaveLength(2);
		shell.end(0, 130);
		// A sync line follows, and does not begin either.
		expect(shell.written).toHaveLength(3);
		expect(existsSync(shell.stopFile(2))).toBe(true);
		shell.end(2, 0);
		expect(await began).toBe(false);
		expect(shell.lines.idle).toBe(true);
		shell.lines.close();
	});
});
