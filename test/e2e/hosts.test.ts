/**
 * Hosts through the built CLI (`npm run build` first): `check`'s
 * `unknown-host` and the frontmatter's bad hosts at their line:col, the names
 * `--host` and `RUNBOOK_HOSTS` define, the usage errors of bad ones, `list`'s
 * host column and JSON, and each verb's --help.
 */
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {docFolder, removeCopies, runbook, type Ran} from './cli.js';

afterEach(removeCopies);

const fleet = `---
hosts:
  node1: root@10.0.0.1
  node2: ssh://admin@node2.example:2222
---
# Fleet

\`\`\`sh {host=node1}
echo one
\`\`\`

## On node2
<!-- runbook {host=node2} -->

\`\`\`sh
echo two
\`\`\`

\`\`\`sh {host=node3}
echo three
\`\`\`

## Here

\`\`\`sh
echo here
\`\`\`
`;

/** A stack trace or an internal error never reaches the user. */
function expectNoStackTrace(ran: Ran) {
	expect(ran.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
	expect(ran.stderr).not.toMatch(/internal error/);
}

const noHostVariables = {RUNBOOK_HOSTS: '', RUNBOOK_SSH_CONFIG: ''};

describe('check and hosts', () => {
	it('reports a host no one declares at its line:col, naming the known hosts', () => {
		const dir = docFolder(fleet);
		const ran = runbook(['check', 'doc.md'], {cwd: dir, env: noHostVariables});
		expect(ran.code).toBe(2);
		expect(ran.stdout).toBe(
			"doc.md:19:8: unknown host `node3` (did you mean `node1`?); known: `local`, `node1`, `node2` (declare it in the frontmatter's `hosts:`, or give --host node3=DESTINATION) [unknown-host]\n",
		);
		expect(ran.stderr).toBe('1 error, 0 warnings\n');
	});

	it('reports a section\'s unknown host once, at its comment, and a misspelt one with "did you mean"', () => {
		const dir = docFolder('# T\n\n## S\n<!-- runbook {host=nod1} -->\n\n```sh\necho a\n```\n\n```sh\necho b\n```\n');
		const ran = runbook(['check', 'doc.md'], {cwd: dir, env: noHostVariables});
		expect(ran.code).toBe(2);
		expect(ran.stdout).toBe("doc.md:4:15: unknown host `nod1`; known: `local`, and no other is declared (declare it in the frontmatter's `hosts:`, or give --host nod1=DESTINATION) [unknown-host]\n");
	});

	it('knows the names that --host and RUNBOOK_HOSTS define', () => {
		const dir = docFolder(fleet);
		expect(runbook(['check', 'doc.md', '--host', 'node3=root@10.0.0.3'], {cwd: dir, env: noHostVariables})).toMatchObject({code: 0, stdout: ''});
		expect(runbook(['check', 'doc.md'], {cwd: dir, env: {RUNBOOK_HOSTS: 'node9=x, node3=alias3'}})).toMatchObject({code: 0, stdout: ''});
		// Another name than the one missing: node3 is still unknown, and the message names the run's hosts too.
		const other = runbook(['check', 'doc.md', '--host', 'web=root@10.0.0.9'], {cwd: dir, env: noHostVariables});
		expect(other.code).toBe(2);
		expect(other.stdout).toContain('doc.md:19:8: unknown host `node3` (did you mean `node1`?); known: `local`, `node1`, `node2`, `web`');
	});

	it('knows the run\'s names on a runbook read from the parse cache (whose entry holds the frontmatter\'s view)', () => {
		const dir = docFolder(fleet);
		const home = mkdtempSync(path.join(tmpdir(), 'runbook-hosts-cache-'));
		try {
			const env = {...noHostVariables, XDG_CACHE_HOME: home};
			expect(runbook(['check', 'doc.md'], {cwd: dir, env}).code).toBe(2);
			expect(readdirSync(path.join(home, 'runbook')).length).toBeGreaterThan(0);
			expect(runbook(['check', 'doc.md', '--host', 'node3=local'], {cwd: dir, env})).toMatchObject({code: 0, stdout: ''});
			expect(runbook(['check', 'doc.md'], {cwd: dir, env}).code).toBe(2);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});

	it('reports bad hosts: in the frontmatter at their line:col, in the attribute and in a section\'s comment', () => {
		const dir = docFolder(`---
hosts:
  local: root@10.0.0.1
  node1: -oProxyCommand=sh
  node2: root@node2:22
ssh-config: [a]
---
# T

\`\`\`sh {host=node1}
echo declared with a bad destination: only that error
\`\`\`

\`\`\`sh {host=9}
echo bad name
\`\`\`

<!-- runbook {host=node2 retry=5s} -->
`);
		const ran = runbook(['check', 'doc.md'], {cwd: dir, env: noHostVariables});
		expectNoStackTrace(ran);
		expect(ran.code).toBe(2);
		expect(ran.stdout.split('\n').filter(Boolean)).toEqual([
			'doc.md:3:3: bad host in `hosts`: `local` is always this machine: it cannot be given another destination [frontmatter-value]',
			'doc.md:4:10: bad value for `hosts.node1`: bad destination `-oProxyCommand=sh`: it starts with `-`, which ssh would read as an option [frontmatter-value]',
			'doc.md:5:10: bad value for `hosts.node2`: bad destination `root@node2:22`: ssh takes no `:PORT` after a host: write `ssh://host:PORT` [frontmatter-value]',
			'doc.md:6:13: bad value for `ssh-config` (expected a file of ssh configuration, relative to the runbook) [frontmatter-value]',
			'doc.md:14:8: bad value for `host`: `9` (expected a host name: a letter, then letters, digits, `_`, `.` or `-`) [attribute-value]',
			"doc.md:18:26: `retry` cannot stand in a section's `<!-- runbook {host=NAME} -->` comment: only `host=` can (to hide a step, put its command in the comment: a fenced block or a `$ ` line) [bad-attribute]",
		]);
	});
});

describe('--host, --ssh-config and their variables', () => {
	it.each([
		[['--host', 'node1'], 'runbook: --host node1: expected NAME=DESTINATION, such as node1=root@10.0.0.1, not `node1`\n'],
		[['--host', 'local=root@10.0.0.1'], 'runbook: --host local=root@10.0.0.1: `local` is always this machine: it cannot be given another destination\n'],
		[['--host', '2nd=root@x'], 'runbook: --host 2nd=root@x: bad host name `2nd`: a host name is a letter, then letters, digits, `_`, `.` or `-`\n'],
		[['--host', 'node1=-oProxyCommand=touch /tmp/x'], 'runbook: --host node1=-oProxyCommand=touch /tmp/x: bad destination `-oProxyCommand=touch /tmp/x`: it starts with `-`, which ssh would read as an option\n'],
		[['--host', 'node1=root@h\u001b[2J'], 'runbook: --host node1=root@h\\x1b[2J: bad destination `root@h\\x1b[2J`: it holds blanks or control characters\n'],
		[['--ssh-config', 'no-such-config'], 'runbook: --ssh-config: `no-such-config` is not a file\n'],
		[['--ssh-config', '.'], 'runbook: --ssh-config: `.` is not a file\n'],
	])('%j is a usage error on every verb', (flags, message) => {
		const dir = docFolder(fleet);
		for (const verb of ['check', 'list', 'test', 'play']) {
			const ran = runbook([verb, 'doc.md', ...flags], {cwd: dir, env: noHostVariables});
			expectNoStackTrace(ran);
			expect({verb, code: ran.code, stderr: ran.stderr, stdout: ran.stdout}).toEqual({verb, code: 2, stderr: message, stdout: ''});
		}
	});

	it('refuses a bad RUNBOOK_HOSTS or RUNBOOK_SSH_CONFIG as a usage error, naming the variable', () => {
		const dir = docFolder(fleet);
		for (const verb of ['check', 'list', 'test', 'play']) {
			const hosts = runbook([verb, 'doc.md'], {cwd: dir, env: {RUNBOOK_HOSTS: 'node1=root@10.0.0.1 node2', RUNBOOK_SSH_CONFIG: ''}});
			expect({verb, code: hosts.code, stderr: hosts.stderr}).toEqual({verb, code: 2, stderr: 'runbook: RUNBOOK_HOSTS: `node2`: expected NAME=DESTINATION, such as node1=root@10.0.0.1, not `node2`\n'});
			const config = runbook([verb, 'doc.md'], {cwd: dir, env: {RUNBOOK_HOSTS: '', RUNBOOK_SSH_CONFIG: 'missing/ssh_config'}});
			expect({verb, code: config.code, stderr: config.stderr}).toEqual({verb, code: 2, stderr: 'runbook: RUNBOOK_SSH_CONFIG: `missing/ssh_config` is not a file\n'});
		}
	});

	it('takes --ssh-config over a RUNBOOK_SSH_CONFIG that is not there (the flag wins, the variable is not read)', () => {
		const dir = docFolder(fleet.replace('{host=node3}', '{host=node1}'));
		writeFileSync(path.join(dir, 'ssh_config'), 'Host node1\n  HostName 10.0.0.1\n');
		expect(runbook(['check', 'doc.md', '--ssh-config', 'ssh_config'], {cwd: dir, env: {RUNBOOK_SSH_CONFIG: 'missing'}})).toMatchObject({code: 0, stdout: ''});
	});

	it('runs a runbook whose host --host maps to local (this machine)', () => {
		const dir = docFolder('# T\n\n```sh {host=node9}\necho on node9\n```\n\n```output\non node9\n```\n');
		expect(runbook(['test', 'doc.md'], {cwd: dir, env: noHostVariables}).code).toBe(2);
		const ran = runbook(['test', 'doc.md', '--host', 'node9=local'], {cwd: dir, env: noHostVariables});
		expect(ran.stderr).toBe('');
		expect(ran.code).toBe(0);
		expect(runbook(['test', 'doc.md'], {cwd: dir, env: {RUNBOOK_HOSTS: 'node9=local'}}).code).toBe(0);
	});
});

describe('list and hosts', () => {
	it('shows the host of each step that is not local', () => {
		const dir = docFolder(fleet.replace('{host=node3}', ''));
		const ran = runbook(['list', 'doc.md'], {cwd: dir, env: noHostVariables});
		expect(ran.code).toBe(0);
		const steps = ran.stdout.split('\n').filter((line) => /^ +\d+ {2}/.test(line)).map((line) => line.replace(/ +/g, ' ').trim());
		expect(steps).toEqual(['1 fleet-1 line 8 unchecked host=node1', '2 on-node2-1 line 15 unchecked host=node2', '3 on-node2-2 line 19 unchecked host=node2', '4 here-1 line 25 unchecked']);
	});

	it('gives each step\'s host and the runbook\'s hosts in --json', () => {
		const dir = docFolder(fleet.replace('{host=node3}', '{host=local}'));
		const ran = runbook(['list', 'doc.md', '--json'], {cwd: dir, env: noHostVariables});
		expect(ran.code).toBe(0);
		const model = JSON.parse(ran.stdout) as {options: {hosts: Record<string, string>}; steps: {attributes: {host?: string}}[]};
		expect(model.options.hosts).toEqual({node1: 'root@10.0.0.1', node2: 'ssh://admin@node2.example:2222'});
		expect(model.steps.map((step) => step.attributes.host ?? null)).toEqual(['node1', 'node2', 'local', null]);
	});
});

describe('--help', () => {
	for (const verb of ['test', 'play', 'check', 'list']) {
		it(`${verb} --help names --host and --ssh-config, and their variables`, () => {
			const help = runbook([verb, '--help']).stdout.replace(/\s+/g, ' ');
			expect(help).toContain('--host <NAME=DESTINATION> run the steps of host NAME over ssh at DESTINATION');
			expect(help).toContain('over RUNBOOK_HOSTS and the runbook\'s hosts: (repeatable)');
			expect(help).toContain('--ssh-config <file> hand ssh this configuration file (ssh -F), over RUNBOOK_SSH_CONFIG and the runbook\'s ssh-config:');
		});
	}
});
