/**
 * Property: a text parsed in top-level pieces (`parseInPieces`) gives the
 * same tree as one parse of the whole, positions included, whatever blocks
 * stand around the places where it may split. Small pieces make it split
 * wherever it can.
 */
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {defaultPieceLength, parseInPieces} from '../../src/parse/chunks.js';
import {parseWhole} from '../../src/parse/markdown.js';
import {parseRunbook} from '../../src/parse/index.js';

/** Lines that open, hold or close blocks, including those that stay open across a blank line. */
const line = fc.constantFrom(
	'',
	'   ',
	'\t',
	'# Heading',
	'Setup',
	'text with *emphasis* and `code`',
	'===',
	'---',
	'- item',
	'  continued item',
	'1. first',
	'10) tenth',
	'* star',
	'+ plus',
	'> quoted',
	'>',
	'lazy line',
	'```sh',
	'```',
	'````',
	'~~~',
	'~~~ output',
	'    indented code',
	'\tindented code',
	'  ```sh',
	'<!-- runbook',
	'<!-- runbook {#n}',
	'<!-- runbook {host=node2} -->',
	'<!-- runbook {host=node2}',
	'## Sub-section',
	'-->',
	'<!-- note -->',
	'<div>',
	'</div>',
	'<pre>',
	'</pre>',
	'<script>',
	'</script>',
	'<?php',
	'?>',
	'| a | b |',
	'|---|---|',
	'| c | d |',
	'- [ ] task',
	'~~struck~~ www.example.com',
	'[^1] [link]',
	'echo hi',
	'$ echo hi',
	'title: x',
	'+++',
	'<![CDATA[',
	']]>',
	'[site]: https://example.com',
	'[Site]',
	'[text][SITE] and [site][]',
	'[^1]: a note',
	'[^1] and [^2]',
	'> [quoted]: /q',
	'[quoted] [listed]',
	'- [listed]: /l',
	'[multi',
	'line]: /m',
	'[multi line]',
	'[ünï]: /u',
	'[ÜNÏ]',
	'[a\\]b]: /e',
	'[a\\]b]',
);

/** Blank lines often, so that there are many places to split, and definitions stand where they can. */
const lineOrBlank = fc.oneof({arbitrary: fc.constant(''), weight: 2}, {arbitrary: line, weight: 5});

const document = fc
	.tuple(fc.array(lineOrBlank, {maxLength: 60, size: 'max'}), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean())
	.map(([lines, end, frontmatter, final]) => `${frontmatter ? `---${end}title: x${end}${end}` : ''}${lines.join(end)}${final ? end : ''}`);

describe('parsing in pieces', () => {
	it('gives the tree of one parse, positions included', () => {
		fc.assert(
			fc.property(document, fc.integer({min: 1, max: 40}), (text, pieceLength) => {
				expect(parseInPieces(text, parseWhole, pieceLength)).toEqual(parseWhole(text));
			}),
			{numRuns: 3000},
		);
	});

	it('gives the tree of one parse on the shipped runbooks, and reads a larger one in pieces', () => {
		for (const file of ['runbooks/docker-network.md', 'runbooks/linux-network-drivers.md', 'runbooks/tour.md']) {
			const text = readFileSync(file, 'utf8');
			for (const pieceLength of [1, 64, 1024]) {
				expect(parseInPieces(text, parseWhole, pieceLength)).toEqual(parseWhole(text));
			}
		}
		// Five copies of the Docker runbook: past twice the default piece length, so that parseRunbook itself reads it in pieces.
		const docker = readFileSync('runbooks/docker-network.md', 'utf8');
		const body = docker.slice(docker.indexOf('\n---', 3) + 4);
		const large = docker + body.repeat(4);
		expect(large.length).toBeGreaterThan(2 * defaultPieceLength);
		const whole = parseWhole(large);
		expect(parseInPieces(large, parseWhole)).toEqual(whole);
		expect(parseRunbook(large).runbook.steps.length).toBeGreaterThan(20);
	});

	it('gives a section\'s default host (`<!-- runbook {host=NAME} -->`) to its steps when the document is read in pieces', () => {
		// The section's comment and its later steps stand pieces apart; a sub-section sets its own, and the next section ends both.
		const filler = (count: number) => 'A paragraph of notes between the steps.\n\n'.repeat(count);
		const text = [
			'---\nhosts:\n  node1: root@10.0.0.1\n  node2: root@10.0.0.2\n---\n# Title\n\n',
			'## One\n\n<!-- runbook {host=node1} -->\n\n',
			filler(400),
			'```sh\necho one\n```\n\n',
			'### One, sub\n\n<!-- runbook {host=node2} -->\n\n',
			filler(400),
			'```sh\necho sub\n```\n\n',
			'### One, other sub\n\n',
			filler(400),
			'```sh {host=local}\necho own\n```\n\n```sh\necho inherited\n```\n\n',
			'## Two\n\n',
			filler(400),
			'```sh\necho two\n```\n',
		].join('');
		expect(text.length).toBeGreaterThan(8 * defaultPieceLength);
		const pieces: string[] = [];
		parseInPieces(text, (piece) => (pieces.push(piece), parseWhole(piece)));
		expect(pieces.length).toBeGreaterThan(4);
		const {runbook, diagnostics} = parseRunbook(text);
		expect(diagnostics).toEqual([]);
		expect(runbook.steps.map((step) => [step.command, step.attributes.host])).toEqual([
			['echo one', 'node1'],
			['echo sub', 'node2'],
			['echo own', 'local'],
			['echo inherited', 'node1'],
			['echo two', undefined],
		]);
	});

	it('parses a text that may hold a definition, or starts with a byte-order mark, whole', () => {
		const padding = 'paragraph\n\n'.repeat(20);
		for (const text of [`[site]\n\n${padding}[site]: https://example.com\n`, `[ ^x]: https://example.com\n\n${padding}# Install [^x]\n`, `\uFEFF# Title\n\n${padding}---\n`]) {
			const parsed: string[] = [];
			const tree = parseInPieces(text, (piece) => (parsed.push(piece), parseWhole(piece)), 8);
			expect(parsed).toEqual([text]);
			expect(tree).toEqual(parseWhole(text));
		}
	});

});
