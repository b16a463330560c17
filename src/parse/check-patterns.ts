import type {Step} from '../model.js';
import {compileLine, isPatternError} from '../match/pattern.js';
import type {Report} from './diagnostics.js';
import {linesWithOffsets, type SourceMap} from './source.js';

/** Report every `{{…}}` in expected output that does not compile, at its line and column. */
export function checkPatterns(steps: readonly Step[], source: SourceMap, report: Report): void {
	for (const step of steps) {
		const expected = step.expected;
		if (!expected?.patterns) continue;
		const {contentStart, contentEnd, indent} = expected.source;
		for (const line of linesWithOffsets(source.text, contentStart, contentEnd)) {
			const text = line.text.startsWith(indent) ? line.text.slice(indent.length) : line.text.trimStart();
			const compiled = compileLine(text);
			if (isPatternError(compiled)) {
				const point = source.point(line.offset + (line.text.length - text.length) + compiled.column - 1);
				report(compiled.message, point, 'bad-pattern');
			}
		}
	}
}
