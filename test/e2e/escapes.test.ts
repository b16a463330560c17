import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {load} from 'js-yaml';
import {Parser, type Result} from 'tap-parser';
import {afterEach, describe, expect, it} from 'vitest';
import {readXml} from '../xml.js';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const esc = '\u001b';
const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\`\n\n`;

/**
 * A runbook whose text and output hold what terminals act on and what XML and
 * YAML forbid: ESC[2J (clear the screen) in its title, in a command and in an
 * attribute value; steps that print U+FFFE, NUL, ESC[2J, a C1 CSI (U+009B), a
 * TAP test line and a YAML end marker.
 */
const hostile = [
	`# Hostile ${esc}[2J title\n\n`,
	fence('sh {#prints}', "printf 'a\\357\\277\\276b\\000c\\033[2Jd\\n'"),
	fence('output', 'expected'),
	fence('sh {#raw stderr=separate}', `printf 'x\\357\\277\\276y\\000z\\033[2J\\302\\233w\\n'; printf 'e\\033[2Jrr\\n' >&2; : '${esc}[2J'; false`),
	fence(`sh {skip="not ${esc}[2J today"}`, 'echo no'),
	fence('sh {#colour ansi=keep}', "printf '\\033[31mred\\033[0m\\n'"),
	fence('output', 'red'),
	fence('sh {#lies}', "printf 'not ok 7 - forged\\n  ...\\n1..1\\nBail out! forged\\n\\357\\277\\276\\n'; false"),
].join('');

// What the raw step prints, exactly.
const rawOutput = 'x\ufffey\u0000z\u001b[2J\u009bw\n';

/** A control character a terminal acts on (C0 but tab and newline, DEL, C1). */
// eslint-disable-next-line no-control-regex
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function hostileCopy(): string {
	const dir = fixtureCopy();
	writeFileSync(path.join(dir, 'hostile.md'), hostile);
	return dir;
}

describe('JUnit XML is well-formed whatever the runbook and its output hold', () => {
	it('a step printing U+FFFE, NUL and ESC, and ESC in a title and an attribute value: libxml2 reads it, each shown as its escape', async () => {
		const ran = runbook(['test', '--reporter', 'junit', 'hostile.md'], {cwd: hostileCopy()});
		expect(ran.code).toBe(1);
		const xml = await readXml(ran.stdout);
		expect(xml.errors).toEqual([]);
		expect(ran.stdout).not.toMatch(rawControl);
		expect(xml.canonical).toContain('classname="hostile.md › Hostile \\x1b[2J title" file="hostile.md" line="11" name="raw"');
		expect(xml.canonical).toContain(`: '\\x1b[2J'; false\n${rawOutput.replace('\ufffe', '\\ufffe').replace('\u0000', '\\x00').replace(esc, '\\x1b').replace('\u009b', '\\x9b')}`);
		expect(xml.canonical).toContain('<skipped>hostile.md:15: not \\x1b[2J today</skipped>');
		expect(xml.canonical).toContain('+a\\ufffebcd');
	});

	it('an attribute value keeps its lines: a failed check as <error>, one diagnostic a line', async () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'bad.md'), `# Bad\n\n${fence(`sh {timeout=${esc}[2J}`, 'true')}${fence('sh {retry=x}', 'true')}`);
		const ran = runbook(['test', '--reporter', 'junit', 'bad.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		const xml = await readXml(ran.stdout);
		expect(xml.errors).toEqual([]);
		expect(xml.canonical).toContain(
			'<error message="bad.md:3:8: bad value for `timeout`: `\\x1b[2J` (expected a duration such as 500ms, 30s, 2m or 1m30s) [attribute-value]&#xA;bad.md:7:8: bad value for `retry`: `x` (expected a duration such as 500ms, 30s, 2m or 1m30s) [attribute-value]" type="check-failed">',
		);
	});
});

/** The test points a TAP parser reads, and its summary. */
function readTap(text: string): Promise<{points: Result[]; ok: boolean; count: number; bailout: boolean | string}> {
	return new Promise((resolve) => {
		const points: Result[] = [];
		const parser = new Parser((results) => resolve({points, ok: results.ok, count: results.count, bailout: results.bailout}));
		parser.on('assert', (point: Result) => points.push(point));
		parser.end(text);
	});
}

/** The YAML blocks of a TAP document, as text. */
function yamlBlocks(tap: string): string[] {
	return [...tap.matchAll(/^ {2}---\n([\s\S]*?)^ {2}\.\.\.$/gm)].map((match) => match[1] ?? '');
}

describe('TAP stays TAP, and its diagnostics stay YAML', () => {
	it("output holding a TAP test line, a YAML end marker, `Bail out!` and U+FFFE: the parser reads the runbook's points only, and every block is YAML 1.2", async () => {
		const ran = runbook(['test', '--reporter', 'tap', 'hostile.md'], {cwd: hostileCopy()});
		expect(ran.code).toBe(1);
		expect(ran.stdout).not.toMatch(rawControl);
		const tap = await readTap(ran.stdout);
		expect(tap.bailout).toBe(false);
		expect(tap.count).toBe(5);
		expect(tap.points.map((point) => [point.id, point.ok, point.name])).toEqual([
			[1, false, 'hostile.md › Hostile \\x1b[2J title › prints'],
			[2, false, 'hostile.md › Hostile \\x1b[2J title › raw'],
			[3, true, 'hostile.md › Hostile \\x1b[2J title › hostile-2j-title-3'],
			[4, false, 'hostile.md › Hostile \\x1b[2J title › colour'],
			[5, false, 'hostile.md › Hostile \\x1b[2J title › lies'],
		]);
		expect(tap.points[2]?.skip).toBe('not \\x1b[2J today');
		const blocks = yamlBlocks(ran.stdout);
		expect(blocks).toHaveLength(4);
		// js-yaml refuses what YAML forbids (U+FFFE, control characters), which the `yaml` package reads.
		const read = blocks.map((block) => load(block.replace(/^ {2}/gm, '')) as Record<string, unknown>);
		expect(read[1]?.output).toBe('x\\ufffey\\x00z\\x1b[2J\\x9bw\n');
		expect(read[3]?.output).toBe('not ok 7 - forged\n  ...\n1..1\nBail out! forged\n\\ufffe\n');
	});
});

describe('JSON keeps every string exactly, with nothing raw that a terminal acts on', () => {
	it('a step printing NUL, ESC and a C1 CSI: `\\u` escapes, and the value read back is the output', () => {
		const ran = runbook(['test', '--reporter', 'json', 'hostile.md'], {cwd: hostileCopy()});
		expect(ran.code).toBe(1);
		expect(ran.stdout).not.toMatch(rawControl);
		expect(ran.stdout).toContain('"output": "x\\ufffey\\u0000z\\u001b[2J\\u009bw\\n"');
		const document = JSON.parse(ran.stdout) as {runbooks: Array<{title: string; steps: Array<{name: string; output: string}>}>};
		expect(document.runbooks[0]?.title).toBe(`Hostile ${esc}[2J title`);
		expect(document.runbooks[0]?.steps.find((step) => step.name === 'raw')?.output).toBe(rawOutput);
	});
});

describe('what a person reads shows control characters as escapes, never raw', () => {
	const pretty = [
		'Hostile \\x1b[2J title (hostile.md)',
		'  ✗ Hostile \\x1b[2J title › prints (0ms)',
		"    $ printf 'a\\357\\277\\276b\\000c\\033[2Jd\\n'",
		'    output differs from the expected output',
		'    - expected  + actual',
		'    @@ -1,1 +1,1 @@',
		'    -expected',
		'    +a\\ufffebcd',
		'  ✗ Hostile \\x1b[2J title › raw (0ms)',
		"    $ printf 'x\\357\\277\\276y\\000z\\033[2J\\302\\233w\\n'; printf 'e\\033[2Jrr\\n' >&2; : '\\x1b[2J'; false",
		'    exit status 1, expected 0',
		'    output (last lines):',
		// The C1 CSI and `w` are one escape sequence (`CSI w`): a terminal shows neither.
		'    x\\ufffeyz',
		'    stderr:',
		'    err',
		'  ↷ Hostile \\x1b[2J title › hostile-2j-title-3 not \\x1b[2J today',
		'  ✗ Hostile \\x1b[2J title › colour (0ms)',
		"    $ printf '\\033[31mred\\033[0m\\n'",
		'    output differs from the expected output',
		'    - expected  + actual',
		'    @@ -1,1 +1,1 @@',
		'    -red',
		'    +\\x1b[31mred\\x1b[0m',
		'  ✗ Hostile \\x1b[2J title › lies (0ms)',
	];

	it('pretty: titles, commands, skip reasons and diffs escaped; output and stderr as a terminal shows them', () => {
		const ran = runbook(['test', 'hostile.md'], {cwd: hostileCopy()});
		expect(ran.code).toBe(1);
		expect(ran.stdout + ran.stderr).not.toMatch(rawControl);
		expect(ran.stdout.replace(/\(\d+ms\)/g, '(0ms)').split('\n').slice(0, pretty.length)).toEqual(pretty);
	});

	it('pretty in colour: the only escape sequences are its own colours', () => {
		const ran = runbook(['test', 'hostile.md'], {cwd: hostileCopy(), env: {NO_COLOR: '', FORCE_COLOR: '1'}});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toContain(`${esc}[31m`);
		const ownColours = new RegExp(`${esc}\\[(?:1|2|22|31|32|33|36|39)m`, 'g');
		expect(ran.stdout.replace(ownColours, '')).not.toMatch(rawControl);
		expect(ran.stdout.replace(ownColours, '')).toContain('Hostile \\x1b[2J title (hostile.md)');
	});

	it('check: a value, a pattern and a key quoted from the file are escaped', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'bad.md'), `# Bad\n\n${fence(`sh {timeout=${esc}[2J}`, 'echo')}${fence('output', `{{x:${esc}]0;owned${esc}\\}}`)}${fence(`sh {a${esc}[2Jb}`, 'echo')}`);
		const ran = runbook(['check', 'bad.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stdout + ran.stderr).not.toMatch(rawControl);
		expect(ran.stdout).toBe(
			[
				'bad.md:3:8: bad value for `timeout`: `\\x1b[2J` (expected a duration such as 500ms, 30s, 2m or 1m30s) [attribute-value]',
				'bad.md:8:1: unknown pattern type `\\x1b]0;owned\\x1b\\`; valid: int, hex, hex12, hex64, uuid, ipv4, ipv6, cidr, mac, word, hexN, /regex/; if the `{{` is meant literally, mark the block ```output {patterns=off} [bad-pattern]',
				'bad.md:11:8: unknown attribute `a\\x1b[2Jb`; valid: name, timeout, exit, retry, every, skip, background, ready, cleanup, stderr, ansi, interactive, grace, detach, required, host, cwd, interpreter, tag, category, excludeFromRunAll [unknown-attribute]',
				'',
			].join('\n'),
		);
	});

	it('list: titles, names and attributes from the file escaped', () => {
		const ran = runbook(['list', 'hostile.md'], {cwd: hostileCopy()});
		expect(ran.code).toBe(0);
		expect(ran.stdout).not.toMatch(rawControl);
		expect(ran.stdout).toContain('Hostile \\x1b[2J title (hostile.md, 5 steps)');
		expect(ran.stdout).toContain('skip="not \\x1b[2J today"');
	});

	it('a file name given on the command line is escaped in its error', () => {
		const ran = runbook(['check', `nope${esc}[2J.md`], {cwd: fixtureCopy()});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toBe('runbook: nope\\x1b[2J.md: no such file (looked in ./ and runbooks/)\n');
	});
});
