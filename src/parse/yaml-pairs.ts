import {isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode} from 'yaml';

type Place = {readonly line: number; readonly column: number};

/**
 * One pair of a mapping as plain data (no YAML type leaves this module, nor
 * reaches the package's declarations): its key as text ('' for a key that is
 * no scalar), its value (a scalar's value, or the node of another value), and
 * where each is written. `merge`: a merge key's source that is no mapping
 * (`name` is `<<`, both places are the source's).
 */
export type MappingEntry = {readonly name: string; readonly value: unknown; readonly nameAt: Place; readonly valueAt: Place; readonly merge?: true};

type Pair = {readonly key: YamlNode | null; readonly value: YamlNode | null} | {readonly bad: YamlNode | null};

/** The node an alias (`*name`) names, or `node` itself. Never expands anything: an alias bomb costs one look-up. */
function resolveAlias(node: unknown, document: Document): YamlNode | null {
	if (isAlias(node)) return (node.resolve(document) as YamlNode | undefined) ?? null;
	return (node as YamlNode | null | undefined) ?? null;
}

/**
 * The entries of a YAML mapping (`node`, itself maybe an alias; `document`
 * its parsed document, for aliases), aliases read as the nodes they name,
 * and YAML 1.1's merge keys (`<<: *base`, `<<: [*a, *b]`) replaced by the
 * pairs of the mappings they name, as docker compose and GitLab CI read
 * them: the mapping's own keys win, and of the merged mappings the earlier
 * one. `placeOf` gives a node's place. Undefined when `node` is no mapping.
 */
export function mappingEntries(node: unknown, document: unknown, placeOf: (node: unknown) => Place): MappingEntry[] | undefined {
	const pairs = mappingPairs(node, document as Document, new Set());
	return pairs?.map((pair) => {
		if ('bad' in pair) return {name: '<<', value: undefined, nameAt: placeOf(pair.bad), valueAt: placeOf(pair.bad), merge: true as const};
		return {
			name: isScalar(pair.key) ? String(pair.key.value) : '',
			value: isScalar(pair.value) ? pair.value.value : pair.value,
			nameAt: placeOf(pair.key),
			valueAt: placeOf(pair.value ?? pair.key),
		};
	});
}

/** The pairs of `node`'s mapping, merges applied; each mapping is read once (a merge of its own mapping ends there). */
function mappingPairs(node: unknown, document: Document, seen: Set<unknown>): Pair[] | undefined {
	const map = resolveAlias(node, document);
	if (!isMap(map)) return undefined;
	seen.add(map);
	const own: Array<{key: YamlNode | null; value: YamlNode | null}> = [];
	const merged: Pair[] = [];
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
				else merged.push({bad: (source as YamlNode | null) ?? key});
			}
			continue;
		}
		own.push({key, value: resolveAlias(item.value, document)});
	}
	const name = (key: YamlNode | null) => (isScalar(key) ? String(key.value) : undefined);
	const taken = new Set(own.map((pair) => name(pair.key)));
	const kept = merged.filter((pair) => {
		if ('bad' in pair) return true;
		const key = name(pair.key);
		if (taken.has(key)) return false;
		taken.add(key);
		return true;
	});
	return [...own, ...kept];
}
