import type {Span} from '../model.js';
import type {RawAttribute} from './attributes.js';
import type {StepDraft} from './draft.js';
import type {Report} from './diagnostics.js';
import type {SourceMap} from './source.js';
import {validateStepAttributes} from './step-attributes.js';
import {hostAttributeAt} from './unknown-host.js';

export type ConsoleLine = {readonly text: string; readonly offset: number; readonly end: number; readonly indent: string};

export type ConsoleContext = {
	readonly hidden: boolean;
	readonly baseAttributes: readonly RawAttribute[] | undefined;
	readonly attributesText?: string;
	readonly json?: boolean;
	readonly blockStart: number;
	readonly blockEnd: number;
	/** What stands before each line of the transcript in its container (`> `, list indentation), when its first command line does not show it. */
	readonly prefix?: string;
};

/**
 * A `console` transcript: `$ ` starts a command, `> ` continues it, other lines
 * are its expected output, and a last `[N]` line its exit status (cram's way).
 */
export function parseConsoleLines(lines: readonly ConsoleLine[], source: SourceMap, report: Report, context: ConsoleContext): StepDraft[] {
	const steps: StepDraft[] = [];
	const raw = context.baseAttributes ?? [];
	const blockSpan: Span = {start: source.point(context.blockStart), end: source.point(context.blockEnd)};
	const {attributes, name} = validateStepAttributes(raw, report, {json: context.json ?? false});
	const nameAttribute = raw.findLast((a) => a.key === 'name');
	let i = 0;
	while (i < lines.length && !isCommand(lines[i])) {
		const line = lines[i];
		if (line && line.text.trim() !== '') {
			report('text before the first `$ ` command of a console transcript', source.point(line.offset + line.indent.length), 'console-syntax');
		}
		i++;
	}
	while (i < lines.length) {
		const first = lines[i];
		if (!first) break;
		const commandLines = [first.text.slice(2)];
		let commandEnd = first.end;
		i++;
		while (i < lines.length && /^>( |$)/.test(lines[i]?.text ?? '')) {
			const line = lines[i];
			if (!line) break;
			commandLines.push(line.text.replace(/^>( |$)/, ''));
			commandEnd = line.end;
			i++;
		}
		const output: ConsoleLine[] = [];
		while (i < lines.length && !isCommand(lines[i])) {
			const line = lines[i];
			if (line) output.push(line);
			i++;
		}
		let exitLine: ConsoleLine | undefined;
		const last = [...output].reverse().find((line) => line.text.trim() !== '');
		if (last && /^\[\d+\]$/.test(last.text.trim())) {
			exitLine = last;
			output.splice(output.indexOf(last));
		}
		while (output.length > 0 && output.at(-1)?.text.trim() === '') output.pop();
		const exitCode = exitLine ? Number(exitLine.text.trim().slice(1, -1)) : undefined;
		const contentStart = output[0]?.offset ?? commandEnd;
		const contentEnd = output.at(-1)?.end ?? commandEnd;
		const span: Span = {start: source.point(first.offset), end: source.point(commandEnd)};
		const step: StepDraft = {
			json: context.json ?? false,
			section: '',
			language: 'console',
			command: commandLines.join('\n'),
			attributes: exitCode === undefined ? attributes : {...attributes, exit: {kind: 'code', code: exitCode}},
			rawAttributes: context.attributesText ?? '',
			expected: {
				text: output.map((line) => line.text).join('\n'),
				patterns: true,
				source: {kind: 'console', span: {start: source.point(contentStart), end: source.point(contentEnd)}, contentStart, contentEnd, indent: context.prefix ?? first.indent},
			},
			span,
			blockSpan,
			insertAt: {offset: commandEnd, indent: context.prefix ?? first.indent, console: true},
			hidden: context.hidden,
			prose: [],
		};
		if (name !== undefined) step.name = name;
		if (nameAttribute) step.nameAt = {line: nameAttribute.line, column: nameAttribute.column};
		const hostAt = hostAttributeAt(raw, attributes);
		if (hostAt) step.hostAt = hostAt;
		steps.push(step);
	}
	// One `#name` on a transcript of several commands names them name-1, name-2, ...
	if (steps.length > 1) {
		steps.forEach((step, index) => {
			if (step.name !== undefined) step.name = `${step.name}-${index + 1}`;
		});
	}
	return steps;
}

/** A transcript's command line: `$ ` (or a lone `$`) at its start. */
export function isCommand(line: Pick<ConsoleLine, 'text'> | undefined): boolean {
	return line !== undefined && (line.text.startsWith('$ ') || line.text === '$');
}
