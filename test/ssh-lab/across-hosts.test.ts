/**
 * runbooks/across-hosts.md, run for real through the built CLI by test/ssh-lab/run.sh (as CI
 * runs it) twice in a row, in an ssh lab of this test process's own (its name and net from
 * test/ssh-lab/fixture.ts): each run passes and leaves nothing on the hosts (processes, firewall
 * rules, folders) nor ssh processes on this machine, and stopping the lab leaves nothing of it.
 */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bin, root} from '../e2e/cli.js';
import {type SshLab, sshLabSkipReason, startSshLab} from './fixture.js';

const reason = sshLabSkipReason() ?? (existsSync(bin) ? undefined : 'needs the built CLI (npm run build)');
if (reason) console.log(`skipped runbooks/across-hosts.md in the ssh lab: ${reason}`);

describe.skipIf(reason !== undefined)('runbooks/across-hosts.md in an ssh lab', () => {
	let lab: SshLab;
	beforeAll(async () => {
		lab = await startSshLab();
	});
	afterAll(async () => {
		await lab?.stop();
	});

	it('passes twice in a row, leaving nothing behind on any host (test/ssh-lab/run.sh)', () => {
		// run.sh keeps the lab the fixture started (start.sh keeps a lab that is whole) and stops it at the end.
		const ran = spawnSync('bash', [path.join(root, 'test', 'ssh-lab', 'run.sh')], {
			cwd: root,
			encoding: 'utf8',
			env: {...process.env, NO_COLOR: '1', SSH_LAB_NAME: lab.name, SSH_LAB_NET: lab.net, SSH_LAB_RUNS: '2'},
		});
		const output = `${ran.stdout}${ran.stderr}`;
		expect(ran.status, output).toBe(0);
		expect(output.match(/^17 passed, 0 failed/gm), output).toHaveLength(2);
		expect(output).not.toContain('left things behind');
	}, 300_000);
});
