/**
 * The two network runbooks, run for real through the built CLI:
 * - runbooks/linux-network-drivers.md: network namespaces, veth, bridge, macvlan
 *   and VXLAN with iproute2 (needs root, iproute2, busybox, curl);
 * - runbooks/docker-network.md: through the Docker test lab (test/docker-lab/run.sh),
 *   which starts its own Docker engine (needs root and Docker's `dockerd`); and in
 *   its two-host form, across the lab's two Docker hosts over ssh (also needs sshd).
 * Where a need is not met the test is skipped, and the reason is printed.
 * `RUNBOOK_DOCKER_LAB=0` skips the Docker lab (about a minute) on purpose.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {differences} from '../pipeline/same-results.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'dist', 'bin.js');

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status === 0;
const isRoot = process.getuid?.() === 0;

function linuxSkipReason(): string | undefined {
	if (process.platform !== 'linux') return 'needs Linux (network namespaces)';
	if (!isRoot) return 'needs root (it creates network namespaces)';
	const missing = ['ip', 'bridge', 'busybox', 'curl'].filter((command) => !onPath(command));
	if (missing.length > 0) return `needs ${missing.join(', ')} on PATH (apt-get install iproute2 busybox-static curl)`;
	if (!existsSync(bin)) return 'needs the built CLI (npm run build)';
	return undefined;
}

function dockerSkipReason(): string | undefined {
	if (process.env.RUNBOOK_DOCKER_LAB === '0') return 'RUNBOOK_DOCKER_LAB=0';
	if (process.platform !== 'linux') return 'needs Linux';
	if (!isRoot) return 'needs root (the lab starts its own dockerd)';
	if (!onPath('dockerd')) return 'needs Docker: bash test/docker-lab/install.sh installs it (docker.io)';
	if (!onPath('docker')) return 'needs the docker client';
	if (spawnSync('docker', ['version'], {stdio: 'ignore', timeout: 10_000}).status === 0 && !existsSync('/run/runbook-docker-lab/dockerd.pid')) {
		return 'another Docker engine is running; the lab needs its own (stop it, or run bash test/docker-lab/run.sh later)';
	}
	if (!existsSync(bin)) return 'needs the built CLI (npm run build)';
	return undefined;
}

/** Why the Docker lab's two hosts (test/docker-lab/hosts-start.sh) cannot start here, or undefined when they can. */
function hostsSkipReason(): string | undefined {
	const missing = ['sshd', 'ssh', 'ssh-keygen', 'nsenter', 'unshare'].filter((command) => !onPath(command) && !existsSync(`/usr/sbin/${command}`));
	if (missing.length > 0) return `needs ${missing.join(', ')} (bash test/docker-lab/install.sh installs openssh-server and openssh-client)`;
	return undefined;
}

/** Run a command (ENV added to this process's environment); fail with the tail of its output if it exits non-zero. */
function runOrFail(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): string {
	const result = spawnSync(command, args, {cwd: repo, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1', ...env}});
	const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
	const tail = output.split('\n').slice(-80).join('\n');
	expect(result.error, `${command} ${args.join(' ')}: ${String(result.error)}\n${tail}`).toBeUndefined();
	expect(result.status, `${command} ${args.join(' ')} exited ${String(result.status)}:\n${tail}`).toBe(0);
	return output;
}

const summary = (output: string) => output.split('\n').filter((line) => /^\d+ passed, \d+ failed/.test(line)).join('; ');

describe('network runbooks', () => {
	const linuxReason = linuxSkipReason();
	if (linuxReason) console.log(`skipped runbooks/linux-network-drivers.md: ${linuxReason}`);
	it.skipIf(linuxReason !== undefined)(`linux-network-drivers.md passes${linuxReason ? ` (skipped: ${linuxReason})` : ''}`, () => {
		const output = runOrFail('node', [bin, 'test', 'runbooks/linux-network-drivers.md'], 120_000);
		console.log(`runbooks/linux-network-drivers.md: ${summary(output)}`);
	}, 150_000);

	// Pipelined (the default) and step by step (--no-pipeline, twice: what varies between those runs varies by nature): the same reports.
	it.skipIf(linuxReason !== undefined)(`linux-network-drivers.md gives the same results pipelined and step by step${linuxReason ? ` (skipped: ${linuxReason})` : ''}`, () => {
		const json = (args: string[]) => {
			const result = spawnSync('node', [bin, 'test', '--reporter', 'json', ...args, 'runbooks/linux-network-drivers.md'], {cwd: repo, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}});
			expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
			return JSON.parse(result.stdout) as unknown;
		};
		const references = [json(['--no-pipeline']), json(['--no-pipeline'])];
		const uncompared: string[] = [];
		// The bridge's forwarding table holds the MACs it learned from traffic, as it came: 2 or 3 rows in runs step by step.
		expect(differences(references, json([]), (path) => uncompared.push(path), ['overlay-fdb'])).toEqual([]);
		if (uncompared.length > 0) console.log(`runbooks/linux-network-drivers.md: not compared (they differ between runs step by step beyond numbers): ${uncompared.join(', ')}`);
	}, 400_000);

	const dockerReason = dockerSkipReason();
	if (dockerReason) console.log(`skipped runbooks/docker-network.md (Docker lab): ${dockerReason}`);
	it.skipIf(dockerReason !== undefined)(`docker-network.md passes in the Docker lab${dockerReason ? ` (skipped: ${dockerReason})` : ''}`, () => {
		const output = runOrFail('bash', [path.join(repo, 'test', 'docker-lab', 'run.sh')], 900_000);
		console.log(`runbooks/docker-network.md (Docker lab): ${summary(output)}`);
	}, 960_000);

	// The two-host form: the overlay section's swarm across the lab's two Docker hosts, over ssh.
	const hostsReason = dockerReason ?? hostsSkipReason();
	if (hostsReason && !dockerReason) console.log(`skipped runbooks/docker-network.md on the Docker lab's two hosts: ${hostsReason}`);
	it.skipIf(hostsReason !== undefined)(`docker-network.md passes across the Docker lab's two hosts${hostsReason ? ` (skipped: ${hostsReason})` : ''}`, () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'runbook-docker-hosts-'));
		try {
			const reportFile = path.join(folder, 'report.json');
			const output = runOrFail('bash', [path.join(repo, 'test', 'docker-lab', 'run.sh'), '--reporter', 'pretty', '--reporter', 'json', `--output-file.json=${reportFile}`], 900_000, {LAB_HOSTS_FORM: 'two'});
			console.log(`runbooks/docker-network.md (Docker lab, two hosts): ${summary(output)}`);
			const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {runbooks: Array<{steps: Array<{name: string; output: string}>}>};
			const step = (name: string) => report.runbooks[0]?.steps.find((row) => row.name === name);
			// The manager's steps ran on docker1 (the section's default), the worker's on docker2 (its own host=), which joined the swarm.
			expect(step('swarm-manager')?.output).toMatch(/^[0-9a-z]{25} docker1 10\.213\.254\.11\n/);
			expect(step('swarm-join-worker')?.output).toMatch(/^This host has joined the swarm as a worker\.\n[0-9a-z]{25} docker2\n$/);
			// Each task ran where its constraint put it: nginx on docker1 (the manager), busybox on docker2 (the worker).
			expect(step('overlay-placement')?.output).toBe('overlay_nginx runs on docker1\noverlay_busybox runs on docker2\n');
		} finally {
			rmSync(folder, {recursive: true, force: true});
		}
	}, 960_000);
});
