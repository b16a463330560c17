/**
 * The pure half of the corpus test (`corpus.test.ts`): the "echo copy" of a
 * document, the regions `--update` may write, and the check that nothing else
 * changed. Positions come from the library's own parser (`parseRunbook`), so
 * the copy is made by editing only a step's command bytes and its expected
 * output, whatever structure holds them (list items, block quotes, tabs,
 * hidden comments, CRLF, a byte-order mark).
 */
import {createTwoFilesPatch} from 'diff';
import type {Step} from '../../src/model.js';
import {formatDiagnostic} from '../../src/parse/diagnostics.js';
import {parseRunbook} from '../../src/parse/index.js';
import {splitByteOrderMark} from '../../src/parse/source.js';

/** Replace [start, end) of a text with `text`; offsets refer to the text before any edit. */
type Edit = {readonly start: number; readonly end: number; readonly text: string};

/** One step of an echo copy: what its new command prints, and whether `test --update=new` must record it. */
export type EchoStep = {
	readonly index: number;
	readonly name: string;
	readonly command: string;
	/** The lines the command prints. */
	readonly prints: readonly string[];
	/** Runs under `runbook test` and is neither background nor skipped: its output is recorded by `--update=new`. */
	readonly records: boolean;
};

export type EchoCopy = {
	/** The copy, with the original's byte-order mark if it had one. */
	readonly file: string;
	readonly steps: readonly EchoStep[];
	/** How many recorded steps keep a (now wrong) expected output: `test --update=new` exits 1 when there is one. */
	readonly wrong: number;
	/** How many expected outputs were removed (new blocks to insert) and made wrong (blocks to rewrite). */
	readonly removed: number;
	readonly altered: number;
};

/**
 * A range of the file (offsets in UTF-16 code units of the whole file,
 * byte-order mark included) that `--update` may rewrite: a step's expected
 * output, or the empty range where a new block goes.
 */
export type Region = {readonly start: number; readonly end: number; readonly name: string};

/** Parse a whole file as the CLI reads it; errors are a failure of the document, named with their place. */
function parse(file: string, shown: string) {
	const {bom, text} = splitByteOrderMark(file);
	const {runbook, diagnostics} = parseRunbook(text, {path: shown});
	const errors = diagnostics.filter((d) => d.severity === 'error');
	return {bom, text, steps: runbook.steps, errors: errors.map((d) => formatDiagnostic(shown, d))};
}

/** Start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The line starting at `offset`: its text without the ending, and the ending ('' on the last line). */
function lineFrom(text: string, offset: number): {text: string; eol: string; end: number} {
	const newline = text.indexOf('\n', offset);
	const end = newline === -1 ? text.length : newline + 1;
	const raw = text.slice(offset, end);
	const eol = /\r?\n$/.exec(raw)?.[0] ?? '';
	return {text: raw.slice(0, raw.length - eol.length), eol, end};
}

/** What stands before a line's text inside its container: indentation and `>` markers only. */
function containerPrefix(raw: string, rest: string, where: string): string {
	const prefix = rest !== '' && raw.endsWith(rest) ? raw.slice(0, raw.length - rest.length) : (/^[ \t>]*/.exec(raw)?.[0] ?? '');
	if (!/^[ \t>]*$/.test(prefix)) throw new Error(`${where}: cannot tell the container's prefix of ${JSON.stringify(raw)}`);
	return prefix;
}

/** The shell command that prints `prints` and ends as the step expects. */
function echoCommand(step: Step, prints: readonly string[]): string {
	const print = prints.length === 1 ? `echo '${prints[0]}'` : `printf '%s\\n' ${prints.map((line) => `'${line}'`).join(' ')}`;
	const exit = step.attributes.exit;
	if (exit.kind === 'nonzero') return `${print}; (exit 1)`;
	if (exit.kind === 'code' && exit.code !== 0) return `${print}; (exit ${exit.code})`;
	return print;
}

/** What step `index` prints in the copy: one line or two, and the text its `ready=` waits for. */
function printsFor(step: Step, where: string): string[] {
	if (step.attributes.ready !== undefined) {
		if (!/^[\w .:-]+$/.test(step.attributes.ready)) throw new Error(`${where}: step ${step.name}: ready=/${step.attributes.ready}/ is not plain text the copy can print`);
		return [`step ${step.index} ${step.attributes.ready}`];
	}
	return step.index % 2 === 0 ? [`step ${step.index} done`] : [`step ${step.index} line 1`, `step ${step.index} line 2`];
}

/** The edit that puts `command` in place of the step's command, keeping every container prefix and line ending. */
function commandEdit(text: string, step: Step, command: string, where: string): Edit {
	if (step.insertAt.console) {
		// A transcript's `$ ` line and its `> ` continuations: one `$ ` line instead.
		const first = lineFrom(text, step.span.start.offset);
		const raw = text.slice(step.span.start.offset, step.span.end.offset);
		const dollar = first.text.indexOf('$');
		const prefix = containerPrefix(first.text.slice(0, dollar), '', where);
		const eol = /\r?\n$/.exec(raw)?.[0] ?? '';
		return {start: step.span.start.offset, end: step.span.end.offset, text: `${prefix}$ ${command}${eol}`};
	}
	// A fenced block: its content lines become one line; the fences stay.
	const contentStart = lineFrom(text, step.blockSpan.start.offset).end;
	const closingStart = lineStart(text, step.blockSpan.end.offset);
	if (closingStart <= contentStart) throw new Error(`${where}: step ${step.name} has no command lines`);
	const first = lineFrom(text, contentStart);
	const prefix = containerPrefix(first.text, step.command.split('\n')[0] ?? '', where);
	return {start: contentStart, end: closingStart, text: `${prefix}${command}${first.eol}`};
}

/**
 * The edits to a step's expected output: every other one is removed (so that
 * `--update=new` inserts a new block), the rest are made wrong (so that it
 * rewrites them). A transcript's `[N]` exit line stays, as does an empty block.
 */
function expectationEdit(text: string, step: Step, remove: boolean): Edit | undefined {
	const source = step.expected?.source;
	if (!source || source.contentStart === source.contentEnd) return undefined;
	const wrongLine = `stale output of step ${step.index}`;
	if (source.kind === 'console') {
		if (remove) return {start: source.contentStart, end: source.contentEnd, text: ''};
		const prefix = lineFrom(text, step.span.start.offset).text.split('$')[0] ?? '';
		const eol = /\r?\n$/.exec(text.slice(source.contentStart, source.contentEnd))?.[0] ?? '';
		return {start: source.contentStart, end: source.contentEnd, text: `${prefix}${wrongLine}${eol}`};
	}
	// From just after the command's closing fence to the end of the output's closing fence: the blank lines between go too.
	if (remove) return {start: step.blockSpan.end.offset, end: source.span.end.offset, text: ''};
	const closing = lineFrom(text, source.contentEnd).text;
	const prefix = /^[ \t>]*/.exec(closing)?.[0] ?? '';
	const eol = lineFrom(text, source.span.start.offset).eol;
	return {start: source.contentStart, end: source.contentEnd, text: `${prefix}${wrongLine}${eol}`};
}

function applyEdits(text: string, edits: readonly Edit[]): string {
	const sorted = [...edits].sort((a, b) => a.start - b.start);
	sorted.forEach((edit, i) => {
		const next = sorted[i + 1];
		if (next && next.start < edit.end) throw new Error(`overlapping edits at ${edit.start} and ${next.start}`);
	});
	let result = text;
	for (const edit of sorted.reverse()) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
	return result;
}

/**
 * The echo copy of a document: each step's command replaced by an `echo` (or
 * `printf`) of fixed text that ends as the step expects, every expected output
 * removed or made wrong. Throws when the document has errors or the copy does
 * not read back as the same steps with the new commands.
 */
export function echoCopy(file: string, shown: string): EchoCopy {
	const original = parse(file, shown);
	if (original.errors.length > 0) throw new Error(`${shown} has errors, no copy made:\n${original.errors.join('\n')}`);
	const edits: Edit[] = [];
	const steps: EchoStep[] = [];
	let removed = 0;
	let altered = 0;
	for (const step of original.steps) {
		const prints = printsFor(step, shown);
		const command = echoCommand(step, prints);
		edits.push(commandEdit(original.text, step, command, shown));
		// A step that retries would retry a wrong output until its time is up: its output is removed instead.
		const remove = step.expected !== undefined && (step.attributes.retryMs !== undefined || (removed + altered) % 2 === 0);
		const edit = expectationEdit(original.text, step, remove);
		if (edit) {
			edits.push(edit);
			if (remove) removed++;
			else altered++;
		}
		const runs = step.attributes.skip === undefined && !step.attributes.interactive;
		steps.push({index: step.index, name: step.name, command, prints, records: runs && !step.attributes.background});
	}
	const copy = original.bom + applyEdits(original.text, edits);
	const reread = parse(copy, shown);
	if (reread.errors.length > 0) throw new Error(`the echo copy of ${shown} has errors:\n${reread.errors.join('\n')}\n--- copy ---\n${copy}`);
	const commands = reread.steps.map((step) => step.command);
	const intended = steps.map((step) => step.command);
	if (JSON.stringify(commands) !== JSON.stringify(intended)) {
		throw new Error(`the echo copy of ${shown} does not read back as its steps:\n  intended ${JSON.stringify(intended)}\n  read     ${JSON.stringify(commands)}`);
	}
	// A transcript's command keeps an expected output even when its lines were removed: it must then print nothing.
	const wrong = reread.steps.filter((step) => step.expected && steps[step.index]?.records).length;
	return {file: copy, steps, wrong, removed, altered};
}

/**
 * The regions `--update` may write in a file, from the parser's model: each
 * step's expected-output content, or, for a step with none, the empty range
 * at `insertAt` where a new block goes.
 */
export function updateRegions(file: string, shown: string): Region[] {
	const {bom, steps} = parse(file, shown);
	const at = bom.length;
	return steps
		.map((step) =>
			step.expected
				? {start: at + step.expected.source.contentStart, end: at + step.expected.source.contentEnd, name: step.name}
				: {start: at + step.insertAt.offset, end: at + step.insertAt.offset, name: step.name},
		)
		.sort((a, b) => a.start - b.start);
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/** Control characters a diff would hide (CR, tab, the byte-order mark) made visible. */
function visible(text: string): string {
	return text.replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\uFEFF/g, '\\uFEFF');
}

/**
 * Whether `after` is `before` with only the regions changed: `before` cut at
 * the regions gives fixed segments, which must appear in `after` in order,
 * the first at its start and the last at its end, with anything in between
 * (a glob match; leftmost placement decides it). Undefined when so; else a
 * readable account: the original lines that are no longer there as they
 * were, and the diff of the whole file (CR, tabs and a byte-order mark shown
 * as `\r`, `\t`, `\uFEFF`).
 */
export function changesOutside(before: string, after: string, regions: readonly Region[], shown: string): string | undefined {
	const cuts = [0, ...regions.flatMap((region) => [region.start, region.end]), before.length];
	const segments = Array.from({length: regions.length + 1}, (_, k) => ({start: cuts[2 * k] ?? 0, end: cuts[2 * k + 1] ?? 0}));
	const report = (k: number) => {
		const {start, end} = segments[k] ?? {start: 0, end: 0};
		const previous = regions[k - 1];
		const next = regions[k];
		const between = [previous && `after the expected output of step \`${previous.name}\``, next && `before that of step \`${next.name}\``].filter(Boolean).join(', ');
		const patch = createTwoFilesPatch(shown, shown, visible(before), visible(after), 'echo copy', 'after --update=new', {context: 1});
		return `original lines ${lineOf(before, start)}-${lineOf(before, Math.max(start, end - 1))} (${between || 'the whole file'}) are no longer there as they were:\n${patch}`;
	};
	const text = (k: number) => before.slice(segments[k]?.start, segments[k]?.end);
	if (!after.startsWith(text(0))) return report(0);
	let position = text(0).length;
	for (let k = 1; k < segments.length - 1; k++) {
		const found = after.indexOf(text(k), position);
		if (found === -1) return report(k);
		position = found + text(k).length;
	}
	const last = segments.length - 1;
	if (last > 0 && (after.length - text(last).length < position || !after.endsWith(text(last)))) return report(last);
	return undefined;
}
