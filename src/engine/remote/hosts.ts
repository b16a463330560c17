import path from 'node:path';
import {localHost, type Runbook} from '../../model.js';
import type {RunOptions} from '../run-types.js';

/** Where a host name leads: `local` (a shell on this machine) or an SSH destination, with the ssh configuration to read. */
export type HostPlace = {readonly destination: string; readonly sshConfig?: string};

/**
 * The run's hosts by name: the runbook's `hosts:`, with the run's `--host`
 * overrides winning (`RunOptions.hosts`), and `local` always this machine.
 * The ssh configuration is `--ssh-config` (absolute), else the runbook's
 * `ssh-config:` joined to the runbook's folder, else none (the user's own).
 */
export function runHosts(runbook: Runbook, options: Pick<RunOptions, 'hosts' | 'sshConfig' | 'file'>): ReadonlyMap<string, HostPlace> {
	const fromRunbook = runbook.options.sshConfig === undefined ? undefined : path.resolve(path.dirname(options.file), runbook.options.sshConfig);
	const sshConfig = options.sshConfig ?? fromRunbook;
	const hosts = new Map<string, HostPlace>([[localHost, {destination: localHost}]]);
	for (const [name, destination] of Object.entries({...runbook.options.hosts, ...options.hosts})) {
		if (name !== localHost) hosts.set(name, {destination, ...(sshConfig === undefined ? {} : {sshConfig})});
	}
	return hosts;
}

/** Whether a destination is this machine (a local shell, not ssh). */
export const isLocalDestination = (place: HostPlace) => place.destination === localHost;
