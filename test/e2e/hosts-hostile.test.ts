/**
 * Hostile and odd host input through the built CLI (`npm run build` first):
 * each is refused with its place (or as a usage error, exit 2), never a stack
 * trace, and no step meant for another host runs on this machine.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {docFolder, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const noHostVariables = {RUNBOOK_HOSTS: '', RUNBOOK_SSH_CONFIG: ''};

const onNode1 = (comment: string) => `---\nhosts:\n  node1: root@10.0.0.1\n---\n# T\n\n${comment}\n\n\`\`\`sh\ntouch ran-here\n\`\`\`\n`;

describe('hostile host input through the CLI', () => {
	it.each(['node1=a;b@host', 'node1=$(touch${IFS}x)@host', 'node1=ssh://%2doProxyCommand=x@host', 'node1=Local', 'LOCAL=root@host'])('refuses --host %s as a usage error (exit 2)', (flag) => {
		const dir = docFolder(onNode1(''));
		for (const verb of ['check', 'list', 'test']) {
			const ran = runbook([verb, 'doc.md', '--host', flag], {cwd: dir, env: noHostVariables});
			expect(ran.code).toBe(2);
			expect(ran.stderr).toMatch(/^runbook: --host .*(OpenSSH refuses|is not `local`)/m);
			expect(ran.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
		}
	});

	it('refuses RUNBOOK_HOSTS holding a user OpenSSH refuses, naming the pair', () => {
		const dir = docFolder(onNode1(''));
		const ran = runbook(['check', 'doc.md'], {cwd: dir, env: {...noHostVariables, RUNBOOK_HOSTS: 'node1=root@a, node2=`id`@b'}});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('RUNBOOK_HOSTS: `node2=`id`@b`: bad destination');
		expect(ran.stderr).toContain('the user holds `` ` ``, a shell metacharacter OpenSSH refuses in a user');
	});

	it.each(['<!-- runbook {host=node1}} -->', '<!-- RUNBOOK {host=node1} -->', '<!-- runbook\n{host=node1} -->'])('reports a mistyped section comment %j at its line:col, and test runs nothing', (comment) => {
		const dir = docFolder(onNode1(comment));
		const checked = runbook(['check', 'doc.md'], {cwd: dir, env: noHostVariables});
		expect(checked.code).toBe(2);
		expect(checked.stdout).toMatch(/^doc\.md:7:1: .* \[hidden-step\]$/m);
		const tested = runbook(['test', 'doc.md'], {cwd: dir, env: noHostVariables});
		expect(tested.code).not.toBe(0);
		expect(tested.stdout + tested.stderr).toContain('doc.md:7:1');
		expect(existsSync(path.join(dir, 'ran-here'))).toBe(false);
		expect(runbook(['list', '--json', 'doc.md'], {cwd: dir, env: noHostVariables}).code).toBe(2);
	});
});
