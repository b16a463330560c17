import {isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode} from 'yaml';

/** One pair of a mapping: its key and value nodes, aliases read as the nodes they name. */
export type YamlPair = {readonly key: YamlNode | null; readonly value: YamlNode | null};

/** What a merge key (`<<`) names that is no mapping: the node as written (`*x`, `5`), for its place. */
export type BadMerge = {readonly bad: 'merge'; readonly key: YamlNode};

/** The node an alias (`*name`) names, or `node` itself. Never expands anything: an alias bomb costs one look-up. */
export function resolveAlias(node: unknown, document: Document): YamlNode | null {
	if (isAlias(node)) return (node.resolve(document) as YamlNode | undefined) ?? null;
	return (node as YamlNode | null | undefined) ?? null;
}

/**
 * The pairs of a YAML mapping (`node`, itself maybe an alias), aliases read
 * as the nodes they name, and YAML 1.1's merge keys (`<<: *base`,
 * `<<: [*a, *b]`) replaced by the pairs of the mappings they name, as
 * docker compose and GitLab CI read them: the mapping's own keys win, and of
 * the merged mappings the earlier one. What a merge key names that is no
 * mapping is a {@link BadMerge} among the pairs. Undefined when `node` is no mapping.
 * Each mapping is read once (a merge that names its own mapping ends there).
 */
export function mappingPairs(node: unknown, document: Document, seen = new Set<unknown>()): Array<YamlPair | BadMerge> | undefined {
	const map = resolveAlias(node, document);
	if (!isMap(map)) return undefined;
	seen.add(map);
	const own: YamlPair[] = [];
	const merged: Array<YamlPair | BadMerge> = [];
	for (const item of map.items) {
		const key = resolveAlias(item.key, document);
		if (isScalar(key) && key.value === '<<' && !isAlias(item.key)) {
			const value = resolveAlias(item.value, document);
			const sources = isSeq(value) ? value.items : [item.value];
			for (const source of sources) {
				const target = resolveAlias(source, document);
				if (seen.has(target)) continue;
				const pairs = mappingPairs(target, document, seen);
				if (pairs) merged.push(...pairs);
				else merged.push({bad: 'merge', key: (source as YamlNode | null) ?? key});
			}
			continue;
		}
		own.push({key, value: resolveAlias(item.value, document)});
	}
	const name = (pair: YamlPair) => (isScalar(pair.key) ? String(pair.key.value) : undefined);
	const taken = new Set(own.map(name));
	const kept = merged.filter((pair) => {
		if ('bad' in pair) return true;
		const key = name(pair);
		if (taken.has(key)) return false;
		taken.add(key);
		return true;
	});
	return [...own, ...kept];
}
