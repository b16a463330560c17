/**
 * Hosts in odd and hostile documents: what a mistyped section comment, a host
 * name that reads as `local`, or YAML's own devices in `hosts:` give. A step
 * meant for another host never runs on this machine without an error.
 */
import {describe, expect, it} from 'vitest';
import {parseRunbook} from '../../src/parse/index.js';

const frontmatter = '---\nhosts:\n  node1: root@10.0.0.1\n---\n# T\n\n';

/** The steps' hosts (`-`: none, this machine) and the diagnostics as `line:col rule`. */
function read(text: string) {
	const {runbook, diagnostics} = parseRunbook(text);
	return {hosts: runbook.steps.map((step) => step.attributes.host ?? '-'), diagnostics: diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`), messages: diagnostics.map((d) => d.message)};
}

describe('a `<!-- runbook` comment that is neither a hidden step nor a section\'s host', () => {
	it.each([
		['a brace too many', '<!-- runbook {host=node1}} -->'],
		['no braces', '<!-- runbook host=node1 -->'],
		['its attributes on the next line', '<!-- runbook\n{host=node1} -->'],
		['a colon after runbook', '<!-- runbook: {host=node1} -->'],
		['prose in it', '<!-- runbook {host=node1} the rest runs on node1 -->'],
	])('is an error at the comment, not prose (%s)', (_, comment) => {
		const read1 = read(`${frontmatter}${comment}\n\n\`\`\`sh\necho a\n\`\`\`\n`);
		expect(read1.diagnostics).toEqual(['7:1 hidden-step']);
		expect(read1.messages[0]).toContain('`<!-- runbook {host=NAME} -->`');
	});

	it('is an error in upper or mixed case too, when attributes follow', () => {
		for (const head of ['RUNBOOK', 'Runbook']) {
			const read1 = read(`${frontmatter}<!-- ${head} {host=node1} -->\n\n\`\`\`sh\necho a\n\`\`\`\n`);
			expect(read1.diagnostics).toEqual(['7:1 hidden-step']);
			expect(read1.messages[0]).toContain('lower case');
		}
	});

	it('leaves other comments alone', () => {
		for (const comment of ['<!-- RUNBOOK owner: team ops -->', '<!-- runbooks {host=node1} -->', '<!-- see the runbook {host=x} -->']) {
			expect(read(`${frontmatter}${comment}\n\n\`\`\`sh\necho a\n\`\`\`\n`).diagnostics).toEqual([]);
		}
	});
});

describe('`local` in another case', () => {
	it('is no host name in `hosts:`, nor in a step\'s or a section\'s `host=`', () => {
		const text = '---\nhosts:\n  LOCAL: root@10.0.0.1\n  Local: local\n---\n# T\n\n```sh {host=Local}\necho a\n```\n\n## S\n<!-- runbook {host=LOCAL} -->\n\n```sh\necho b\n```\n';
		const got = read(text);
		expect(got.diagnostics).toEqual(['3:3 frontmatter-value', '4:3 frontmatter-value', '8:8 attribute-value', '13:15 attribute-value']);
		for (const message of got.messages) expect(message).toMatch(/`(LOCAL|Local)` is not `local`/);
		// Neither step goes to a host that only looks like this machine.
		expect(got.hosts).toEqual(['-', '-']);
	});

	it('is no destination: `local` (this machine) is written in lower case', async () => {
		const {parseDestination} = await import('../../src/parse/destination.js');
		for (const written of ['LOCAL', 'Local']) {
			const parsed = parseDestination(written);
			expect(parsed.kind).toBe('error');
			expect(parsed.kind === 'error' && parsed.error).toContain(`\`${written}\` is not \`local\``);
		}
	});
});

describe('YAML anchors, aliases and merge keys in `hosts:`', () => {
	const steps = '# T\n\n```sh {host=node1}\necho a\n```\n\n```sh {host=node2}\necho b\n```\n';

	it('reads an alias as the value it names: a destination, or the whole mapping', () => {
		const one = parseRunbook(`---\nx-lab: &root root@10.0.0.1\nhosts:\n  node1: *root\n  node2: root@10.0.0.2\n---\n${steps}`);
		expect(one.diagnostics).toEqual([]);
		expect(one.runbook.options.hosts).toEqual({node1: 'root@10.0.0.1', node2: 'root@10.0.0.2'});
		const whole = parseRunbook(`---\nx-lab: &lab\n  node1: root@10.0.0.1\n  node2: lab-node2\nhosts: *lab\n---\n${steps}`);
		expect(whole.diagnostics).toEqual([]);
		expect(whole.runbook.options.hosts).toEqual({node1: 'root@10.0.0.1', node2: 'lab-node2'});
	});

	it('reads merge keys (`<<`) as docker compose does: the mapping\'s own keys win', () => {
		const merged = parseRunbook(`---\nx-lab: &lab\n  node1: root@10.0.0.1\n  node2: root@10.0.0.2\nx-more: &more\n  node3: root@10.0.0.3\nhosts:\n  <<: [*lab, *more]\n  node2: staging-node2\n---\n${steps}`);
		expect(merged.diagnostics).toEqual([]);
		expect(merged.runbook.options.hosts).toEqual({node1: 'root@10.0.0.1', node2: 'staging-node2', node3: 'root@10.0.0.3'});
	});

	it('reports a bad destination behind an alias where it is written', () => {
		const {diagnostics} = parseRunbook(`---\nx-bad: &bad -oProxyCommand=sh\nhosts:\n  node1: *bad\n---\n${steps}`);
		expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['2:13 frontmatter-value', '12:8 unknown-host']);
		expect(diagnostics[0]?.message).toContain('bad value for `hosts.node1`: bad destination `-oProxyCommand=sh`');
	});

	it('refuses a merge key that names no mapping, at what it names', () => {
		const {diagnostics} = parseRunbook(`---\nx: &x root@10.0.0.1\nhosts:\n  <<: *x\n  node1: a\n  node2: b\n---\n${steps}`);
		expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['4:7 frontmatter-value']);
		expect(diagnostics[0]?.message).toContain('`<<`');
	});
});

describe('a frontmatter that is not valid YAML', () => {
	it('gives its own error, not an unknown-host error at every host= (its hosts: could not be read)', () => {
		const got = read('---\nhosts:\n  node1: root@10.0.0.1\n  node1: root@10.0.0.2\n---\n# T\n\n```sh {host=node1}\necho a\n```\n');
		expect(got.diagnostics).toEqual(['4:3 frontmatter-yaml']);
	});
});

describe('unknown-host errors in a document of many hosts or long names (each file is read in time linear in its size)', () => {
	const hostsOf = (names: readonly string[]) => `---\nhosts:\n${names.map((name) => `  ${name}: root@10.0.0.1\n`).join('')}---\n# T\n\n`;
	const stepsOn = (names: readonly string[]) => names.map((name) => `\`\`\`sh {host=${name}}\necho a\n\`\`\`\n\n`).join('');

	it('names at most 20 hosts in a message and counts the others (a message stays one line)', () => {
		const hosts = Array.from({length: 30}, (_, i) => `web${String(i).padStart(2, '0')}`);
		const {diagnostics} = parseRunbook(hostsOf(hosts) + stepsOn(['db1']));
		expect(diagnostics).toHaveLength(1);
		expect(diagnostics[0]?.message).toBe(
			`unknown host \`db1\`; known: \`local\`, ${hosts
				.slice(0, 19)
				.map((name) => `\`${name}\``)
				.join(', ')} and 11 more (declare it in the frontmatter's \`hosts:\`, or give --host db1=DESTINATION)`,
		);
	});

	it('gives no "did you mean" for a name past 64 characters (comparing long names costs their lengths\' product)', () => {
		const long = 'a'.repeat(100);
		const {diagnostics} = parseRunbook(hostsOf([long]) + stepsOn([`${long}x`]));
		expect(diagnostics.map((d) => d.rule)).toEqual(['unknown-host']);
		expect(diagnostics[0]?.message).not.toContain('did you mean');
	});

	it('gives a "did you mean" to the first 100 different unknown names only (each is compared with every host)', () => {
		const unknown = Array.from({length: 101}, (_, i) => `nod${i}`);
		const {diagnostics} = parseRunbook(hostsOf(Array.from({length: 101}, (_, i) => `node${i}`)) + stepsOn([...unknown, 'nod0']));
		expect(diagnostics).toHaveLength(102);
		expect(diagnostics.slice(0, 100).every((d) => d.message.includes('did you mean'))).toBe(true);
		expect(diagnostics[100]?.message).not.toContain('did you mean');
		// A name used again has the message of its first use.
		expect(diagnostics[101]?.message).toBe(diagnostics[0]?.message);
	});
});

describe('a `<!-- runbook` comment inside a line of text', () => {
	it.each([
		['a heading', '# T <!-- runbook {host=node1} -->\n\n', '5:5'],
		['a paragraph', '# T\n\nOn node1: <!-- runbook {host=node1} -->\n\n', '7:11'],
		['emphasis', '# T\n\n*On node1 <!-- runbook {host=node1} -->*\n\n', '7:11'],
		['a table cell', '# T\n\n| a |\n|---|\n| <!-- runbook {host=node1} --> |\n\n', '9:3'],
	])('is an error at it, in %s (it is not read: the steps after it would run on this machine)', (_, text, at) => {
		const got = read(`---\nhosts:\n  node1: root@10.0.0.1\n---\n${text}\`\`\`sh\necho a\n\`\`\`\n`);
		expect(got.diagnostics).toEqual([`${at} hidden-step`]);
		expect(got.messages[0]).toContain('on a line of its own');
	});

	it('leaves other inline comments, and a `<!-- runbook` in code, alone', () => {
		expect(read(`${frontmatter}Text <!-- a note --> and \`<!-- runbook {host=node1} -->\`.\n\n\`\`\`sh\necho a\n\`\`\`\n`).diagnostics).toEqual([]);
	});
});

describe('a `<!-- runbook` comment inside another HTML block', () => {
	it('is an error at it (the block holds it as text: the steps after it would run on this machine)', () => {
		const got = read(`${frontmatter}<details>\n<summary>On node1</summary>\n<!-- runbook {host=node1} -->\n\n\`\`\`sh\necho a\n\`\`\`\n\n</details>\n`);
		expect(got.diagnostics).toEqual(['9:1 hidden-step']);
		expect(got.messages[0]).toContain('HTML block');
	});

	it('leaves an HTML block without one alone', () => {
		expect(read(`${frontmatter}<details>\n<summary>Notes <!-- a note --></summary>\n\n\`\`\`sh\necho a\n\`\`\`\n\n</details>\n`).diagnostics).toEqual([]);
	});
});
