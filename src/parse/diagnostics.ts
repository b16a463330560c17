import {VFile} from 'vfile';
import type {VFileMessage} from 'vfile-message';
import {visibleLine} from '../match/visible.js';

export type Severity = 'error' | 'warning';

/** A positioned authoring mistake. Line and column are 1-based. */
export type Diagnostic = {
	readonly message: string;
	readonly line: number;
	readonly column: number;
	readonly rule: string;
	readonly severity: Severity;
};

export type Report = (message: string, place: {line: number; column: number}, rule: string, severity?: Severity) => void;

/** Collects diagnostics while parsing; `report` is handed to the parse helpers. */
export function createCollector(): {report: Report; diagnostics: Diagnostic[]} {
	const diagnostics: Diagnostic[] = [];
	const report: Report = (message, place, rule, severity = 'error') => {
		diagnostics.push({message, line: place.line, column: place.column, rule, severity});
	};
	return {report, diagnostics};
}

/** The diagnostics as unified's vfile messages, for tools that speak vfile. */
export function toVFileMessages(path: string, diagnostics: readonly Diagnostic[]): VFileMessage[] {
	const file = new VFile({path});
	return diagnostics.map((d) => {
		const message = file.message(d.message, {place: {line: d.line, column: d.column}, ruleId: d.rule, source: 'runbook'});
		message.fatal = d.severity === 'error';
		return message;
	});
}

/**
 * `FILE:LINE:COL: message [rule]`, warnings marked as such: one line, with
 * the control characters that the path or the text a message quotes from the
 * file may hold shown as escapes (`\x1b[2J`, see `visibleLine`), never raw.
 */
export function formatDiagnostic(path: string, d: Diagnostic): string {
	const prefix = d.severity === 'warning' ? 'warning: ' : '';
	return `${visibleLine(path)}:${d.line}:${d.column}: ${prefix}${visibleLine(d.message)} [${d.rule}]`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
	return diagnostics.some((d) => d.severity === 'error');
}

/** Edit distance, for "did you mean" suggestions. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return bestDistance <= Math.max(2, Math.floor(word.length / 2)) ? best : undefined;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`. */
export function levenshtein(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}
