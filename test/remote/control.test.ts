import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {RemoteControl, sshExec} from '../../src/engine/remote/control.js';
import type {SshTarget} from '../../src/engine/remote/ssh.js';
import type {Leftover} from '../../src/engine/events.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';

/**
 * The remote stop ladders against a real sshd: the ssh lab (`test/ssh-lab/`),
 * instance `b2`. A remote session shell is started over the lab's
 * connection as the session does (`bash -i` fed through pipes); what is left
 * is looked for ON the host, over ssh, by the run's cookie.
 */
const root = path.resolve(import.meta.dirname, '../..');
const lab = {SSH_LAB_NAME: 'b2', SSH_LAB_NET: '10.200.22'};
let target: SshTarget;
let controlDir: string;

beforeAll(() => {
	const started = spawnSync('bash', [path.join(root, 'test/ssh-lab/start.sh')], {env: {...process.env, ...lab}, encoding: 'utf8'});
	expect(started.status, started.stderr).toBe(0);
	controlDir = mkdtempSync(path.join(tmpdir(), 'runbook-control-test-'));
	target = {name: 'node1', destination: 'node1', config: started.stdout.trim(), controlDir};
}, 60_000);

afterAll(() => {
	spawnSync('ssh', ['-F', target.config ?? '', '-o', `ControlPath=${controlDir}/%C`, '-O', 'exit', 'node1'], {stdio: 'ignore'});
	rmSync(controlDir, {recursive: true, force: true});
	spawnSync('bash', [path.join(root, 'test/ssh-lab/stop.sh')], {env: {...process.env, ...lab}, stdio: 'ignore'});
});

/** Run a command on node1 and give its output. */
function onHost(command: string): string {
	const result = spawnSync('ssh', ['-F', target.config ?? '', '-o', 'BatchMode=yes', '-o', `ControlPath=${controlDir}/%C`, '-o', 'ControlMaster=auto', '-o', 'ControlPersist=30s', '-T', 'node1', command], {encoding: 'utf8'});
	return result.stdout;
}

/** The pids on node1 whose environment sets `name=value`. */
const marked = (name: string, value: string) => onHost(`grep -lzx '${name}=${value}' /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3`).split('\n').filter(Boolean);

/** Wait until `check` holds (no time limit: the test's own). */
async function until(check: () => boolean): Promise<void> {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A remote shell session on node1, fed through pipes, as a remote session is. */
class Shell {
	readonly child: ChildProcessWithoutNullStreams;
	output = '';
	constructor() {
		this.child = spawn('ssh', ['-F', target.config ?? '', '-o', 'BatchMode=yes', '-o', `ControlPath=${controlDir}/%C`, '-o', 'ControlMaster=auto', '-o', 'ControlPersist=30s', '-T', 'node1', 'bash --noprofile --norc --noediting -i'], {detached: true});
		this.child.stdout.setEncoding('utf8').on('data', (text: string) => (this.output += text));
		this.child.stderr.resume();
	}
	write(line: string): void {
		this.child.stdin.write(`${line}\n`);
	}
	async said(text: string): Promise<void> {
		await until(() => this.output.includes(text));
	}
	async pid(): Promise<number> {
		this.write("set +m; PS1=''; echo shell=$$");
		await this.said('shell=');
		return Number(/shell=(\d+)/.exec(this.output)?.[1]);
	}
	close(): void {
		this.child.stdin.end();
	}
}

describe('stopping things on a remote host', () => {
	it('a step stopped (timeout, Ctrl-C) gets the ladder on the host, up to SIGKILL, and leaves nothing there', async () => {
		const run = randomBytes(6).toString('hex');
		const shell = new Shell();
		const pid = await shell.pid();
		// A step that ignores SIGINT and SIGTERM, and a child of it in the background that does too.
		shell.write(`export RUNBOOK_RUN=${run} RUNBOOK_STEP=${run}/1; sh -c 'trap "" INT TERM; sh -c "trap \\"\\" INT TERM; sleep 1000" & sleep 1000'; echo step-over`);
		await until(() => marked('RUNBOOK_STEP', `${run}/1`).length >= 3);
		const control = new RemoteControl('node1', sshExec(target), run);
		const ended = new AbortController();
		const ladder = control.interruptStep({shell: pid, cookie: `${run}/1`, sinceMs: Date.now() - 5000, spared: []}, 200, ended.signal, () => shell.write(''));
		await shell.said('step-over');
		// Back at its prompt: the step's end, as the local side sees its end frame.
		shell.write('echo prompt-back');
		await shell.said('prompt-back');
		ended.abort();
		await ladder.done;
		// The ladder alone left nothing of the step on the host.
		expect(marked('RUNBOOK_STEP', `${run}/1`)).toEqual([]);
		await control.stopStep({shell: pid, cookie: `${run}/1`, sinceMs: Date.now() - 5000, spared: []}, 200);
		expect(marked('RUNBOOK_STEP', `${run}/1`)).toEqual([]);
		// The session goes on.
		shell.write('echo still-here');
		await shell.said('still-here');
		shell.close();
	});

	it('a background step on the host is stopped with what it started (SIGTERM, grace, SIGKILL)', async () => {
		const run = randomBytes(6).toString('hex');
		const shell = new Shell();
		await shell.pid();
		shell.write(`export RUNBOOK_RUN=${run} RUNBOOK_STEP=${run}/2; { trap '' TERM; setsid sh -c 'trap "" TERM; sleep 1000' & sleep 1000; } </dev/null >/dev/null 2>&1 & echo bg=$!`);
		await shell.said('bg=');
		const background = Number(/bg=(\d+)/.exec(shell.output)?.[1]);
		await until(() => marked('RUNBOOK_STEP', `${run}/2`).length >= 3);
		await new RemoteControl('node1', sshExec(target), run).stopBackground(background, `${run}/2`, 200);
		expect(marked('RUNBOOK_STEP', `${run}/2`)).toEqual([]);
		shell.close();
	});

	it('names what the run left on the host, with its step and host, and stops it', async () => {
		const run = randomBytes(6).toString('hex');
		const shell = new Shell();
		const pid = await shell.pid();
		shell.write(`export RUNBOOK_RUN=${run} RUNBOOK_STEP=${run}/4; setsid sleep 4242 </dev/null >/dev/null 2>&1 & echo started`);
		await shell.said('started');
		await until(() => marked('RUNBOOK_STEP', `${run}/4`).length === 1);
		const [left] = marked('RUNBOOK_STEP', `${run}/4`);
		shell.close();
		const found: Leftover[] = [];
		const control = new RemoteControl('node1', sshExec(target), run);
		const leftovers = await control.stopLeftovers({shells: [pid], steps: [4], detached: [], stepName: (cookie) => (cookie === `${run}/4` ? 'start a daemon' : undefined)}, 200, (leftover) => found.push(leftover));
		expect(found).toEqual([{pid: Number(left), command: 'sleep 4242', step: 'start a daemon', host: 'node1'}]);
		expect(leftovers).toEqual(found);
		expect(marked('RUNBOOK_RUN', run)).toEqual([]);
	});

	it('when runbook dies (SIGKILL), the remote watchdog stops the run on the host and removes its folder', async () => {
		const run = randomBytes(6).toString('hex');
		const dir = `/tmp/runbook-control-test-${run}`;
		const shell = new Shell();
		const pid = await shell.pid();
		shell.write(`mkdir ${dir}; export RUNBOOK_RUN=${run} RUNBOOK_STEP=${run}/5; sleep 1000 & echo started`);
		await shell.said('started');
		// A stand-in for runbook: it opens the watchdog, tells it the shell and the folder, and waits to be killed.
		const script = `import {startRemoteWatchdog} from ${JSON.stringify(path.join(root, 'src/engine/remote/watchdog.ts'))};
import {sshExec} from ${JSON.stringify(path.join(root, 'src/engine/remote/control.ts'))};
const dog = startRemoteWatchdog(sshExec(${JSON.stringify(target)}), ${JSON.stringify(run)});
dog.watchShell(${pid}); dog.watchFolder(${JSON.stringify(dir)});
console.log('watching'); setInterval(() => {}, 1000);`;
		const runbook = spawn(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', script], {cwd: root, stdio: ['ignore', 'pipe', 'inherit']});
		let said = '';
		runbook.stdout.setEncoding('utf8').on('data', (text: string) => (said += text));
		await until(() => said.includes('watching'));
		expect(marked('RUNBOOK_RUN', run).length).toBeGreaterThan(0);
		runbook.kill('SIGKILL');
		await until(() => marked('RUNBOOK_RUN', run).length === 0 && onHost(`[ -e ${dir} ] || echo gone`).includes('gone'));
		// The remote shell went with it.
		await until(() => shell.child.exitCode !== null || shell.child.signalCode !== null);
	});
});
