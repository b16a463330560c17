import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {StepResult} from '../../src/engine/events.js';
import {evaluateStep} from '../../src/engine/evaluate.js';
import {parseRunbook} from '../../src/parse/index.js';
import {applyEdits, planUpdate, writeIfUnchanged} from '../../src/update/index.js';

/** The result a step would have had with this output (exit 0), without running anything. */
function resultFor(source: string, stepIndex: number, output: string): StepResult {
	const step = parseRunbook(source).runbook.steps[stepIndex];
	if (!step) throw new Error('no step');
	return evaluateStep(step, {run: {exitCode: 0, timedOut: false, interrupted: false}, output, cut: false, durationMs: 1, attempts: 1, timeoutMs: 1000}, new Map());
}

function update(source: string, outputs: string[], addNew = false, captured = new Map<string, string>()): string {
	const {runbook} = parseRunbook(source);
	const edits = runbook.steps.flatMap((step, index) => {
		const edit = planUpdate(source, step, resultFor(source, index, outputs[index] ?? ''), captured, {addNew});
		return edit ? [edit] : [];
	});
	return applyEdits(source, edits);
}

describe('update', () => {
	it('rewrites only the content of a block that did not match', () => {
		const source = '# T\n\n```sh\necho b\n```\n\n```output\na\n```\n\nText after.\n';
		expect(update(source, ['b\n'])).toBe('# T\n\n```sh\necho b\n```\n\n```output\nb\n```\n\nText after.\n');
	});

	it('leaves a block that matched untouched, patterns and all', () => {
		const source = '```sh\necho x\n```\n\n```output\n{{v}}\n```\n';
		expect(update(source, ['x\n'])).toBe(source);
	});

	it('keeps expected lines that still match and writes the rest', () => {
		const source = '```sh\nx\n```\n\n```output\nid {{id:int}}\nname alpha\n...\nend\n```\n';
		expect(update(source, ['id 7\nname beta\nmore\nend\n'])).toBe('```sh\nx\n```\n\n```output\nid {{id:int}}\nname beta\n...\nend\n```\n');
	});

	it('writes a captured value back as its {{name}}', () => {
		const source = '```sh\nx\n```\n\n```output\nold\n```\n';
		expect(update(source, ['container 3f2a9c1b removed\n'], false, new Map([['cid', '3f2a9c1b']]))).toContain('container {{cid}} removed');
	});

	it('keeps CRLF line endings and every other byte', () => {
		const source = '# T\r\n\r\n```sh\r\necho b\r\n```\r\n\r\n```output\r\na\r\n```\r\ntrailer  \r\n';
		expect(update(source, ['b\n'])).toBe('# T\r\n\r\n```sh\r\necho b\r\n```\r\n\r\n```output\r\nb\r\n```\r\ntrailer  \r\n');
	});

	it('lengthens the fence when the output holds one', () => {
		const source = '```sh\ncat notes.md\n```\n\n```output\nold\n```\n';
		expect(update(source, ['```js\ncode\n```\n'])).toBe('```sh\ncat notes.md\n```\n\n````output\n```js\ncode\n```\n````\n');
	});

	it('adds output blocks with --update=new, only where a step printed something', () => {
		const source = '```sh\necho hi\n```\n\n```sh\ntrue\n```\n';
		expect(update(source, ['hi\n', ''], true)).toBe('```sh\necho hi\n```\n\n```output\nhi\n```\n\n```sh\ntrue\n```\n');
	});

	it('updates console transcripts in place', () => {
		const source = '```console\n$ echo a\nb\n$ echo c\nc\n```\n';
		expect(update(source, ['a\n', 'c\n'])).toBe('```console\n$ echo a\na\n$ echo c\nc\n```\n');
	});

	it('re-indents blocks inside list items', () => {
		const source = '- step\n\n  ```sh\n  echo b\n  ```\n\n  ```output\n  a\n  ```\n';
		expect(update(source, ['b\n'])).toBe('- step\n\n  ```sh\n  echo b\n  ```\n\n  ```output\n  b\n  ```\n');
	});

	it('writes into a transcript in a block quote with its `> ` prefix', () => {
		const source = '> Run it:\n>\n> ```console\n> $ echo hi\n> old\n> $ printf a\n> ```\nAfter.\n';
		const updated = update(source, ['hi\n', 'a\n\nb\n']);
		expect(updated).toBe('> Run it:\n>\n> ```console\n> $ echo hi\n> hi\n> $ printf a\n> a\n>\n> b\n> ```\nAfter.\n');
		expect(parseRunbook(updated).runbook.steps.map((step) => step.expected?.text)).toEqual(['hi', 'a\n\nb']);
	});

	it('writes into a transcript in a list item indented with a tab', () => {
		const source = '1.\tInstall:\n\n\t```console\n\t$ echo tab\n\told\n\t```\n';
		const updated = update(source, ['tab\n']);
		expect(updated).toBe('1.\tInstall:\n\n\t```console\n\t$ echo tab\n\ttab\n\t```\n');
		expect(parseRunbook(updated).runbook.steps[0]?.command).toBe('echo tab');
	});

	it('records the whole output when the diff was too long to keep whole', () => {
		const source = '```sh\nseq 3000\n```\n\n```output\n1\n...\n2999\nend\n```\n';
		const lines = Array.from({length: 3000}, (_, i) => String(i + 1));
		const result = resultFor(source, 0, `${lines.join('\n')}\n`);
		expect(result.match?.diff.some((line) => line.kind === 'omitted')).toBe(true);
		expect(update(source, [`${lines.join('\n')}\n`])).toBe(`\`\`\`sh\nseq 3000\n\`\`\`\n\n\`\`\`output\n${lines.join('\n')}\n\`\`\`\n`);
	});
});

describe('writeIfUnchanged', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
	});

	it('replaces the file atomically when it is unchanged', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-update-'));
		dirs.push(dir);
		const file = path.join(dir, 'a.md');
		writeFileSync(file, 'old');
		writeIfUnchanged(file, 'old', 'new');
		expect(readFileSync(file, 'utf8')).toBe('new');
	});

	it('refuses when the file changed since it was read', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-update-'));
		dirs.push(dir);
		const file = path.join(dir, 'a.md');
		writeFileSync(file, 'edited meanwhile');
		expect(() => writeIfUnchanged(file, 'old', 'new')).toThrow(/changed since it was read/);
		expect(readFileSync(file, 'utf8')).toBe('edited meanwhile');
	});
});

describe('recorded output that looks like a pattern', () => {
	it('is written so that it matches itself, literally', async () => {
		const {matchOutput} = await import('../../src/match/match.js');
		const output = 'running={{.State.Running}}\n[..] stays\n...\n';
		const source = '```sh\nx\n```\n';
		const updated = update(source, [output], true);
		const expected = parseRunbook(updated).runbook.steps[0]?.expected?.text ?? '';
		expect(matchOutput(expected, output).ok).toBe(true);
		expect(matchOutput(expected, 'running=true\nanything stays\nmore\n').ok).toBe(false);
	});

	it('keeps a block quote around an added block', () => {
		const source = '> ```sh\n> echo hi\n> ```\n';
		const updated = update(source, ['hi\n'], true);
		expect(updated).toBe('> ```sh\n> echo hi\n> ```\n>\n> ```output\n> hi\n> ```\n');
		expect(parseRunbook(updated).runbook.steps[0]?.expected?.text).toBe('hi');
	});
});

describe('a changed line keeps the patterns that still fit', () => {
	it('keeps a hash pattern when only the message around it changed', () => {
		const source = '```sh\ngit commit\n```\n\n```output\n[main {{second:hex}}] Extend README\n 1 file changed\n```\n';
		const updated = update(source, ['[main 1a2b3c4] Extend the README\n 1 file changed\n']);
		expect(updated).toContain('```output\n[main {{second:hex}}] Extend the README\n 1 file changed\n```');
	});

	it('keeps each pattern that matches its place and makes the rest literal', () => {
		const source = '```sh\nx\n```\n\n```output\nid {{id:int}} at {{when:/\\d+:\\d+/}} by [..] ok\n```\n';
		const updated = update(source, ['id x7 at 12:30 by alice ok!\n']);
		expect(updated).toContain('\nid x7 at {{when:/\\d+:\\d+/}} by [..] ok!\n');
	});

	it('does not pair a line with patterns with output that has nothing in common with it', () => {
		const source = '```sh\ndocker run -d busybox\n```\n\n```output\n{{id:hex64}}\n```\n';
		const error = 'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n';
		expect(update(source, [error])).toContain('```output\ndocker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n```');
	});

	it('records lines as they are when kept patterns would not match together', () => {
		const source = '```sh\nx\n```\n\n```output\na {{v}} b\nc {{v}} d\n```\n';
		const updated = update(source, ['a 1 b!\nc 2 d!\n']);
		expect(updated).toContain('```output\na 1 b!\nc 2 d!\n```');
	});

	it('pairs changed lines in order when lines were added around them', () => {
		const source = '```sh\nx\n```\n\n```output\nstarted {{n:int}} workers\n```\n';
		const updated = update(source, ['warming up\nstarted 4 workers in 2s\ndone\n']);
		expect(updated).toContain('```output\nwarming up\nstarted {{n:int}} workers in 2s\ndone\n```');
	});
});

describe('recorded output never becomes a command', () => {
	it('writes transcript lines that read as a prompt, a continuation, a fence or an exit status as patterns', () => {
		const source = '```console\n$ cat notes\nold\n```\n';
		const printed = '> quoted\n$ rm -rf /\n```\n[1]\n';
		const updated = update(source, [printed]);
		const steps = parseRunbook(updated).runbook.steps;
		expect(steps.map((step) => step.command)).toEqual(['cat notes']);
		expect(steps[0]?.attributes.exit).toEqual({kind: 'code', code: 0});
		expect(updated).toBe('```console\n$ cat notes\n{{/>/}} quoted\n{{/\\$/}} rm -rf /\n{{/`/}}``\n{{/\\[/}}1]\n```\n');
	});

	it('keeps a hidden step\'s comment open when the output holds `-->`', () => {
		const source = '<!-- runbook $ cat page\nold\n-->\n\nVisible text.\n';
		const updated = update(source, ['<!-- a -->\n  indented\n']);
		const {runbook} = parseRunbook(updated);
		expect(runbook.steps).toHaveLength(1);
		expect(runbook.steps[0]?.expected?.text).toBe('<!-- a --{{/>/}}\n{{/  /}}indented');
		expect(runbook.epilogue.length).toBeGreaterThan(0);
	});

	it('finds a hidden step in a list item and writes into it with the item\'s indentation', () => {
		const source = '10) <!-- runbook\n    ```sh\n    echo step\n    ```\n    -->\n';
		const updated = update(source, ['step\n'], true);
		expect(updated).toBe('10) <!-- runbook\n    ```sh\n    echo step\n    ```\n\n    ```output\n    step\n    ```\n    -->\n');
	});
});

describe('a one-line hidden step', () => {
	it('gets its output on lines of its own, never glued to its command', () => {
		const source = '# T\n\n<!-- runbook $ echo hi -->\n\nAfter.\n';
		const updated = update(source, ['hi\n']);
		expect(updated).toBe('# T\n\n<!-- runbook $ echo hi\nhi\n -->\n\nAfter.\n');
		expect(parseRunbook(updated).runbook.steps.map((step) => [step.command, step.expected?.text])).toEqual([['echo hi', 'hi']]);
	});
});
