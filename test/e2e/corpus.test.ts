/**
 * The corpus: real-world-shaped Markdown documents (docs-site pages, READMEs,
 * ops notes, tutorials, changelogs, mdBook chapters, issue templates, Runme
 * notebooks) in `test/fixtures/corpus/`, each run through the built CLI in a
 * folder of its own:
 *
 * - `runbook check` reports no error for it (one run over the whole corpus),
 *   and the parser finds as many steps
 *   as the author wrote (`manifest.json`: a transcript it skipped would
 *   otherwise pass unnoticed);
 * - an echo copy (`corpus-copy.ts`: every command replaced by an `echo` of
 *   fixed text, every expected output removed or made wrong) is recorded with
 *   `runbook test --update=new`, which may change no byte outside the
 *   expected-output regions the parser names, and must record what each step
 *   printed; then `runbook test` passes on it.
 */
import {spawn} from 'node:child_process';
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseRunbook} from '../../src/parse/index.js';
import {splitByteOrderMark} from '../../src/parse/source.js';
import {bin, root} from './cli.js';
import {changesOutside, echoCopy, updateRegions} from './corpus-copy.js';

const corpus = path.join(root, 'test', 'fixtures', 'corpus');
const manifest = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as Record<string, {steps: number}>;
const documents = (readdirSync(corpus, {recursive: true, encoding: 'utf8'}) as string[])
	.filter((name) => name.endsWith('.md'))
	.map((name) => name.split(path.sep).join('/'))
	.sort();

const folders: string[] = [];
afterAll(() => {
	for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
});

/** A fresh folder holding `content` under the document's own name; returns the folder and the name. */
function placed(document: string, content: string | Buffer): {cwd: string; name: string} {
	const cwd = mkdtempSync(path.join(tmpdir(), 'runbook-corpus-'));
	folders.push(cwd);
	const name = path.basename(document);
	writeFileSync(path.join(cwd, name), content);
	return {cwd, name};
}

/**
 * Run the built CLI in `cwd` and wait for it (concurrently with the other
 * documents). Each run has a temporary folder of its own (`TMPDIR`), where
 * runbook keeps its run folder: runs started at the same moment by this
 * suite and by other test files never see each other's.
 */
async function cli(args: readonly string[], cwd: string) {
	const temporary = mkdtempSync(path.join(tmpdir(), 'runbook-corpus-tmp-'));
	folders.push(temporary);
	const child = spawn(process.execPath, [bin, ...args], {cwd, env: {...process.env, NO_COLOR: '1', CI: 'true', TMPDIR: temporary}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	return {code, stdout, stderr, shown: `$ runbook ${args.join(' ')}  (exit ${code})\n${stdout}${stderr}`};
}

/** A diagnostic line of `runbook check` that is an error: `FILE:LINE:COL: message [rule]` (warnings say `warning:`). */
const isError = (line: string) => /^.+:\d+:\d+: (?!warning: )/.test(line);

let checked: Promise<{stdout: string; stderr: string}> | undefined;

/**
 * `runbook check` over the whole corpus, once (one process rather than one a
 * document). It must end as its diagnostics say (exit 2 with errors, else 0;
 * the last line counts them), so that a crash cannot pass for a clean file.
 */
function checkAll(): Promise<{stdout: string; stderr: string}> {
	checked ??= (async () => {
		const cwd = mkdtempSync(path.join(tmpdir(), 'runbook-corpus-'));
		folders.push(cwd);
		cpSync(corpus, cwd, {recursive: true});
		const ran = await cli(['check', ...documents], cwd);
		const errors = ran.stdout.split('\n').filter(isError).length + ran.stderr.split('\n').filter((line) => line.startsWith('runbook: ')).length;
		const counted = /(\d+) errors?, \d+ warnings?\n$/.exec(ran.stderr)?.[1];
		if (ran.code !== (errors > 0 ? 2 : 0) || (counted !== undefined && Number(counted) !== errors)) {
			throw new Error(`runbook check did not end as its diagnostics say:\n${ran.shown}`);
		}
		return ran;
	})();
	return checked;
}

/** The file's bytes as text; the test is byte-exact, so the file must be valid UTF-8 (then text equality is byte equality). */
function readText(file: string): string {
	const bytes = readFileSync(file);
	const text = bytes.toString('utf8');
	if (!Buffer.from(text, 'utf8').equals(bytes)) throw new Error(`${file} is not valid UTF-8`);
	return text;
}

describe('the corpus', () => {
	it('holds at least 100 documents, each listed in the manifest with its number of steps', () => {
		expect(documents.length).toBeGreaterThanOrEqual(100);
		expect(Object.keys(manifest).sort()).toEqual(documents);
	});
});

describe('the corpus harness', () => {
	const quoted = '\uFEFF# Notes\r\n\r\n> ```sh {exit=3}\r\n> printf x\r\n> false\r\n> ```\r\n>\r\n> ```output\r\n> x\r\n> ```\r\n\r\n```console\r\n$ echo a\r\n> b\r\nab\r\n```\r\n';

	it('echoes in place of each command and removes or spoils each expected output, keeping every prefix, line ending and the mark', () => {
		const copy = echoCopy(quoted, 'notes.md');
		expect(copy.file).toBe("\uFEFF# Notes\r\n\r\n> ```sh {exit=3}\r\n> echo 'step 0 done'; (exit 3)\r\n> ```\r\n\r\n```console\r\n$ printf '%s\\n' 'step 1 line 1' 'step 1 line 2'\r\nstale output of step 1\r\n```\r\n");
		expect([copy.removed, copy.altered, copy.wrong]).toEqual([1, 1, 1]);
	});

	it('accepts changes inside the regions only, and names the original lines of any other', () => {
		const copy = echoCopy(quoted, 'notes.md').file;
		const regions = updateRegions(copy, 'notes.md');
		const recorded = copy.replace('> ```\r\n\r\n```console', '> ```\r\n>\r\n> ```output\r\n> step 0 done\r\n> ```\r\n\r\n```console').replace('stale output of step 1', 'step 1 line 1\r\nstep 1 line 2');
		expect(changesOutside(copy, recorded, regions, 'notes.md')).toBeUndefined();
		expect(changesOutside(copy, recorded.slice(1), regions, 'notes.md')).toMatch(/^original lines 1-5 \(before that of step `notes-1`\)[^]*-\\uFEFF# Notes/);
		expect(changesOutside(copy, recorded.replace('```console', '```Console'), regions, 'notes.md')).toMatch(/^original lines 6-8 \(after the expected output of step `notes-1`, before that of step `notes-2`\)/);
		expect(changesOutside(copy, recorded.replace(/\r\n$/, '\n'), regions, 'notes.md')).toMatch(/^original lines 10-10 \(after the expected output of step `notes-2`\)/);
	});
});

// One flat concurrent suite: vitest runs up to `maxConcurrency` (5) of these at once, whatever the document.
describe.concurrent('corpus', () => {
	for (const document of documents) {
		const original = () => readText(path.join(corpus, document));

		it(`${document}: checks with no error`, async () => {
			const checked = await checkAll();
			const errors = checked.stdout.split('\n').filter((line) => line.startsWith(`${document}:`) && isError(line));
			const unreadable = checked.stderr.split('\n').filter((line) => line.startsWith(`runbook: ${document}`));
			expect([...errors, ...unreadable], `$ runbook check ${document}`).toEqual([]);
		});

		it(`${document}: has every step its author wrote`, () => {
			const {text} = splitByteOrderMark(original());
			const steps = parseRunbook(text, {path: document}).runbook.steps;
			const listed = steps.map((step) => `  line ${step.span.start.line}: ${step.command.split('\n')[0] ?? ''}`).join('\n');
			expect(steps.length, `the parser found these steps:\n${listed}\n`).toBe(manifest[document]?.steps);
		});

		it(`${document}: --update=new on an echo copy writes only expected output, and the copy then passes`, async () => {
			const copy = echoCopy(original(), document);
			const {cwd, name} = placed(document, copy.file);
			const file = path.join(cwd, name);

			const updated = await cli(['test', '--update=new', name], cwd);
			expect(updated.code, updated.shown).toBe(copy.wrong > 0 ? 1 : 0);
			const after = readText(file);
			const changed = changesOutside(copy.file, after, updateRegions(copy.file, document), document);
			expect(changed === undefined, `--update=new changed the document outside expected output: ${changed}\n${updated.shown}`).toBe(true);

			const {text} = splitByteOrderMark(after);
			const reread = parseRunbook(text, {path: document}).runbook.steps;
			const commands = copy.steps
				.filter((step) => reread[step.index]?.command !== step.command)
				.map((step) => `step ${step.name}: ${JSON.stringify(step.command)} became ${JSON.stringify(reread[step.index]?.command)}`);
			expect(commands, `--update=new changed commands\n--- after ---\n${after}`).toEqual([]);
			const unrecorded = copy.steps
				.filter((step) => step.records && reread[step.index]?.expected?.text.trimEnd() !== step.prints.join('\n'))
				.map((step) => `step ${step.name}: printed ${JSON.stringify(step.prints.join('\n'))}, recorded ${JSON.stringify(reread[step.index]?.expected?.text)}`);
			expect(unrecorded, `--update=new did not record what steps printed\n--- after ---\n${after}`).toEqual([]);

			const tested = await cli(['test', name], cwd);
			expect(tested.code, `${tested.shown}\n--- the updated copy ---\n${after}`).toBe(0);
		});
	}
});
