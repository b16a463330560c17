/**
 * The ssh lab for tests: `startSshLab()` starts a lab of three hosts (node1..node3,
 * see test/ssh-lab/README.md) under a name and a /24 of its own, so that test
 * processes running at once each get theirs, and `stop()` removes it.
 *
 *     const reason = sshLabSkipReason();
 *     describe.skipIf(reason !== undefined)('...', () => {
 *         let lab: SshLab;
 *         beforeAll(async () => (lab = await startSshLab()));
 *         afterAll(() => lab?.stop());
 *         it('...', async () => {
 *             runbook(['test', '--ssh-config', lab.sshConfig, '--host', `node1=${lab.hosts.node1}`, 'doc.md']);
 *             expect((await lab.processes('node1')).filter(notSshd)).toEqual([]);
 *         });
 *     });
 *
 * Needs root on Linux, `ip` (iproute2), `flock` and Debian's `sshd` (openssh-server).
 */
import {execFile, spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** test/ssh-lab/start.sh and stop.sh. */
export const startScript = path.join(here, 'start.sh');
export const stopScript = path.join(here, 'stop.sh');
/** Where start.sh keeps the labs' state (SSH_LAB_ROOT in lab.sh). */
export const sshLabRoot = '/run/runbook-ssh-lab';
/** start.sh's exit status when the /24 asked for is taken. */
const netTaken = 3;
/** The fixture's labs live on 10.201.0.0/16 (the hand-started ones of issue 13 on 10.200.*). */
const netPrefix = '10.201';
/** The lab's hosts, as named in its ssh configuration. */
export const sshLabHosts = ['node1', 'node2', 'node3'] as const;
export type SshLabHost = (typeof sshLabHosts)[number];

export type Ran = {code: number | null; stdout: string; stderr: string};
/** A process in a host's network namespace: its pid and command line (arguments joined by blanks). */
export type LabProcess = {pid: number; command: string};

export type SshLab = {
	/** The instance's name (SSH_LAB_NAME) and the first three octets of its /24 (SSH_LAB_NET). */
	name: string;
	net: string;
	/** Absolute path of the lab's ssh configuration (`ssh -F`, `--ssh-config`, RUNBOOK_SSH_CONFIG). */
	sshConfig: string;
	/** Each host's destination in that configuration (its alias), for `hosts:` or `--host NAME=DEST`. */
	hosts: Record<SshLabHost, string>;
	/** Each host's address on the lab's bridge (also a destination in that configuration). */
	addresses: Record<SshLabHost, string>;
	/** Each host's network namespace (`ip netns exec NS …`, `ip netns pids NS`). */
	namespaces: Record<SshLabHost, string>;
	/** Run a shell command on a host over ssh through the lab's configuration (BatchMode, host key checked). */
	run(host: SshLabHost, command: string): Promise<Ran>;
	/**
	 * The processes in a host's network namespace: the host's sshd listener (`sshd: … [listener]`),
	 * its sessions and whatever they started. The hosts share the machine's process table, so `ps`
	 * on a host lists every process of the machine; this lists only the host's.
	 */
	processes(host: SshLabHost): Promise<LabProcess[]>;
	/** Stop the lab: everything in its namespaces, its links and files (start.sh's stop.sh). Idempotent. */
	stop(): Promise<void>;
};

/** Why the lab cannot start on this machine, or undefined when it can. */
export function sshLabSkipReason(): string | undefined {
	if (process.platform !== 'linux') return 'needs Linux (network namespaces)';
	if (process.getuid?.() !== 0) return 'needs root (the ssh lab creates network namespaces and starts sshd)';
	if (!existsSync('/usr/sbin/sshd')) return 'needs sshd (apt-get install openssh-server)';
	const missing = ['ip', 'ssh', 'ssh-keygen', 'flock'].filter((command) => spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status !== 0);
	if (missing.length > 0) return `needs ${missing.join(', ')} on PATH`;
	return undefined;
}

function execute(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
	return new Promise((resolve) => {
		execFile(command, args, {encoding: 'utf8', env: {...process.env, ...env}, maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
			resolve({code, stdout, stderr});
		});
	});
}

/** The file each fixture lab holds its test process's pid in, so that a later one can remove it if that process died. */
const ownerFile = (name: string) => path.join(sshLabRoot, name, 'owner');
let started = 0;

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Stop the fixture labs of test processes that died without stopping theirs. */
async function stopOrphans(): Promise<void> {
	if (!existsSync(sshLabRoot)) return;
	for (const name of readdirSync(sshLabRoot)) {
		if (!/^t[a-z0-9]+$/.test(name) || !existsSync(ownerFile(name))) continue;
		const owner = Number(readFileSync(ownerFile(name), 'utf8'));
		if (Number.isInteger(owner) && !alive(owner)) await execute('bash', [stopScript], {SSH_LAB_NAME: name});
	}
}

/**
 * Start a lab of its own for this test process: named `t<pid><n>` (pid and count in base 36),
 * on the first free /24 of 10.201.0.0/16 from one picked by the pid. Rejects with start.sh's
 * message if it cannot start.
 */
export async function startSshLab(): Promise<SshLab> {
	await stopOrphans();
	started += 1;
	const name = `t${process.pid.toString(36)}${started.toString(36)}`;
	const first = (process.pid * 7 + started) % 256;
	for (let tried = 0; tried < 256; tried++) {
		const net = `${netPrefix}.${(first + tried) % 256}`;
		const env = {SSH_LAB_NAME: name, SSH_LAB_NET: net};
		const ran = await execute('bash', [startScript], env);
		if (ran.code === netTaken) continue;
		if (ran.code !== 0) throw new Error(`test/ssh-lab/start.sh (${name} on ${net}.0/24) exited ${String(ran.code)}:\n${ran.stderr}`);
		writeFileSync(ownerFile(name), `${process.pid}\n`);
		return labOf(name, net, ran.stdout.trim(), env);
	}
	throw new Error(`test/ssh-lab/start.sh: every /24 of ${netPrefix}.0.0/16 is taken`);
}

function labOf(name: string, net: string, sshConfig: string, env: Record<string, string>): SshLab {
	const perHost = <T>(value: (host: SshLabHost, index: number) => T) =>
		Object.fromEntries(sshLabHosts.map((host, index) => [host, value(host, index)])) as Record<SshLabHost, T>;
	const namespaces = perHost((host) => `rbssh-${name}-${host}`);
	return {
		name,
		net,
		sshConfig,
		hosts: perHost((host) => host),
		addresses: perHost((_, index) => `${net}.${11 + index}`),
		namespaces,
		run: (host, command) => execute('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', '-T', '--', host, command]),
		processes: async (host) => {
			const listed = await execute('ip', ['netns', 'pids', namespaces[host]]);
			const pids = listed.stdout.split('\n').filter((line) => line !== '').map(Number);
			return pids.flatMap((pid) => {
				try {
					const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').replaceAll('\0', ' ');
					return [{pid, command}];
				} catch {
					return []; // ended since it was listed
				}
			});
		},
		stop: async () => {
			const ran = await execute('bash', [stopScript], env);
			if (ran.code !== 0) throw new Error(`test/ssh-lab/stop.sh (${name}) exited ${String(ran.code)}:\n${ran.stderr}`);
		},
	};
}
