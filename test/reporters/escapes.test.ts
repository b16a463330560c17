import {load} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import type {EngineEvent, RunReport, StepRecord} from '../../src/engine/events.js';
import {buildReport} from '../../src/engine/outcome.js';
import {parseRunbook} from '../../src/parse/index.js';
import {reporters, type ReporterName} from '../../src/reporters/index.js';
import {plain} from '../../src/reporters/style.js';
import {readXml} from '../xml.js';

// Text no command line can carry (a lone surrogate, U+FFFF) but a report can: a title, an error, a leftover's command line.
const file = '/work/notes/odd\u001b[2J.md';
const {runbook} = parseRunbook('# Odd \ud800 title\n\n```sh {#print}\nprintf x\n```\n', {path: file});
const step = runbook.steps[0]!;
const output = 'a\ud800b\uffffc\u0000d\u001b[2Je\u009bf\r\n';
const records: StepRecord[] = [
	{step, phase: 'main', result: {status: 'failed', exitCode: 1, durationMs: 5, output, captures: {}, attempts: 1, timedOut: false, interrupted: false, cut: false, message: 'first line\nsecond \u001b[2J line'}},
];
const report: RunReport = {
	...buildReport(runbook, file, 'failed', records),
	error: {code: 'internal', message: 'internal error: \ud800\u0000'},
	leftovers: [{pid: 42, command: 'sleep \u001b[2J\uffff 9', step: 'print'}],
	durationMs: 5,
};
const events: EngineEvent[] = [{kind: 'run-start', file, runbook}, {kind: 'step-end', ...records[0]!}, {kind: 'run-end', file, report}];

function draw(name: ReporterName): string {
	let written = '';
	const write = (text: string) => (written += text);
	const reporter = reporters[name]({out: {write}, err: {write}, style: plain, cwd: '/work/notes'});
	for (const event of events) reporter.onEvent(event);
	reporter.finish();
	return written;
}

/** A control character a terminal acts on (C0 but tab and newline, DEL, C1), U+FFFE, U+FFFF or a lone surrogate. */
// eslint-disable-next-line no-control-regex
const notText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('every reporter writes what its format and a terminal can hold', () => {
	it.each(['pretty', 'tap', 'junit'] as const)('%s: no control character, non-character or lone surrogate', (name) => {
		expect(draw(name)).not.toMatch(notText);
	});

	it('JSON: only `\\u` escapes, and every string read back exactly', () => {
		const text = draw('json');
		expect(text).not.toMatch(notText);
		const document = JSON.parse(text) as {runbooks: Array<{title: string; error: {message: string}; steps: Array<{output: string}>; leftovers: Array<{command: string}>}>};
		expect(document.runbooks[0]?.title).toBe('Odd \ud800 title');
		expect(document.runbooks[0]?.steps[0]?.output).toBe(output);
		expect(document.runbooks[0]?.error.message).toBe('internal error: \ud800\u0000');
		expect(document.runbooks[0]?.leftovers[0]?.command).toBe('sleep \u001b[2J\uffff 9');
	});

	it('JUnit: libxml2 reads it; a message keeps its two lines; what XML cannot hold is shown as its escape', async () => {
		const xml = await readXml(draw('junit'));
		expect(xml.errors).toEqual([]);
		expect(xml.canonical).toContain('<testsuite errors="1" failures="1" name="odd\\x1b[2J.md"');
		expect(xml.canonical).toContain('<failure message="first line&#xA;second \\x1b[2J line">');
		expect(xml.canonical).toContain('a\\ud800b\\uffffc\\x00d\\x1b[2Je\\x9bf\\r\n</failure>');
		expect(xml.canonical).toContain('<error message="internal error: \\ud800\\x00" type="internal">');
		expect(xml.canonical).toContain('<system-err>left running: pid 42 `sleep \\x1b[2J\\uffff 9`');
	});

	it('TAP: each YAML block is YAML 1.2 (js-yaml refuses what YAML forbids), a description and a warning stay one line', () => {
		const text = draw('tap');
		const blocks = [...text.matchAll(/^ {2}---\n([\s\S]*?)^ {2}\.\.\.$/gm)].map((match) => load((match[1] ?? '').replace(/^ {2}/gm, '')) as Record<string, unknown>);
		expect(blocks.map((block) => block.message)).toEqual(['internal error: \\ud800\\x00', 'first line\nsecond \\x1b[2J line']);
		expect(blocks[1]?.output).toBe('a\\ud800b\\uffffc\\x00d\\x1b[2Je\\x9bf\\r\n');
		expect(text).toContain('not ok 2 - odd\\x1b[2J.md › Odd \\ud800 title › print\n');
		expect(text).toContain('# warning: left running: pid 42 `sleep \\x1b[2J\\uffff 9` (started by step print)');
	});
});
