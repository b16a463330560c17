/**
 * Hostile and odd host input through the built CLI (`npm run build` first):
 * each is refused with its place (or as a usage error, exit 2), never a stack
 * trace, and no step meant for another host runs on this machine.
 */
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
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

describe('ssh-config: naming a folder', () => {
	// ssh -F reads a folder as an empty configuration, without a word: the lab's aliases, keys and known hosts would be missing.
	it('is an error at its value on check, list and test, the same from the parse cache', () => {
		const dir = docFolder('---\nhosts:\n  node1: lab-node1\nssh-config: conf/../lab\n---\n# T\n\n```sh {host=node1}\ntouch ran-here\n```\n');
		mkdirSync(path.join(dir, 'lab'));
		mkdirSync(path.join(dir, 'conf'));
		const home = mkdtempSync(path.join(tmpdir(), 'runbook-hostile-cache-'));
		try {
			const env = {...noHostVariables, XDG_CACHE_HOME: home};
			const expected = /^doc\.md:4:13: bad value for `ssh-config`: `conf\/\.\.\/lab` is a folder, not a file of ssh configuration \[frontmatter-value\]$/m;
			for (const round of ['miss', 'hit']) {
				const checked = runbook(['check', 'doc.md'], {cwd: dir, env});
				expect({round, code: checked.code}).toEqual({round, code: 2});
				expect(checked.stdout).toMatch(expected);
				expect(readdirSync(path.join(home, 'runbook')).length).toBeGreaterThan(0);
			}
			expect(runbook(['list', 'doc.md'], {cwd: dir, env}).stderr).toMatch(expected);
			const tested = runbook(['test', 'doc.md', '--host', 'node1=local'], {cwd: dir, env});
			expect(tested.code).not.toBe(0);
			expect(tested.stdout + tested.stderr).toMatch(expected);
			expect(existsSync(path.join(dir, 'ran-here'))).toBe(false);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});
});
