/**
 * Steps on remote hosts, through the built CLI against the ssh lab
 * (test/ssh-lab): one persistent session per host name, fed and framed as a
 * local one, with the run's captures on every host, and nothing left behind
 * on the hosts (session folders, processes) or here (control masters).
 */
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {docFolder, removeCopies, runbook} from './cli.js';
import {startSshLab, sshLabSkipReason, type SshLab} from '../ssh-lab/fixture.js';
import {orphanMasters, stepsOf} from './remote-helpers.js';

const reason = sshLabSkipReason();

describe.skipIf(reason !== undefined)('steps on remote hosts', () => {
	let lab: SshLab;
	beforeAll(async () => (lab = await startSshLab()), 120_000);
	afterAll(async () => lab?.stop(), 60_000);
	let earlier: string[] = [];
	beforeEach(() => void (earlier = orphanMasters()));
	afterEach(() => removeCopies());

	const hosts = (names: readonly ('node1' | 'node2' | 'node3')[] = ['node1', 'node2', 'node3']) => names.flatMap((name) => ['--host', `${name}=${lab.hosts[name]}`]);
	const test = (dir: string, ...more: string[]) => runbook(['test', '--ssh-config', lab.sshConfig, ...hosts(), '--reporter', 'json', ...more, path.join(dir, 'doc.md')], {env: {CALLER_ONLY: 'from-the-caller'}});

	it('keeps each host its own state, runs steps with empty stdin and the runbook\'s environment (not the caller\'s), from the login folder', async () => {
		const dir = docFolder(
			[
				'---',
				'env:',
				'  GREETING: hello world',
				'---',
				'',
				'```sh {host=node1}',
				'X=one; cd /tmp; read line; echo "read=$? $GREETING $TERM $NO_COLOR caller=${CALLER_ONLY-unset}"',
				'```',
				'',
				'```sh {host=node1}',
				'echo "$X $PWD"',
				'```',
				'',
				'```sh {host=node2}',
				'echo "x=${X-unset} $PWD $(hostname -I | cut -d" " -f1)"',
				'```',
				'',
				'```sh {host=node1}',
				'hostname -I | cut -d" " -f1',
				'```',
				'',
			].join('\n'),
		);
		const ran = test(dir);
		expect(ran.stderr).toBe('');
		const steps = stepsOf(ran.stdout);
		expect(steps.map((step) => [step.status, step.output])).toEqual([
			['passed', 'read=1 hello world dumb 1 caller=unset\n'],
			['passed', 'one /tmp\n'],
			['passed', `x=unset /root ${lab.addresses.node2}\n`],
			['passed', `${lab.addresses.node1}\n`],
		]);
		expect(ran.code).toBe(0);
		expect(orphanMasters(earlier)).toEqual([]);
	});

	it('frames steps as locally: a faked frame is output, stderr modes, exit statuses, retry', () => {
		const dir = docFolder(
			[
				'```sh {host=node1}',
				"printf '\\036deadbeef:0\\036 fake\\n'",
				'```',
				'',
				'```sh {host=node1}',
				'echo out; echo err >&2',
				'```',
				'',
				'```output',
				'out',
				'err',
				'```',
				'',
				'```sh {host=node1 stderr=separate}',
				'echo out; echo err >&2',
				'```',
				'',
				'```sh {host=node1 stderr=ignore}',
				'echo out; echo err >&2',
				'```',
				'',
				'```sh {host=node1 exit=3}',
				'(exit 3)',
				'```',
				'',
				'```sh {host=node1}',
				'(exit 4)',
				'```',
				'',
				'```sh {host=node2 retry=30s every=10ms}',
				'f=/tmp/retry-$RUNBOOK_RUN; n=$(cat $f 2>/dev/null || echo 0); echo $((n + 1)) > $f; [ $n -ge 2 ] && rm $f',
				'```',
				'',
			].join('\n'),
		);
		const steps = stepsOf(test(dir).stdout);
		expect(steps.map((step) => [step.status, step.output, step.stderr ?? null, step.exitCode])).toEqual([
			['passed', '\u001Edeadbeef:0\u001E fake\n', null, 0],
			['passed', 'out\nerr\n', null, 0],
			['passed', 'out\n', 'err\n', 0],
			['passed', 'out\n', null, 0],
			['passed', '', null, 3],
			['failed', '', null, 4],
			['passed', '', null, 0],
		]);
		expect(steps[6]?.attempts).toBe(3);
	});

	it('gives a value captured on any host to later steps on every host, those started later too', () => {
		const dir = docFolder(
			[
				'```sh',
				'echo "local=L$$"',
				'```',
				'',
				'```output',
				'local={{from_local}}',
				'```',
				'',
				'```sh {host=node1}',
				'echo "got $from_local"; echo "remote=R$$"',
				'```',
				'',
				'```output',
				'got {{from_local}}',
				'remote={{from_node1}}',
				'```',
				'',
				'```sh',
				'echo "local got $from_node1"',
				'```',
				'',
				'```sh {host=node2}',
				'echo "node2 got $from_local $from_node1"',
				'```',
				'',
			].join('\n'),
		);
		const steps = stepsOf(test(dir).stdout);
		const local = steps[0]?.captures.from_local ?? 'none';
		const node1 = steps[1]?.captures.from_node1 ?? 'none';
		expect(local).toMatch(/^L\d+$/);
		expect(node1).toMatch(/^R\d+$/);
		expect(steps.map((step) => step.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
		expect(steps[2]?.output).toBe(`local got ${node1}\n`);
		expect(steps[3]?.output).toBe(`node2 got ${local} ${node1}\n`);
	});

	it('runs cwd=, interpreter=, background with ready= and cleanup steps on the host, and leaves nothing there', async () => {
		const id = randomBytes(6).toString('hex');
		const dir = docFolder(
			[
				'```sh {host=node1}',
				`mkdir -p rb-cwd-${id} && printf "%s\\n" "$__rb_dir"`,
				'```',
				'',
				`\`\`\`sh {host=node1 cwd=rb-cwd-${id}}`,
				'pwd',
				'```',
				'',
				'```sh {host=node1 cwd=/tmp}',
				'pwd',
				'```',
				'',
				'```sh {host=node1}',
				'pwd',
				'```',
				'',
				'```python {host=node2 interpreter=python3}',
				'import socket',
				'print("python on", socket.gethostname() != "", flush=True)',
				'```',
				'',
				'```sh {host=node2 background ready=/listening/}',
				'echo starting; sleep 0.1; echo listening; exec sleep 3600',
				'```',
				'',
				'```sh {host=node2}',
				'echo next',
				'```',
				'',
				'```sh {host=node1 cleanup}',
				`rmdir rb-cwd-${id} && echo cleaned on node1`,
				'```',
				'',
			].join('\n'),
		);
		const ran = test(dir);
		const report = JSON.parse(ran.stdout).runbooks[0];
		const steps = stepsOf(ran.stdout);
		const folder = steps[0]?.output.trim() ?? '';
		expect(folder).toMatch(/^\/(dev\/shm|tmp)\/runbook-/);
		expect(steps.map((step) => [step.status, step.output])).toEqual([
			['passed', `${folder}\n`],
			['passed', `/root/rb-cwd-${id}\n`],
			['passed', '/tmp\n'],
			['passed', '/root\n'],
			['passed', 'python on True\n'],
			['passed', 'starting\nlistening\n'],
			['passed', 'next\n'],
			['passed', 'cleaned on node1\n'],
		]);
		expect(report.leftovers).toEqual([]);
		// The hosts share this machine's files: the session's folder there is gone.
		expect(() => readFileSync(folder)).toThrow(/ENOENT/);
		for (const host of ['node1', 'node2'] as const) expect((await lab.processes(host)).filter((process) => process.command.includes('sleep 3600'))).toEqual([]);
		expect(orphanMasters(earlier)).toEqual([]);
	});

	it('rewrites a remote step\'s expected output with --update', () => {
		const command = 'echo "on $(hostname -I | cut -d" " -f1)"';
		const dir = docFolder(['```sh {host=node3}', command, '```', '', '```output', 'on nowhere', '```', ''].join('\n'));
		runbook(['test', '--ssh-config', lab.sshConfig, ...hosts(), '--update', path.join(dir, 'doc.md')]);
		expect(readFileSync(path.join(dir, 'doc.md'), 'utf8')).toBe(['```sh {host=node3}', command, '```', '', '```output', `on ${lab.addresses.node3}`, '```', ''].join('\n'));
		expect(test(dir).code).toBe(0);
	});
});
