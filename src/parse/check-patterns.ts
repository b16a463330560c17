import type {ShellName, Step} from '../model.js';
import {reservedCaptureName, reservedNameMessage} from '../match/capture-names.js';
import {compileLine, isPatternError} from '../match/pattern.js';
import type {Report} from './diagnostics.js';
import {linesWithOffsets, type SourceMap} from './source.js';

/**
 * Report every `{{…}}` in expected output that does not compile, and every
 * capture name a capture may not take (`match/capture-names.ts`), at its line and column.
 */
export function checkPatterns(steps: readonly Step[], source: SourceMap, report: Report, shell: ShellName): void {
	for (const step of steps) {
		const expected = step.expected;
		if (!expected?.patterns) continue;
		const {contentStart, contentEnd, indent} = expected.source;
		for (const line of linesWithOffsets(source.text, contentStart, contentEnd)) {
			const text = line.text.startsWith(indent) ? line.text.slice(indent.length) : line.text.trimStart();
			const compiled = compileLine(text);
			const lineStart = line.offset + (line.text.length - text.length);
			if (isPatternError(compiled)) {
				report(compiled.message, source.point(lineStart + compiled.column - 1), 'bad-pattern');
				continue;
			}
			if (compiled.kind !== 'pattern') continue;
			let cursor = 0;
			for (const part of compiled.parts) {
				if (part.kind === 'text') continue;
				cursor = Math.max(cursor, text.indexOf(part.raw, cursor));
				const reader = part.kind === 'capture' && part.name !== undefined ? reservedCaptureName(part.name, shell) : undefined;
				if (reader && part.kind === 'capture' && part.name) report(reservedNameMessage(part.name, reader), source.point(lineStart + cursor), 'capture-name');
				cursor += part.raw.length;
			}
		}
	}
}
