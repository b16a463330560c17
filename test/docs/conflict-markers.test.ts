import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {root} from '../e2e/cli.js';

/** The Markdown a reader or the package sees: the README, the format, the benchmarks, the shipped runbooks. */
const documents = ['README.md', 'bench/README.md', ...['docs', 'runbooks'].flatMap((dir) => readdirSync(path.join(root, dir)).filter((name) => name.endsWith('.md')).map((name) => `${dir}/${name}`))];

describe('the documents', () => {
	it('hold no merge-conflict markers', () => {
		const found = documents.flatMap((file) =>
			readFileSync(path.join(root, file), 'utf8')
				.split('\n')
				.flatMap((line, index) => (/^(<{7}|={7}|>{7})( |$)/.test(line) ? [`${file}:${index + 1}: ${line}`] : [])),
		);
		expect(documents.length).toBeGreaterThan(4);
		expect(found).toEqual([]);
	});
});
