import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {CommanderError} from 'commander';
import {exitCodes} from '../engine/exit-codes.js';
import {hostsVariable, parseHostAssignment, parseHostsList, sshConfigVariable} from '../hosts.js';

/** `--host NAME=DESTINATION`, on `test`, `play`, `check`, `list`: its flag, help and parser (commander's `.option(...hostOption)`). */
export const hostOption = [
	'--host <NAME=DESTINATION>',
	`run the steps of host NAME over ssh at DESTINATION (user@host, host, ssh://user@host:port, an ssh config alias, or local for this machine); over ${hostsVariable} and the runbook's hosts: (repeatable)`,
	collectHost,
] as const;

/** `--ssh-config FILE`: its flag and help. */
export const sshConfigOption = ['--ssh-config <file>', `hand ssh this configuration file (ssh -F), over ${sshConfigVariable} and the runbook's ssh-config:`] as const;

/** `--host NAME=DESTINATION`, repeatable: the hosts given so far, with this one (a later one for the same NAME wins). Exit 2 on a bad name or destination. */
export function collectHost(value: string, previous: Readonly<Record<string, string>> = {}): Record<string, string> {
	const parsed = parseHostAssignment(value);
	if ('error' in parsed) throw new CommanderError(exitCodes.usage, 'runbook.host', `--host ${value}: ${parsed.error}`);
	return {...previous, [parsed.name]: parsed.destination};
}

/** What a verb hands on of the hosts: the run's host overrides (`RunOptions.hosts`) and ssh configuration (`RunOptions.sshConfig`, absolute). */
export type HostFlags = {readonly hosts?: Readonly<Record<string, string>>; readonly sshConfig?: string};

/**
 * The run's hosts from `--host` over `RUNBOOK_HOSTS`, and its ssh
 * configuration from `--ssh-config` over `RUNBOOK_SSH_CONFIG`, resolved
 * against `cwd` (the frontmatter's `ssh-config:` is resolved against the
 * runbook's folder by `resolveHosts`, where the run starts). Exit 2 for a bad
 * `RUNBOOK_HOSTS` and for a configuration file that is not there.
 */
export function hostFlags(flags: {host?: Record<string, string>; sshConfig?: string}, env: NodeJS.ProcessEnv, cwd: string): HostFlags {
	const listed = parseHostsList(env[hostsVariable] ?? '');
	if ('error' in listed) throw new CommanderError(exitCodes.usage, 'runbook.host', `${hostsVariable}: ${listed.error}`);
	const hosts = {...listed.hosts, ...flags.host};
	const [given, from] = flags.sshConfig === undefined ? [env[sshConfigVariable] || undefined, sshConfigVariable] : [flags.sshConfig, '--ssh-config'];
	let sshConfig: string | undefined;
	if (given !== undefined) {
		sshConfig = path.resolve(cwd, given);
		if (given === '' || !existsSync(sshConfig) || !statSync(sshConfig).isFile()) throw new CommanderError(exitCodes.usage, 'runbook.ssh-config', `${from}: \`${given}\` is not a file`);
	}
	return {...(Object.keys(hosts).length > 0 ? {hosts} : {}), ...(sshConfig === undefined ? {} : {sshConfig})};
}
