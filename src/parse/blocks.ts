import type {Code} from 'mdast';
import type {Expectation, Span} from '../model.js';
import type {StepDraft} from './draft.js';
import {parseAttributes, splitInfo, type RawAttribute} from './attributes.js';
import type {Report} from './diagnostics.js';
import {linesWithOffsets, type SourceMap} from './source.js';
import {stepAttributeNames, validateOutputAttributes, validateStepAttributes} from './step-attributes.js';
import {isCommand, parseConsoleLines, type ConsoleLine} from './console.js';
import {declaresInterpreter} from './runme.js';
import {hostAttributeAt} from './unknown-host.js';

export type {StepDraft} from './draft.js';

/** Languages whose blocks are commands, matched without regard to case (```Bash```). */
const shellLanguages = new Set(['sh', 'bash', 'shell', 'zsh']);

/** Languages of console transcripts: `console`, and GitHub's (linguist's) names for a shell session. */
export const consoleLanguages = new Set(['console', 'shell-session', 'shellsession', 'sh-session']);

export const stepLanguages = new Set([...shellLanguages, ...consoleLanguages]);

/** A fence's language as runbook reads it: its first word, in lower case. */
export function languageOf(info: string): string {
	return splitInfo(info).language.toLowerCase();
}

/** The parts of a fenced block's source. */
export type Fence = {
	readonly fence: string;
	readonly indent: string;
	readonly info: string;
	/** Line and column of the info string's first character. */
	readonly infoAt: {line: number; column: number};
	readonly contentStart: number;
	readonly contentEnd: number;
	/** Offset just after the closing fence line (or the block's end). */
	readonly blockEnd: number;
	readonly span: Span;
	/** False when the block runs to the end of its container without a closing fence. */
	readonly terminated: boolean;
};

/** Fences already read, per node: a block is looked at several times (is it output, its steps, is it closed). */
const fences = new WeakMap<Code, {readonly source: SourceMap; readonly fence: Fence | undefined}>();

/** The parts of a fenced block's source, or undefined for an indented block. */
export function readFence(node: Code, source: SourceMap): Fence | undefined {
	const known = fences.get(node);
	if (known?.source === source) return known.fence;
	const fence = readFenceOnce(node, source);
	fences.set(node, {source, fence});
	return fence;
}

function readFenceOnce(node: Code, source: SourceMap): Fence | undefined {
	const position = node.position;
	if (!position) return undefined;
	const start = position.start.offset ?? 0;
	const end = position.end.offset ?? 0;
	const lineStart = source.lineStart(start);
	const firstLineEnd = source.nextLine(start);
	const firstLine = source.text.slice(start, firstLineEnd).replace(/\r?\n$|\r$/, '');
	const match = /^(`{3,}|~{3,})(.*)$/.exec(firstLine);
	if (!match) return undefined;
	const fence = match[1] ?? '```';
	// What stands before the fence on its line: list indentation, or `> ` in a block quote.
	const indent = source.text.slice(lineStart, start).replace(/[^>\s]/g, ' ');
	const last = lastLine(source.text, firstLineEnd, end);
	const closing = new RegExp(`^(?:[ \\t]*>)*[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
	const terminated = last !== undefined && closing.test(last.text);
	const contentEnd = terminated && last ? last.offset : end;
	const startPoint = source.point(start);
	return {
		fence,
		indent,
		info: match[2] ?? '',
		infoAt: {line: startPoint.line, column: startPoint.column + fence.length},
		contentStart: Math.min(firstLineEnd, end),
		contentEnd,
		blockEnd: terminated ? source.nextLine(Math.max(end - 1, start)) : end,
		span: {start: startPoint, end: source.point(end)},
		terminated,
	};
}

/** The last of `linesWithOffsets(text, start, end)`, found without splitting the others. */
function lastLine(text: string, start: number, end: number): {text: string; offset: number} | undefined {
	if (start >= end) return undefined;
	const offset = Math.max(start, text.lastIndexOf('\n', end - 2) + 1);
	return {text: text.slice(offset, end).replace(/\r?\n$/, '').replace(/\r$/, ''), offset};
}

function attributesOf(fence: Fence, report: Report): {language: string; raw: RawAttribute[]; text: string; json: boolean} {
	const {language, attributes, attributesAt} = splitInfo(fence.info);
	if (attributes === undefined) {
		// `sh #name timeout=5s`: runbook's attributes outside braces would be silently ignored (another tool's, such as MkDocs' `title="x"`, are its own).
		const rest = fence.info.trim().slice(language.length).trim();
		const ours = [...rest.matchAll(/(?:^|\s)(?:#[\w.-]+|([a-z]+)=\S*)/gi)].some((found) => found[1] === undefined || (stepAttributeNames as readonly string[]).includes(found[1]));
		if (ours) {
			report(`attributes go inside one pair of braces: \`\`\`${language} {${rest}}`, {line: fence.infoAt.line, column: fence.infoAt.column + fence.info.indexOf(rest)}, 'attribute-syntax', 'warning');
		}
		return {language, raw: [], text: '', json: false};
	}
	const at = {line: fence.infoAt.line, column: fence.infoAt.column + attributesAt};
	const json = /^\{\s*"/.test(attributes);
	return {language, raw: parseAttributes(attributes, at, report), text: attributes.trim(), json};
}

/** An `output` block, or any block whose attributes contain `expect`. */
export function isExpectationBlock(node: Code, source: SourceMap): boolean {
	const fence = readFence(node, source);
	if (!fence) return false;
	const {language, attributes} = splitInfo(fence.info);
	if (language.toLowerCase() === 'output') return true;
	if (attributes === undefined) return false;
	const silent: Report = () => {};
	return parseAttributes(attributes, {line: 0, column: 0}, silent).some((a) => a.key === 'expect');
}

export function readExpectation(node: Code, source: SourceMap, report: Report): Expectation | undefined {
	const fence = readFence(node, source);
	if (!fence) return undefined;
	const {raw} = attributesOf(fence, report);
	const {patterns} = validateOutputAttributes(raw, report);
	return {
		text: node.value.replace(/\r\n/g, '\n'),
		patterns,
		source: {kind: 'fence', span: fence.span, contentStart: fence.contentStart, contentEnd: fence.contentEnd, fence: fence.fence, indent: fence.indent},
	};
}

/** The step(s) of a fenced block, or undefined when the block is prose. */
export function codeBlockSteps(
	node: Code,
	source: SourceMap,
	report: Report,
	context: {hidden: boolean; baseAttributes: readonly RawAttribute[] | undefined},
): {steps: StepDraft[]; console: boolean} | undefined {
	const fence = readFence(node, source);
	if (!fence) return undefined;
	const language = languageOf(fence.info);
	// A block in another language runs when it says with what (Runme's `interpreter=`).
	if (!stepLanguages.has(language) && !declaresInterpreter(fence.info)) return undefined;
	const consoleLines = () => contentLines(node, fence, source);
	// A transcript with no `$ ` line (a pasted log, an include) shows output: it is prose.
	if (consoleLanguages.has(language) && !consoleLines().some(isCommand)) return undefined;
	// A shell block written with prompts, as READMEs often are, is a transcript (Runme strips the prompts too).
	const prompted = shellLanguages.has(language) && isCommand(consoleLines().find((line) => line.text.trim() !== ''));
	if (prompted) {
		report(
			`\`\`\`${language} block written with \`$ \` prompts: read as a console transcript (\`$ \` lines are commands, the lines after one its expected output); write \`\`\`console to say so`,
			fence.span.start,
			'shell-prompts',
			'warning',
		);
	}
	const own = attributesOf(fence, report);
	const raw = [...(context.baseAttributes ?? []), ...own.raw];
	if (consoleLanguages.has(language) || prompted) {
		const lines = consoleLines();
		const steps = parseConsoleLines(lines, source, report, {
			hidden: context.hidden,
			baseAttributes: raw,
			attributesText: own.text,
			json: own.json,
			blockStart: fence.span.start.offset,
			blockEnd: fence.blockEnd,
		});
		return {steps, console: true};
	}
	const {attributes, name} = validateStepAttributes(raw, report, {json: own.json});
	const nameAttribute = raw.findLast((a) => a.key === 'name');
	const command = node.value.replace(/\r\n?/g, '\n');
	const step: StepDraft = {
		json: own.json,
		section: '',
		language,
		command,
		attributes,
		rawAttributes: own.text,
		span: fence.span,
		blockSpan: fence.span,
		insertAt: {offset: fence.blockEnd, indent: fence.indent, console: false},
		hidden: context.hidden,
		prose: [],
	};
	if (name !== undefined) {
		step.name = name;
		if (nameAttribute) step.nameAt = {line: nameAttribute.line, column: nameAttribute.column};
	}
	const hostAt = hostAttributeAt(raw, attributes);
	if (hostAt) step.hostAt = hostAt;
	return {steps: [step], console: false};
}

/**
 * The lines of a block's content as the Markdown parser reads them, each with
 * its place in the source: `text` is the line inside its containers (block
 * quote `>`, list indentation, spaces or tabs), `indent` the prefix that stands
 * before it on its source line, `offset`/`end` the whole source line.
 *
 * The parser's value is the authority (CommonMark strips container markers
 * and up to the fence's own indentation); a value line is found at the end of
 * its source line. A tab only partly consumed by a container reads as spaces
 * in the value: then the line is matched without its leading blanks.
 */
export function contentLines(node: Code, fence: Fence, source: SourceMap): ConsoleLine[] {
	const values = node.value.split(/\r\n|\r|\n/);
	const lines = linesWithOffsets(source.text, fence.contentStart, fence.contentEnd);
	return lines.map((line, index) => {
		const value = values[index] ?? '';
		let text = value;
		if (!line.text.endsWith(value)) text = value.trimStart();
		const prefixLength = line.text.endsWith(text) ? line.text.length - text.length : 0;
		return {text: prefixLength === 0 ? line.text : text, offset: line.offset, end: line.end, indent: line.text.slice(0, prefixLength)};
	});
}
