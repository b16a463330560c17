// The document family of the `check` curve: runbooks/docker-network.md
// repeated until a size is reached, each copy with its own step ids and
// capture names, so that the whole still passes `runbook check`.

import {Buffer} from 'node:buffer';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {root, work} from './lib.js';

const source = path.join(root, 'runbooks', 'docker-network.md');

/** The sizes of the curve, in bytes, and their names: 100 KB, 400 KB, 1 MB, 4 MB (decimal). */
export const documentSizes = [
	{name: '100 KB', bytes: 100_000},
	{name: '400 KB', bytes: 400_000},
	{name: '1 MB', bytes: 1_000_000},
	{name: '4 MB', bytes: 4_000_000},
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Copy `i` of the runbook's body: every step id `{#id` becomes `{#id-cI` and every capture name
 * (a `{{name:` in the body) becomes `name_cI` wherever it stands as a word, so copies never
 * declare the same id or capture twice. The same rewrite as the generator of the figures.
 */
function copyOf(body, names, i) {
	let text = body.replace(/\{#([a-z0-9-]+)/g, (_, id) => `{#${id}-c${i}`);
	for (const name of names) text = text.replace(new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g'), `${name}_c${i}`);
	return text;
}

/**
 * Write bench/.work/doc-SIZE.md for each size: the front matter once, then copies of the body
 * until the document is at least that many bytes. Returns [{name, file, bytes}] (actual sizes).
 */
export function generateDocuments(sizes = documentSizes) {
	const text = readFileSync(source, 'utf8');
	const end = text.indexOf('\n---', 3);
	if (!text.startsWith('---') || end === -1) throw new Error(`${source}: no front matter to keep once`);
	const frontMatter = text.slice(0, end + 4);
	const body = text.slice(end + 4);
	const names = [...new Set([...body.matchAll(/\{\{([a-z_][a-z0-9_]*):/g)].map((match) => match[1]))];
	return sizes.map(({name, bytes}) => {
		const parts = [frontMatter];
		let total = Buffer.byteLength(frontMatter);
		for (let i = 0; total < bytes; i++) {
			const copy = copyOf(body, names, i);
			parts.push(copy);
			total += Buffer.byteLength(copy);
		}
		const file = path.join(work, `doc-${name.replace(/\s+/g, '').toLowerCase()}.md`);
		writeFileSync(file, parts.join(''));
		return {name, file, bytes: total};
	});
}
