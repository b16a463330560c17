/**
 * SSH destinations and host names (issue 13's rules): every form OpenSSH's
 * ssh takes and runbook accepts, and every refusal with its reason.
 */
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {hostNameProblem, parseDestination} from '../../src/parse/destination.js';

/** Destinations runbook takes, and the parts it reads in each. */
const accepted: [string, {user?: string; host: string; port?: number}][] = [
	['node1', {host: 'node1'}],
	['lab-node.1_a', {host: 'lab-node.1_a'}],
	['10.0.0.1', {host: '10.0.0.1'}],
	['root@10.0.0.1', {user: 'root', host: '10.0.0.1'}],
	['deploy@web.example.com', {user: 'deploy', host: 'web.example.com'}],
	// ssh splits at the last `@`.
	['a@b@c', {user: 'a@b', host: 'c'}],
	// IPv6 written bare, as ssh takes it, with a zone or not.
	['::1', {host: '::1'}],
	['root@fe80::1%eth0', {user: 'root', host: 'fe80::1%eth0'}],
	['root@2001:db8::10', {user: 'root', host: '2001:db8::10'}],
	['ssh://node2', {host: 'node2'}],
	['ssh://root@node2', {user: 'root', host: 'node2'}],
	['ssh://root@10.0.0.2:2222', {user: 'root', host: '10.0.0.2', port: 2222}],
	['ssh://node2:22', {host: 'node2', port: 22}],
	['ssh://node2:65535', {host: 'node2', port: 65_535}],
	// The user is percent-decoded, and `;params` after it are ignored, as ssh does.
	['ssh://r%6Fot@node2', {user: 'root', host: 'node2'}],
	['ssh://root;fingerprint=SHA256-x@node2', {user: 'root', host: 'node2'}],
];

/** What the system's ssh makes of a destination (`ssh -G`: its settings, printed, without connecting; no configuration file read). */
function sshReads(destination: string): {code: number | null; user?: string | undefined; hostname?: string | undefined; port?: string | undefined} {
	const ran = spawnSync('ssh', ['-F', 'none', '-G', '--', destination], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	if (ran.error) throw new Error(`ssh is needed to compare destinations with OpenSSH: ${ran.error.message}`);
	const field = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(ran.stdout)?.[1];
	return {code: ran.status, user: field('user'), hostname: field('hostname'), port: field('port')};
}

describe('parseDestination', () => {
	it('reads `local` as this machine', () => {
		expect(parseDestination('local')).toEqual({kind: 'local', written: 'local'});
	});

	it.each(accepted)('reads %s', (written, parts) => {
		expect(parseDestination(written)).toEqual({kind: 'ssh', ...parts, written});
	});

	it.each(accepted)('reads %s as the system\'s OpenSSH does (`ssh -G`: no connection)', (written, parts) => {
		const read = sshReads(written);
		expect(read.code).toBe(0);
		expect(read.hostname).toBe(parts.host);
		if (parts.user !== undefined) expect(read.user).toBe(parts.user);
		expect(read.port).toBe(String(parts.port ?? 22));
	});

	it.each(['ssh://root@[::1]:22', 'ssh://[::1]', 'ssh://root@::1', 'ssh://@node2', 'ssh://node2:0', 'ssh://node2:65536', 'ssh://node2:22x', 'ssh://node2/srv', '@node1'])('refuses %s, as the system\'s OpenSSH does', (written) => {
		expect(parseDestination(written).kind).toBe('error');
		expect(sshReads(written).code).not.toBe(0);
	});

	it.each([
		['', 'bad destination: it is empty'],
		['-oProxyCommand=sh', 'it starts with `-`, which ssh would read as an option'],
		['-p', 'it starts with `-`'],
		['root@host name', 'it holds blanks or control characters'],
		[' node1', 'it holds blanks or control characters'],
		['node1\t', 'it holds blanks or control characters'],
		['node1\n-oProxyCommand=x', 'it holds blanks or control characters'],
		['node\u001b[2J', 'it holds blanks or control characters'],
		['node\u0000', 'it holds blanks or control characters'],
		['@node1', 'the user before `@` is empty'],
		['root@', 'the host is empty'],
		['root@node1:22', 'ssh takes no `:PORT` after a host: write `ssh://host:PORT`'],
		['node1:', 'ssh takes no `:PORT` after a host'],
		['[::1]', 'OpenSSH reads `[…]` as a host name it cannot resolve'],
		['root@[fe80::1]', 'OpenSSH reads `[…]`'],
		['ssh://root@[::1]:22', 'OpenSSH takes no IPv6 address in an `ssh://` destination'],
		['ssh://[::1]', 'OpenSSH takes no IPv6 address'],
		['ssh://root@::1', 'OpenSSH takes no IPv6 address'],
		['ssh://', 'the host is empty'],
		['ssh://root@', 'the host is empty'],
		['ssh://@node2', 'the user before `@` is empty'],
		['ssh://node2:', 'the port must be a number from 1 to 65535'],
		['ssh://node2:0', 'the port must be a number from 1 to 65535, not 0'],
		['ssh://node2:65536', 'not 65536'],
		['ssh://node2:22x', 'ssh takes no path after the host'],
		['ssh://node2/', 'ssh takes no path after the host'],
		['ssh://node2:22/srv', 'ssh takes no path after the host'],
		['ssh://r%zzot@node2', 'a `%` that is not followed by two hexadecimal digits'],
		['node*', 'a host is a name, an alias of the ssh configuration, or an address'],
		['nöde', 'a host is a name'],
		['.node', 'a host is a name'],
		['root@node;x', 'a host is a name'],
	])('refuses %j', (written, why) => {
		const parsed = parseDestination(written);
		expect(parsed.kind).toBe('error');
		expect(parsed.kind === 'error' && parsed.error).toContain(why);
	});

	it('quotes a refused destination with its control characters escaped', () => {
		const parsed = parseDestination('node\u001b[2J');
		expect(parsed).toEqual({kind: 'error', error: 'bad destination `node\\x1b[2J`: it holds blanks or control characters'});
	});
});

describe('hostNameProblem', () => {
	it.each(['node1', 'a', 'Web_2', 'db.primary', 'x-y.z_9'])('takes %s', (name) => {
		expect(hostNameProblem(name)).toBeUndefined();
	});

	it('refuses `local`: it is always this machine', () => {
		expect(hostNameProblem('local')).toBe('`local` is always this machine: it cannot be given another destination');
	});

	it.each(['', '1node', '_node', '-node', '.node', 'no de', 'node/1', 'nöde', 'node@x', 'node=1'])('refuses %j', (name) => {
		expect(hostNameProblem(name)).toBe(`bad host name \`${name}\`: a host name is a letter, then letters, digits, \`_\`, \`.\` or \`-\``);
	});
});
