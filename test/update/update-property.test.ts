/**
 * Property: whatever a step prints, in whatever structure its expected output
 * sits, `--update` changes only expected-output bytes, the commands read back
 * the same, and the recorded output matches what was printed.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {evaluateStep} from '../../src/engine/evaluate.js';
import {matchOutput} from '../../src/match/match.js';
import type {Step} from '../../src/model.js';
import {parseRunbook} from '../../src/parse/index.js';
import {applyEdits, planUpdate} from '../../src/update/index.js';

/** The containers a block can sit in: what stands before its first line, and before the others. */
const containers = [
	{first: '', rest: ''},
	{first: '- ', rest: '  '},
	{first: '1. ', rest: '   '},
	{first: '10) ', rest: '    '},
	{first: '*\t', rest: '\t'},
	{first: '1.\t', rest: '\t'},
	{first: '> ', rest: '> '},
	{first: '> > ', rest: '> > '},
	{first: '- > ', rest: '  > '},
	{first: '> - ', rest: '>   '},
	{first: '   - ', rest: '     '},
] as const;

type Kind = 'fence' | 'fence-new' | 'tilde' | 'expect' | 'console' | 'console-new' | 'prompted' | 'hidden-console' | 'hidden-oneline' | 'hidden-fence';
const kinds: Kind[] = ['fence', 'fence-new', 'tilde', 'expect', 'console', 'console-new', 'prompted', 'hidden-console', 'hidden-oneline', 'hidden-fence'];

/** Text a step could print: prose, fences, patterns, prompts, comment ends, blanks, tabs, wide characters. */
const outputLine = fc.oneof(
	fc.constantFrom('', ' ', '\t', '```', '````sh', '~~~', '$ rm -rf /', '$', '> continued', '>', '[1]', '[0]', '...', '[..]', '{{x}}', '{{ .Values.image }}', '-->', '<!--', '# heading', '- item', '   indented', 'trailing   ', 'é 漢字 👍'),
	fc.string({unit: fc.constantFrom('a', ' ', '$', '>', '`', '{', '}', '[', ']', '.', '-', '!', '\t', '#', '|'), maxLength: 12}),
);
const output = fc.array(outputLine, {minLength: 1, maxLength: 6}).map((lines) => `${lines.join('\n')}\n`);

/** What the expected output said before: text, or patterns that the new output may or may not fit. */
const oldLine = fc.constantFrom('old output', 'a {{x}} b', '[..] `{{n:int}}`', '{{/a+/}}$ [..]', 'id {{id:hex}} > {{id}}');

function block(kind: Kind, index: number, prefix: {first: string; rest: string}, old: string): string {
	const lines = (() => {
		switch (kind) {
			case 'fence':
				return ['```sh', `echo step${index}`, '```', '', '```output', old, '```'];
			case 'fence-new':
				return ['```sh', `echo step${index}`, '```'];
			case 'tilde':
				return ['~~~~bash', `echo step${index}`, '~~~~', '', '~~~output', old, '~~~'];
			case 'expect':
				return ['```sh', `echo step${index}`, '```', '', '```text {expect}', old, '```'];
			case 'console':
				return ['```console', `$ echo step${index}`, old, '```'];
			case 'prompted':
				return ['```bash', `$ echo step${index}`, old, '```'];
			case 'hidden-oneline':
				return [`<!-- runbook $ echo step${index} -->`];
			case 'hidden-fence':
				return ['<!-- runbook', '```sh', `echo step${index}`, '```', '', '```output', old, '```', '-->'];
			case 'console-new':
				return ['```console', `$ echo step${index}`, '```'];
			case 'hidden-console':
				return [`<!-- runbook $ echo step${index}`, old, '-->'];
		}
	})();
	return lines.map((line, i) => (line === '' ? prefix.rest.trimEnd() : (i === 0 ? prefix.first : prefix.rest) + line)).join('\n');
}

const documentShape = fc.record({
	blocks: fc.array(fc.record({kind: fc.constantFrom<Kind>(...kinds), container: fc.nat(containers.length - 1), old: oldLine}), {minLength: 1, maxLength: 4}),
	crlf: fc.boolean(),
	finalNewline: fc.boolean(),
});

/**
 * The expected-output regions of a parsed runbook: an output block whole, a
 * transcript's output lines (from the end of its command's text); for a block `--update=new` adds (`inserted`),
 * from the end of the step's own block to the end of the line closing the new
 * one, and before that, the line ending after the step's block.
 */
function regions(text: string, steps: readonly Step[], inserted: ReadonlySet<number>): Array<[number, number]> {
	return steps.flatMap((step, index): Array<[number, number]> => {
		const source = step.expected?.source;
		if (!source) return step.insertAt.console ? [] : [[step.blockSpan.end.offset, step.insertAt.offset]];
		// A transcript's output, from the end of its command's text to the end of its last line: a one-line hidden step's output gets lines of its own.
		if (source.kind === 'console') {
			const from = step.span.end.offset - (/\r?\n$/.exec(text.slice(step.span.start.offset, step.span.end.offset))?.[0].length ?? 0);
			return [[from, source.contentEnd + (/^\r?\n/.exec(text.slice(source.contentEnd))?.[0].length ?? 0)]];
		}
		if (!inserted.has(index)) return [[source.span.start.offset, source.span.end.offset]];
		const lineEnd = text.indexOf('\n', source.span.end.offset);
		return [[step.blockSpan.end.offset, lineEnd === -1 ? text.length : lineEnd + 1]];
	});
}

/** The text outside the regions, in order. */
function outside(text: string, spans: Array<[number, number]>): string {
	const pieces: string[] = [];
	let at = 0;
	for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
		pieces.push(text.slice(at, start));
		at = Math.max(at, end);
	}
	pieces.push(text.slice(at));
	return pieces.join('');
}

describe('--update writes only expected output', () => {
	it('in lists, block quotes, tabs, hidden steps, CRLF, at the end of a file without a newline', () => {
		fc.assert(
			fc.property(documentShape, fc.array(output, {minLength: 4, maxLength: 4}), (shape, outputs) => {
				const eol = shape.crlf ? '\r\n' : '\n';
				const blocks = shape.blocks.map((entry, index) => block(entry.kind, index, containers[entry.container] ?? containers[0], entry.old));
				const body = `# Notes${eol}${eol}${blocks.join(`\n\nText between.\n\n`)}`.replace(/\n/g, eol).replace(/\r\r\n/g, '\r\n');
				const source = shape.finalNewline ? `${body}${eol}` : body;
				const before = parseRunbook(source);
				expect(before.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
				const steps = before.runbook.steps;
				expect(steps).toHaveLength(blocks.length);
				const printed = steps.map((_, index) => outputs[index] ?? 'x\n');
				const edits = steps.flatMap((step, index) => {
					const result = evaluateStep(step, {run: {exitCode: 0, timedOut: false, interrupted: false}, output: printed[index] ?? '', cut: false, durationMs: 1, attempts: 1, timeoutMs: 1000}, new Map());
					const edit = planUpdate(source, step, result, new Map(), {addNew: true});
					return edit ? [edit] : [];
				});
				const updated = applyEdits(source, edits);
				const after = parseRunbook(updated);
				expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
				// The same steps, the same commands: nothing printed became a command or ended a container.
				expect(after.runbook.steps.map((step) => step.command)).toEqual(steps.map((step) => step.command));
				after.runbook.steps.forEach((step, index) => {
					expect(matchOutput(step.expected?.text ?? '', printed[index] ?? '').ok).toBe(true);
				});
				const inserted = new Set(steps.flatMap((step, index) => (step.expected ? [] : [index])));
				expect(outside(updated, regions(updated, after.runbook.steps, inserted))).toEqual(outside(source, regions(source, steps, new Set())));
			}),
			{numRuns: 300},
		);
	});
});
