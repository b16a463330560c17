/**
 * Stopping things on remote hosts, through the built CLI against the ssh lab:
 * a remote step's timeout and interrupt, a remote background step, what a
 * run left on a host, a remote shell that exits under a process it left, and
 * runbook killed by SIGKILL.
 *
 * The lab's hosts share this machine's process table, so this machine's
 * own accounting (the /proc scan by cookie at the run's end, the local
 * watchdog's) also sees the "remote" processes. To prove that the remote
 * host did the work, each test's process is started with `env -i` (no
 * cookie) in a process group of its own: neither a cookie scan nor a signal
 * to the remote shell's process group reaches it; only the remote control
 * script's rules (the remote shell's session, a background step's tree)
 * find it.
 */
import {randomInt} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {docFolder, folderAtSigterm, killStarted, notedFolder, removeCopies, runbook, started} from './cli.js';
import {startSshLab, sshLabSkipReason, type SshLab, type SshLabHost} from '../ssh-lab/fixture.js';
import {orphanMasters, stepsOf} from './remote-helpers.js';

const reason = sshLabSkipReason();

/** A `sleep` of its own on the host (`sleep 3600.N`, N unique), without the run's cookies, in a process group of its own. */
function hidden(): {command: string; title: string} {
	const title = `sleep 3600.${randomInt(1e9)}`;
	const argv = JSON.stringify(title.split(' '));
	return {title, command: `env -i python3 -c 'import os; os.setpgid(0, 0); os.execvp("sleep", ${argv})'`};
}

describe.skipIf(reason !== undefined)('stopping things on remote hosts', () => {
	let lab: SshLab;
	beforeAll(async () => (lab = await startSshLab()), 120_000);
	afterAll(async () => lab?.stop(), 60_000);
	let earlier: string[] = [];
	beforeEach(() => void (earlier = orphanMasters()));
	afterEach(() => {
		killStarted();
		removeCopies();
	});

	const args = (...more: string[]) => ['test', '--ssh-config', lab.sshConfig, ...(['node1', 'node2', 'node3'] as const).flatMap((name) => ['--host', `${name}=${lab.hosts[name]}`]), ...more];
	/** Whether a process titled `title` runs on `host` (in its network namespace). */
	const runs = async (host: SshLabHost, title: string) => (await lab.processes(host)).some((process) => process.command === title);
	const appears = async (host: SshLabHost, title: string) => {
		while (!(await runs(host, title))) await new Promise((resolve) => setTimeout(resolve, 20));
	};

	it('stops on the host what a timed-out remote step started', async () => {
		const left = hidden();
		const dir = docFolder(['```sh {host=node1 timeout=1s}', `${left.command} &`, 'sleep 3600', '```', ''].join('\n'));
		const ran = runbook(args('--reporter', 'json', path.join(dir, 'doc.md')));
		const report = JSON.parse(ran.stdout).runbooks[0];
		expect(stepsOf(ran.stdout).map((step) => [step.status, step.message])).toEqual([['failed', 'timed out after 1s']]);
		// Stopped with the step, not left for the run's end.
		expect(report.leftovers).toEqual([]);
		expect(await runs('node1', left.title)).toBe(false);
		expect(orphanMasters(earlier)).toEqual([]);
	});

	it('interrupts a remote step on SIGINT, runs the cleanup steps, and leaves nothing on the host', async () => {
		const left = hidden();
		const dir = docFolder(['```sh {host=node1}', `${left.command} &`, 'sleep 3600', '```', '', '```sh {host=node2 cleanup}', 'echo cleaned on node2', '```', ''].join('\n'));
		const run = started(args('--reporter', 'json', 'doc.md'), dir);
		await appears('node1', left.title);
		run.child.kill('SIGINT');
		expect(await run.exited).toBe(130);
		const report = JSON.parse(run.output.stdout).runbooks[0];
		expect(report.reason).toBe('interrupted');
		expect(stepsOf(run.output.stdout).map((step) => [step.host, step.status, step.output])).toEqual([
			['node1', 'failed', ''],
			['node2', 'passed', 'cleaned on node2\n'],
		]);
		expect(report.leftovers).toEqual([]);
		expect(await runs('node1', left.title)).toBe(false);
		expect(orphanMasters(earlier)).toEqual([]);
	});

	it('stops a remote background step and what it started at the end of the run', async () => {
		const left = hidden();
		const dir = docFolder(['```sh {host=node2 background ready=/ready/}', `echo ready; ${left.command}`, '```', '', '```sh {host=node2}', 'echo next', '```', ''].join('\n'));
		const ran = runbook(args('--reporter', 'json', path.join(dir, 'doc.md')));
		expect(stepsOf(ran.stdout).map((step) => [step.status, step.output])).toEqual([
			['passed', 'ready\n'],
			['passed', 'next\n'],
		]);
		expect(JSON.parse(ran.stdout).runbooks[0].leftovers).toEqual([]);
		expect(await runs('node2', left.title)).toBe(false);
	});

	it('names what a run left on a host with the host, and stops it there', async () => {
		const left = hidden();
		const dir = docFolder(['```sh {host=node3}', `${left.command} &`, 'sleep 3601 &', 'echo started', '```', ''].join('\n'));
		const ran = runbook(args('--reporter', 'json', path.join(dir, 'doc.md')));
		const leftovers = (JSON.parse(ran.stdout).runbooks[0].leftovers as Array<{command: string; step: string | null; host: string}>).map(({command, step, host}) => ({command, step, host}));
		expect(leftovers.sort((a, b) => a.command.localeCompare(b.command))).toEqual([
			{command: left.title, step: null, host: 'node3'},
			{command: 'sleep 3601', step: 'step-1', host: 'node3'},
		]);
		expect(await runs('node3', left.title)).toBe(false);
		expect(await runs('node3', 'sleep 3601')).toBe(false);
	});

	it('ends a remote step whose shell exits while a process it left holds the output open, and stops that process there', async () => {
		const left = hidden();
		const dir = docFolder(['```sh {host=node1}', `${left.command} &`, 'exit 4', '```', '', '```sh {host=node1}', 'echo again', '```', ''].join('\n'));
		// Before the shell told its exit in its output, ssh (and the run) waited for the channel to close: for the whole `sleep`.
		const ran = runbook(args('--reporter', 'json', path.join(dir, 'doc.md')));
		expect(stepsOf(ran.stdout).map((step) => [step.host, step.status, step.output])).toEqual([
			['node1', 'failed', ''],
			['node1', 'passed', 'again\n'],
		]);
		const leftovers = (JSON.parse(ran.stdout).runbooks[0].leftovers as Array<{command: string; host: string}>).map(({command, host}) => ({command, host}));
		expect(leftovers).toEqual([{command: left.title, host: 'node1'}]);
		expect(await runs('node1', left.title)).toBe(false);
		expect(orphanMasters(earlier)).toEqual([]);
	});

	it('leaves no process on the host and no control master when runbook is killed by SIGKILL during a remote step, even when a run starts meanwhile', async () => {
		const left = hidden();
		const dir = docFolder('');
		// A leftover that notes, as it is told to stop, whether the session's folder on the host (where the step's file is) is still there.
		const seen = path.join(dir, 'folder-at-sigterm');
		writeFileSync(path.join(dir, 'doc.md'), ['```sh {host=node1}', folderAtSigterm(seen), `${left.command} &`, 'exec sleep 3600', '```', ''].join('\n'));
		const run = started(args('--reporter', 'tap', 'doc.md'), dir);
		await appears('node1', left.title);
		await appears('node1', 'sleep 3600');
		run.child.kill('SIGKILL');
		await run.exited;
		// The host's watchdog removes the run's folder there before it stops anything: a host torn down during the grace keeps no step file.
		expect(await notedFolder(seen)).toBe('gone\n');
		// A run that starts now removes the killed run's folder (its runbook is gone), the control socket with it.
		const other = docFolder(['```sh', 'echo local', '```', ''].join('\n'));
		expect(runbook(['test', path.join(other, 'doc.md')]).code).toBe(0);
		while ((await runs('node1', left.title)) || (await runs('node1', 'sleep 3600')) || orphanMasters(earlier).length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(orphanMasters(earlier)).toEqual([]);
	});
});
