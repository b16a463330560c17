import {hostNameProblem, parseDestination} from './destination.js';
import type {Report} from './diagnostics.js';

type Place = {readonly line: number; readonly column: number};

/** One pair of the `hosts:` mapping: its key as text, its value as YAML gave it (a string, or another value), and where each stands. */
export type HostEntry = {readonly name: string; readonly value: unknown; readonly nameAt: Place; readonly valueAt: Place};

/**
 * Read `hosts:`, a mapping of host names to SSH destinations (`entries`;
 * undefined when the value is no mapping: an error at `at`). A bad name (one
 * `hostNameProblem` refuses, `local` included) is `frontmatter-value` at the
 * key, a bad destination (`parseDestination`) at the value; neither is kept.
 * The well-formed names go into `declared` either way, so that a step naming
 * a host whose destination is wrong gets that one error, not an
 * `unknown-host` besides. The hosts, each destination as written.
 */
export function readHosts(entries: readonly HostEntry[] | undefined, at: Place, report: Report, declared?: Set<string>): Record<string, string> | undefined {
	if (entries === undefined) {
		report('bad value for `hosts` (expected a mapping of host names to ssh destinations, such as `node1: root@10.0.0.1`)', at, 'frontmatter-value');
		return undefined;
	}
	const hosts: Record<string, string> = {};
	for (const {name, value, nameAt, valueAt} of entries) {
		const nameProblem = hostNameProblem(name);
		if (nameProblem) {
			report(`bad host in \`hosts\`: ${nameProblem}`, nameAt, 'frontmatter-value');
			continue;
		}
		declared?.add(name);
		if (typeof value !== 'string') {
			report(`bad value for \`hosts.${name}\` (expected an ssh destination: \`user@host\`, \`host\`, \`ssh://user@host:port\`, an alias of the ssh configuration, or \`local\`)`, valueAt, 'frontmatter-value');
			continue;
		}
		const destination = parseDestination(value);
		if (destination.kind === 'error') {
			report(`bad value for \`hosts.${name}\`: ${destination.error}`, valueAt, 'frontmatter-value');
			continue;
		}
		hosts[name] = value;
	}
	return hosts;
}
