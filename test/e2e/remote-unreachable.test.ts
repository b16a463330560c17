/**
 * A remote host that cannot be reached ends the run before any step, with
 * ssh's own reason (`could not connect to NAME (DEST): …`), and a run killed
 * by SIGKILL leaves no control master behind (the watchdog ends them).
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {docFolder, killStarted, removeCopies, runbook, started, until} from './cli.js';
import {startSshLab, sshLabSkipReason, type SshLab} from '../ssh-lab/fixture.js';
import {orphanMasters} from './remote-helpers.js';

const reason = sshLabSkipReason();

describe.skipIf(reason !== undefined)('remote hosts that cannot be reached', () => {
	let lab: SshLab;
	let scratch: string;
	beforeAll(async () => {
		lab = await startSshLab();
		scratch = mkdtempSync(path.join(tmpdir(), 'runbook-unreachable-'));
	}, 120_000);
	afterAll(async () => {
		rmSync(scratch, {recursive: true, force: true});
		await lab?.stop();
	}, 60_000);
	let earlier: string[] = [];
	beforeEach(() => void (earlier = orphanMasters()));
	afterEach(() => {
		killStarted();
		removeCopies();
	});

	/** The lab's ssh configuration with `replace` applied to its text. */
	const configWith = (name: string, replace: (text: string) => string) => {
		const file = path.join(scratch, name);
		writeFileSync(file, replace(readFileSync(lab.sshConfig, 'utf8')));
		return file;
	};
	const doc = () => docFolder(['```sh', 'echo local ran > ran-local', '```', '', '```sh {host=node2}', 'echo remote', '```', ''].join('\n'));
	const attempt = (dir: string, config: string, destination: string) => runbook(['test', '--ssh-config', config, '--host', `node2=${destination}`, '--reporter', 'json', path.join(dir, 'doc.md')], {cwd: dir});

	it.each([
		['a client key the host refuses', () => configWith('bad-key', (text) => text.replace(/^(\s*IdentityFile\s+).*$/gm, `$1${path.join(scratch, 'none')}`)), () => lab.hosts.node2, 'Permission denied (publickey).'],
		['a host key that is not known', () => configWith('unknown-key', (text) => text.replace(/^(\s*UserKnownHostsFile\s+).*$/gm, '$1/dev/null')), () => lab.hosts.node2, 'Host key verification failed.'],
		['no sshd at the address', () => lab.sshConfig, () => `ssh://root@${lab.addresses.node2}:1`, 'connect to host NODE2 port 1: Connection refused'],
		['no host at the address (on the lab\'s bridge)', () => lab.sshConfig, () => `root@${lab.net}.250`, 'connect to host NET.250 port 22: No route to host'],
	])('%s: the run ends before any step, with ssh\'s reason', (_name, config, destination, said) => {
		const dir = doc();
		const to = destination();
		const ran = attempt(dir, config(), to);
		const report = JSON.parse(ran.stdout).runbooks[0];
		expect(report.reason).toBe('could-not-run');
		expect(report.error).toEqual({code: 'host-unreachable', message: `could not connect to node2 (${to}): ${said.replace('NODE2', lab.addresses.node2).replace('NET', lab.net)}`});
		expect(ran.code).toBe(2);
		// Not even the local step ran.
		expect(() => readFileSync(path.join(dir, 'ran-local'))).toThrow(/ENOENT/);
		expect(orphanMasters(earlier)).toEqual([]);
	});

	it('leaves no control master when runbook is killed during a remote step', async () => {
		const dir = docFolder('');
		const folderName = path.join(dir, 'remote-folder');
		writeFileSync(path.join(dir, 'doc.md'), ['```sh {host=node1}', `echo "\${BASH_SOURCE%/*}" > ${folderName}`, 'echo started; exec sleep 3600', '```', ''].join('\n'));
		const run = started(['test', '--ssh-config', lab.sshConfig, '--host', `node1=${lab.hosts.node1}`, '--reporter', 'tap', 'doc.md'], dir);
		while (!(await lab.processes('node1')).some((process) => process.command === 'sleep 3600')) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(liveMasters(lab.sshConfig)).toBe(1);
		run.child.kill('SIGKILL');
		await run.exited;
		await until(() => liveMasters(lab.sshConfig) === 0 && orphanMasters(earlier).length === 0);
		expect(orphanMasters(earlier)).toEqual([]);
		// The session's folder on the host goes too (the host's watchdog, as the connection ends).
		const remoteFolder = readFileSync(folderName, 'utf8').trim();
		expect(remoteFolder).toMatch(/\/runbook-/);
		await until(() => !existsSync(remoteFolder));
	});
});

/** Masters of runs on this lab's configuration still alive (by the run folder of a process whose command line names the configuration). */
function liveMasters(config: string): number {
	return runningCommands().filter((command) => command.includes('[mux]') && runFolders(config).some((folder) => command.includes(folder))).length;
}

const seen = new Set<string>();

/** Run folders of ssh processes started with `-F config` (remembered: the master outlives them). */
function runFolders(config: string): string[] {
	for (const command of runningCommands()) {
		if (!command.startsWith('ssh ') || !command.includes(config)) continue;
		const folder = /ControlPath=(\S+)\/ssh\//.exec(command)?.[1];
		if (folder) seen.add(folder);
	}
	return [...seen];
}

function runningCommands(): string[] {
	const commands: string[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			commands.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim());
		} catch {
			// Gone.
		}
	}
	return commands;
}
