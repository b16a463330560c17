/**
 * The ssh lab itself (test/ssh-lab/start.sh, stop.sh, fixture.ts): each host answers over ssh
 * through the lab's configuration with its host key checked, a wrong or unknown host key is
 * refused, node1 and node2 reach each other through node3, labs run side by side, a lab that is
 * not whole is started afresh, and stopping leaves nothing behind.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type SshLab, sshLabHosts, sshLabRoot, sshLabSkipReason, startScript, startSshLab} from './fixture.js';

const reason = sshLabSkipReason();
if (reason) console.log(`skipped the ssh lab's tests: ${reason}`);

/** What of the lab `name` is on the machine: its namespaces, links, state folder and processes. */
function traces(name: string): string[] {
	const found: string[] = [];
	const netns = execFileSync('ip', ['netns', 'list'], {encoding: 'utf8'});
	found.push(...netns.split('\n').filter((line) => line.startsWith(`rbssh-${name}-`)));
	const links = execFileSync('ip', ['-o', 'link', 'show'], {encoding: 'utf8'});
	found.push(...links.split('\n').filter((line) => line.includes(` rbs-${name}-`)).map((line) => line.split(':')[1]?.trim() ?? line));
	if (existsSync(path.join(sshLabRoot, name))) found.push(path.join(sshLabRoot, name));
	const pgrep = spawnSync('pgrep', ['-a', '-f', `${sshLabRoot}/${name}/`], {encoding: 'utf8'});
	found.push(...pgrep.stdout.split('\n').filter((line) => line !== ''));
	return found;
}

/** Wait until `check` holds; the test's own timeout bounds it. */
async function until(check: () => Promise<boolean>): Promise<void> {
	while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

const ssh = (config: string, destination: string, command: string) =>
	spawnSync('ssh', ['-F', config, '-o', 'BatchMode=yes', '-T', '--', destination, command], {encoding: 'utf8'});

describe.skipIf(reason !== undefined)('the ssh lab', () => {
	let lab: SshLab;
	beforeAll(async () => {
		lab = await startSshLab();
	});
	afterAll(async () => {
		await lab?.stop();
	});

	it('lets each host be reached by its alias and by its address, as root, on its own network', async () => {
		for (const host of sshLabHosts) {
			const ran = await lab.run(host, 'id -un; ip -4 -o addr show dev eth0');
			expect(ran.stderr).toBe('');
			expect(ran.code).toBe(0);
			expect(ran.stdout).toMatch(new RegExp(`^root\n\\d+: eth0    inet ${lab.addresses[host].replaceAll('.', '\\.')}/24 `));
			const byAddress = ssh(lab.sshConfig, lab.addresses[host], 'ip -4 -o addr show dev eth0');
			expect(byAddress.stderr).toBe('');
			expect(byAddress.stdout).toContain(`inet ${lab.addresses[host]}/24`);
		}
	});

	it('checks host keys: a changed one and an unknown one are refused', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-ssh-lab-'));
		try {
			const knownHosts = path.join(dir, 'known_hosts');
			const config = path.join(dir, 'ssh_config');
			const labConfig = readFileSync(lab.sshConfig, 'utf8');
			const labKnownHosts = /UserKnownHostsFile (\S+)/.exec(labConfig)?.[1];
			expect(labKnownHosts).toBeDefined();
			writeFileSync(config, labConfig.replace(/UserKnownHostsFile \S+/, `UserKnownHostsFile ${knownHosts}`));

			// node1's address with node2's key: what a machine in node1's place would show.
			const lines = readFileSync(labKnownHosts!, 'utf8').trim().split('\n');
			const keyOf = (host: string) => lines.find((line) => line.startsWith(`${host} `))!.split(' ').slice(1).join(' ');
			writeFileSync(knownHosts, `${lab.addresses.node1} ${keyOf(lab.addresses.node2)}\n`);
			const changed = ssh(config, 'node1', 'true');
			expect(changed.status).toBe(255);
			expect(changed.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
			expect(changed.stderr).toContain('Host key verification failed.');

			writeFileSync(knownHosts, '');
			const unknown = ssh(config, 'node1', 'true');
			expect(unknown.status).toBe(255);
			expect(unknown.stderr).toContain('Host key verification failed.');

			// The same file with the right key lets it in: the refusals were the keys'.
			copyFileSync(labKnownHosts!, knownHosts);
			expect(ssh(config, 'node1', 'true').status).toBe(0);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('refuses a client key that is not the lab\'s', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-ssh-lab-'));
		try {
			const key = path.join(dir, 'id_ed25519');
			execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
			const config = path.join(dir, 'ssh_config');
			writeFileSync(config, readFileSync(lab.sshConfig, 'utf8').replace(/IdentityFile \S+/, `IdentityFile ${key}`));
			const ran = ssh(config, 'node2', 'true');
			expect(ran.status).toBe(255);
			expect(ran.stderr).toContain('Permission denied (publickey).');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('routes between node1 and node2 through node3 only', async () => {
		const route = await lab.run('node2', 'ip -4 route get 192.168.13.1');
		expect(route.stdout).toMatch(/^192\.168\.13\.1 via 192\.168\.23\.3 dev eth1 /);
		const back = await lab.run('node1', 'ip -4 route get 192.168.23.2');
		expect(back.stdout).toMatch(/^192\.168\.23\.2 via 192\.168\.13\.3 dev eth1 /);
		const forwarding = await Promise.all(sshLabHosts.map((host) => lab.run(host, 'cat /proc/sys/net/ipv4/ip_forward')));
		expect(forwarding.map((ran) => ran.stdout.trim())).toEqual(['0', '0', '1']);
		// No node has a default route: nothing it sends leaves the machine.
		const defaults = await Promise.all(sshLabHosts.map((host) => lab.run(host, 'ip -4 route show default')));
		expect(defaults.map((ran) => ran.stdout)).toEqual(['', '', '']);
		// A connection from node2 to node1's address beyond node3 is made: node1's shell reads one line.
		const listener = lab.run('node1', 'busybox nc -l -p 7013');
		await until(async () => (await lab.run('node1', "ss -Hltn 'sport = :7013'")).stdout !== '');
		const sent = await lab.run('node2', 'echo through-node3 | busybox nc 192.168.13.1 7013');
		expect(sent.code).toBe(0);
		expect((await listener).stdout).toBe('through-node3\n');
	});

	it('runs labs side by side; a lab that is not whole starts afresh; stopping one leaves nothing of it and the other whole', async () => {
		const other = await startSshLab();
		let sleeper: number | undefined;
		try {
			expect(other.name).not.toBe(lab.name);
			expect(other.net).not.toBe(lab.net);
			expect((await other.run('node3', 'ip -4 -o addr show dev eth0')).stdout).toContain(`inet ${other.addresses.node3}/24`);

			// node2's sshd gone: start.sh removes the rest and starts the lab again, with new host keys.
			const knownHosts = path.join(sshLabRoot, other.name, 'known_hosts');
			const keysBefore = readFileSync(knownHosts, 'utf8');
			process.kill(Number(readFileSync(path.join(sshLabRoot, other.name, 'node2', 'sshd.pid'), 'utf8')), 'SIGKILL');
			const again = spawnSync('bash', [startScript], {encoding: 'utf8', env: {...process.env, SSH_LAB_NAME: other.name, SSH_LAB_NET: other.net}});
			expect(again.stderr).toContain('removing what is left of a lab that is not whole');
			expect(again.status).toBe(0);
			expect(again.stdout).toBe(`${other.sshConfig}\n`);
			expect(readFileSync(knownHosts, 'utf8')).not.toBe(keysBefore);
			expect((await other.run('node2', 'true')).code).toBe(0);

			// Something a session left running on a host is stopped with the lab.
			await other.run('node1', 'setsid sleep 1000 </dev/null >/dev/null 2>&1 &');
			await until(async () => (await other.processes('node1')).some((p) => p.command === 'sleep 1000'));
			sleeper = (await other.processes('node1')).find((p) => p.command === 'sleep 1000')!.pid;
		} finally {
			await other.stop();
		}
		expect(traces(other.name)).toEqual([]);
		expect(existsSync(`/proc/${sleeper}/cmdline`) ? readFileSync(`/proc/${sleeper}/cmdline`, 'utf8') : 'gone').not.toBe('sleep\u00001000\u0000');
		await other.stop(); // idempotent
		expect((await lab.run('node3', 'true')).code).toBe(0);
	});
});
