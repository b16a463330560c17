import {resolveHosts} from '../../hosts.js';
import {localHost, type Runbook} from '../../model.js';
import type {RunOptions} from '../run-types.js';

/** Where a host name leads: `local` (a shell on this machine) or an SSH destination, with the ssh configuration to read. */
export type HostPlace = {readonly destination: string; readonly sshConfig?: string};

/**
 * The run's hosts by name (`resolveHosts`: the runbook's `hosts:` and
 * `ssh-config:` under the run's overrides), `local` always this machine.
 */
export function runHosts(runbook: Runbook, options: Pick<RunOptions, 'hosts' | 'sshConfig' | 'file'>): ReadonlyMap<string, HostPlace> {
	const {hosts, sshConfig} = resolveHosts(runbook, options, options.file);
	const places = new Map<string, HostPlace>([[localHost, {destination: localHost}]]);
	for (const [name, destination] of Object.entries(hosts)) places.set(name, {destination, ...(sshConfig === undefined ? {} : {sshConfig})});
	return places;
}

/** Whether a destination is this machine (a local shell, not ssh). */
export const isLocalDestination = (place: HostPlace) => place.destination === localHost;
