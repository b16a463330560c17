import {isMap, isScalar, type Node as YamlNode} from 'yaml';
import type {RunbookOptions} from '../model.js';
import {hostNameProblem, parseDestination} from './destination.js';
import type {Report} from './diagnostics.js';

/** What reading `hosts:` needs of the frontmatter's reader. */
export type HostsContext = {
	readonly report: Report;
	readonly placeOf: (node: YamlNode | null | undefined) => {line: number; column: number};
	/** Filled with every well-formed name of `hosts:`, its destination good or not. */
	readonly declared?: Set<string> | undefined;
};

/**
 * Read `hosts:`, a mapping of host names to SSH destinations, into
 * `options.hosts`. A bad name (one `hostNameProblem` refuses, `local`
 * included) is `frontmatter-value` at the key, a bad destination
 * (`parseDestination`) at the value; neither is kept. The names are kept in
 * `declared` either way, so that a step naming a host whose destination is
 * wrong gets that one error, not an `unknown-host` besides.
 */
export function readHostsKey(valueNode: YamlNode | null, options: {-readonly [K in keyof RunbookOptions]: RunbookOptions[K]}, context: HostsContext): void {
	if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) {
		options.hosts = {};
		return;
	}
	if (!isMap(valueNode)) {
		context.report('bad value for `hosts` (expected a mapping of host names to ssh destinations, such as `node1: root@10.0.0.1`)', context.placeOf(valueNode), 'frontmatter-value');
		return;
	}
	const hosts: Record<string, string> = {};
	for (const item of valueNode.items) {
		const keyNode = item.key as YamlNode | null;
		const name = isScalar(keyNode) ? String(keyNode.value) : '';
		const nameProblem = hostNameProblem(name);
		if (nameProblem) {
			context.report(`bad host in \`hosts\`: ${nameProblem}`, context.placeOf(keyNode), 'frontmatter-value');
			continue;
		}
		context.declared?.add(name);
		const itemValue = item.value as YamlNode | null;
		const written = isScalar(itemValue) && typeof itemValue.value === 'string' ? itemValue.value : undefined;
		if (written === undefined) {
			context.report(`bad value for \`hosts.${name}\` (expected an ssh destination: \`user@host\`, \`host\`, \`ssh://user@host:port\`, an alias of the ssh configuration, or \`local\`)`, context.placeOf(itemValue ?? keyNode), 'frontmatter-value');
			continue;
		}
		const destination = parseDestination(written);
		if (destination.kind === 'error') {
			context.report(`bad value for \`hosts.${name}\`: ${destination.error}`, context.placeOf(itemValue), 'frontmatter-value');
			continue;
		}
		hosts[name] = written;
	}
	options.hosts = hosts;
}
