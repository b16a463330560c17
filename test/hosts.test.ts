/**
 * The hosts of a run (`src/hosts.ts`): the runbook's `hosts:` and
 * `ssh-config:` with the run's overrides over them, and the `NAME=DEST`
 * pairs of `--host` and `RUNBOOK_HOSTS`.
 */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseHostAssignment, parseHostsList, resolveHosts} from '../src/hosts.js';
import {parseRunbook} from '../src/parse/index.js';
import {withRunHosts} from '../src/parse/unknown-host.js';

const runbookWith = (options: {hosts?: Record<string, string>; sshConfig?: string}) => ({options: {shell: 'bash' as const, cwd: '.', timeoutMs: 1000, env: {}, requires: [], secrets: [], ...options}});

describe('resolveHosts', () => {
	it('gives the runbook\'s hosts, and none when it has none', () => {
		expect(resolveHosts(runbookWith({hosts: {node1: 'root@10.0.0.1'}}), {}, '/srv/notes/doc.md')).toEqual({hosts: {node1: 'root@10.0.0.1'}});
		expect(resolveHosts(runbookWith({}), {}, '/srv/notes/doc.md')).toEqual({hosts: {}});
	});

	it('lets the run\'s hosts win over the runbook\'s, and define more', () => {
		const resolved = resolveHosts(runbookWith({hosts: {node1: 'root@10.0.0.1', node2: 'root@10.0.0.2'}}), {hosts: {node2: 'lab-node2', node3: 'local'}}, '/srv/notes/doc.md');
		expect(resolved).toEqual({hosts: {node1: 'root@10.0.0.1', node2: 'lab-node2', node3: 'local'}});
	});

	it('never gives `local` a destination', () => {
		expect(resolveHosts(runbookWith({hosts: {local: 'root@x'}}), {hosts: {local: 'root@y'}}, '/srv/doc.md')).toEqual({hosts: {}});
	});

	it('resolves the frontmatter\'s ssh-config against the runbook\'s folder', () => {
		expect(resolveHosts(runbookWith({sshConfig: 'lab/ssh_config'}), {}, '/srv/notes/doc.md').sshConfig).toBe('/srv/notes/lab/ssh_config');
		expect(resolveHosts(runbookWith({sshConfig: '/etc/lab.conf'}), {}, '/srv/notes/doc.md').sshConfig).toBe('/etc/lab.conf');
		// A runbook's path relative to the process's folder.
		expect(resolveHosts(runbookWith({sshConfig: 'ssh_config'}), {}, 'notes/doc.md').sshConfig).toBe(path.resolve('notes', 'ssh_config'));
	});

	it('lets the run\'s ssh configuration win over the frontmatter\'s', () => {
		expect(resolveHosts(runbookWith({sshConfig: 'lab/ssh_config'}), {sshConfig: '/tmp/ci.conf'}, '/srv/notes/doc.md').sshConfig).toBe('/tmp/ci.conf');
		expect(resolveHosts(runbookWith({}), {sshConfig: '/tmp/ci.conf'}, '/srv/notes/doc.md').sshConfig).toBe('/tmp/ci.conf');
	});
});

describe('parseHostAssignment', () => {
	it('reads NAME=DESTINATION, the destination as written', () => {
		expect(parseHostAssignment('node1=root@10.0.0.1')).toEqual({name: 'node1', destination: 'root@10.0.0.1'});
		expect(parseHostAssignment('db=ssh://admin@db.example:2222')).toEqual({name: 'db', destination: 'ssh://admin@db.example:2222'});
		expect(parseHostAssignment('node2=local')).toEqual({name: 'node2', destination: 'local'});
	});

	it.each([
		['node1', 'expected NAME=DESTINATION, such as node1=root@10.0.0.1, not `node1`'],
		['=root@x', 'expected NAME=DESTINATION'],
		['local=root@x', '`local` is always this machine: it cannot be given another destination'],
		['1st=root@x', 'bad host name `1st`'],
		['node1=', 'bad destination: it is empty'],
		['node1=-oProxyCommand=sh', 'bad destination `-oProxyCommand=sh`: it starts with `-`'],
		['node1=root@x y', 'it holds blanks or control characters'],
	])('refuses %j', (text, why) => {
		const parsed = parseHostAssignment(text);
		expect('error' in parsed && parsed.error).toContain(why);
	});
});

describe('parseHostsList', () => {
	it('reads pairs separated by blanks or commas, later ones winning', () => {
		expect(parseHostsList('node1=root@10.0.0.1 node2=alias')).toEqual({hosts: {node1: 'root@10.0.0.1', node2: 'alias'}});
		expect(parseHostsList(' node1=a,node2=b ,\tnode3=c\nnode1=d ')).toEqual({hosts: {node1: 'd', node2: 'b', node3: 'c'}});
		expect(parseHostsList('')).toEqual({hosts: {}});
		expect(parseHostsList(' , ')).toEqual({hosts: {}});
	});

	it('names the pair it refuses', () => {
		expect(parseHostsList('node1=a 2=b')).toEqual({error: '`2=b`: bad host name `2`: a host name is a letter, then letters, digits, `_`, `.` or `-`'});
		expect(parseHostsList('node1=a local=b')).toEqual({error: '`local=b`: `local` is always this machine: it cannot be given another destination'});
		expect(parseHostsList('node1')).toEqual({error: '`node1`: expected NAME=DESTINATION, such as node1=root@10.0.0.1, not `node1`'});
	});
});

describe('withRunHosts', () => {
	const text = '---\nhosts:\n  node1: root@10.0.0.1\n---\n# T\n\n```sh {host=node2}\necho a\n```\n\n## S\n<!-- runbook {host=node3} -->\n\n```sh\necho b\n```\n';

	it('drops the unknown-host errors of names the run defines, and names them among the known hosts in the others', () => {
		const parsed = parseRunbook(text);
		expect(parsed.diagnostics.map((d) => [d.line, d.column, d.rule])).toEqual([
			[7, 8, 'unknown-host'],
			[12, 15, 'unknown-host'],
		]);
		const run = withRunHosts(parsed, ['node2', 'web']);
		expect(run.diagnostics).toEqual([
			{
				message: 'unknown host `node3` (did you mean `node1`?); known: `local`, `node1`, `node2`, `web` (declare it in the frontmatter\'s `hosts:`, or give --host node3=DESTINATION)',
				line: 12,
				column: 15,
				rule: 'unknown-host',
				severity: 'error',
			},
		]);
		expect(withRunHosts(parsed, ['node2', 'node3']).diagnostics).toEqual([]);
		// The parse itself is not changed (it may be the cache's).
		expect(parsed.diagnostics).toHaveLength(2);
	});

	it('gives the parse as it is when the run defines no host', () => {
		const parsed = parseRunbook(text);
		expect(withRunHosts(parsed, [])).toBe(parsed);
	});
});
