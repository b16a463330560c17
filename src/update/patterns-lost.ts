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
		let at = 0;
		for (const part of compiled.parts) {
			if (part.kind === 'text') {
				at += part.text.length;
				continue;
			}
			const end = part.kind === 'any' ? at + '[..]'.length : placeholderEnd(line, at);
			found.push(line.slice(at, end));
			at = end;
		}
	}
	return found;
}

/**
 * Where the `{{…}}` that starts at `start` ends: at the shortest text from
 * there that compiles to that one placeholder alone (a placeholder ends at the
 * first `}}`, or `/}}` for a regular expression, so no shorter text compiles).
 */
function placeholderEnd(line: string, start: number): number {
	for (let end = start + 4; end <= line.length; end++) {
		const alone = compileLine(line.slice(start, end));
		if (!isPatternError(alone) && alone.kind === 'pattern' && alone.parts.length === 1 && alone.parts[0]?.kind === 'capture') return end;
	}
	return line.length;
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
