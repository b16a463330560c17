import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {afterEach, describe, expect, it} from 'vitest';
import {InFlight} from '../../src/engine/in-flight.js';
import {shells} from '../../src/engine/shells.js';
import type {StepIo} from '../../src/engine/spawn-shell.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

const frame = (marker: string, status: number | string) => `\u001E${marker}:${status}\u001E`;

/** An InFlight over a shell that is not there: the lines it writes are kept, and the test says what the shell printed. */
function inFlight(): {steps: InFlight; markers: string[]} {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-in-flight-'));
	dirs.push(dir);
	const markers: string[] = [];
	const host = {pid: () => process.pid, write: (line: string) => void markers.push(/__rb_m=([0-9a-f]+);/.exec(line)?.[1] ?? ''), backgroundPids: new Set<number>()};
	return {steps: new InFlight(host, shells.bash, dir), markers};
}

const settings = (cookie: string) => ({stderr: 'merge', timeoutMs: 60_000, graceMs: 1000, cookie}) as const;

/** The shell ran the step of `marker` to its end, printing `text`. */
function ran(steps: InFlight, marker: string, text: string): void {
	steps.onData('stdout', `${frame(marker, 's')}${text}${frame(marker, 0)}`);
	steps.onData('stderr', frame(marker, 0));
}

describe('InFlight', () => {
	it('lets go of a step claimed after it ended (written ahead): its reader, and what that reader holds, can be collected', async () => {
		const {steps, markers} = inFlight();
		const first = steps.run('echo one', {...settings('run/1'), onOutput() {}}, [{command: 'echo two', ...settings('run/2')}]);
		const [one = '', two = ''] = markers;
		ran(steps, one, 'one\n');
		ran(steps, two, 'two\n');
		expect((await first).exitCode).toBe(0);
		// The second step is claimed once the shell ran it: its result is there at once.
		const claim = async (): Promise<{output: string; reader: WeakRef<StepIo['onOutput']>}> => {
			let output = '';
			const onOutput: StepIo['onOutput'] = (_stream, text) => void (output += text);
			const run = await steps.run('echo two', {...settings('run/2'), onOutput});
			expect(run.exitCode).toBe(0);
			return {output, reader: new WeakRef(onOutput)};
		};
		const {output, reader} = await claim();
		expect(output).toBe('two\n');
		await new Promise((resolve) => setImmediate(resolve));
		collectGarbage();
		expect(reader.deref()).toBeUndefined();
		expect(steps.idle).toBe(true);
		expect(steps.holdsAhead).toBe(false);
	});
});
