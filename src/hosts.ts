/**
 * The hosts of a run: the runbook's `hosts:` and `ssh-config:`, with the
 * run's overrides (`--host`, `RUNBOOK_HOSTS`, `--ssh-config`,
 * `RUNBOOK_SSH_CONFIG`) over them. Pure (paths are computed, never read).
 */
import path from 'node:path';
import {localHost, type Runbook} from './model.js';
import {hostNameProblem, parseDestination} from './parse/destination.js';

/** The environment variable of host overrides: `NAME=DEST` pairs separated by blanks or commas. */
export const hostsVariable = 'RUNBOOK_HOSTS';
/** The environment variable of the ssh configuration file, under `--ssh-config`. */
export const sshConfigVariable = 'RUNBOOK_SSH_CONFIG';

/** The hosts a run uses: name → destination as written (never the key {@link localHost}), and ssh's `-F` file, an absolute path. */
export type RunHosts = {readonly hosts: Readonly<Record<string, string>>; readonly sshConfig?: string};

/**
 * The hosts of a run of `runbook` (from `file`, its path, absolute or
 * relative to the process's folder): its `hosts:`, each overridden by
 * `options.hosts` (the run's `--host` and `RUNBOOK_HOSTS`, already merged,
 * `--host` winning), which may define more names; and the ssh configuration:
 * `options.sshConfig` (absolute), else the frontmatter's `ssh-config:`
 * resolved against the runbook's folder, else none. A host whose destination
 * is `local` stays in `hosts` (its steps run on this machine, in a session
 * of their own name). Names a run gives are validated where they are read
 * (`parseHostAssignment`); `local` is never a key of the result.
 */
export function resolveHosts(runbook: Pick<Runbook, 'options'>, options: {readonly hosts?: Readonly<Record<string, string>>; readonly sshConfig?: string}, file: string): RunHosts {
	const hosts: Record<string, string> = {...runbook.options.hosts, ...options.hosts};
	delete hosts[localHost];
	const written = runbook.options.sshConfig;
	const sshConfig = options.sshConfig ?? (written === undefined ? undefined : path.resolve(path.dirname(path.resolve(file)), written));
	return sshConfig === undefined ? {hosts} : {hosts, sshConfig};
}

/** One `NAME=DESTINATION` of `--host` or `RUNBOOK_HOSTS`, or why it is refused (a sentence). */
export function parseHostAssignment(text: string): {readonly name: string; readonly destination: string} | {readonly error: string} {
	const equals = text.indexOf('=');
	if (equals <= 0) return {error: `expected NAME=DESTINATION, such as node1=root@10.0.0.1, not \`${text}\``};
	const name = text.slice(0, equals);
	const destination = text.slice(equals + 1);
	const nameProblem = hostNameProblem(name);
	if (nameProblem) return {error: nameProblem};
	const parsed = parseDestination(destination);
	if (parsed.kind === 'error') return {error: parsed.error};
	return {name, destination};
}

/**
 * `RUNBOOK_HOSTS`: `NAME=DEST` pairs separated by blanks or commas
 * (`node1=root@10.0.0.1 node2=alias`), later ones winning; empty or unset
 * is none. Why it is refused, naming the pair, otherwise.
 */
export function parseHostsList(value: string): {readonly hosts: Record<string, string>} | {readonly error: string} {
	const hosts: Record<string, string> = {};
	for (const pair of value.split(/[\s,]+/).filter(Boolean)) {
		const parsed = parseHostAssignment(pair);
		if ('error' in parsed) return {error: `\`${pair}\`: ${parsed.error}`};
		hosts[parsed.name] = parsed.destination;
	}
	return {hosts};
}
