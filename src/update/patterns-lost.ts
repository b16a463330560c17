import {compileLine, isPatternError} from '../match/pattern.js';

/**
 * The patterns written in expected-output text, each as written, in order:
 * `...` (a line of its own), `[..]`, `{{name}}`, `{{name:TYPE}}`, `{{/re/}}`.
 * Read by `compileLine`, the matcher's own reading: a line that does not
 * compile holds none (`check` reports it). Pure.
 *
 * @example patternsIn('id {{id:hex64}} at [..]\n...') // ['{{id:hex64}}', '[..]', '...']
 */
export function patternsIn(text: string): string[] {
	const found: string[] = [];
	for (const line of text.split(/\r?\n/)) {
		const compiled = compileLine(line);
		if (isPatternError(compiled) || compiled.kind === 'literal') continue;
		if (compiled.kind === 'ellipsis') {
			found.push(line.trim());
			continue;
		}
		for (const part of compiled.parts) if (part.kind !== 'text') found.push(part.raw);
	}
	return found;
}

/**
 * The patterns of the expected output `before` that `after` no longer holds,
 * counted one by one (two `[..]` before and one after lose one), in the order
 * they appear before: what writing `after` over `before` would lose. Text in
 * a block with `patterns=off` holds no patterns: do not ask about it. Pure.
 *
 * @example patternsLost('{{id:hex64}}\n[..] done', 'Cannot connect\n[..] done') // ['{{id:hex64}}']
 */
export function patternsLost(before: string, after: string): string[] {
	const left = new Map<string, number>();
	for (const pattern of patternsIn(after)) left.set(pattern, (left.get(pattern) ?? 0) + 1);
	const lost: string[] = [];
	for (const pattern of patternsIn(before)) {
		const count = left.get(pattern) ?? 0;
		if (count > 0) left.set(pattern, count - 1);
		else lost.push(pattern);
	}
	return lost;
}
