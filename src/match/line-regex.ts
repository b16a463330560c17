/**
 * A pattern line compiled for matching, on RE2 (`regex.ts`): linear in the
 * actual line's length, whatever the patterns.
 */
import {compileRegex, quoteRegex, type Regex} from './regex.js';

/** A piece of a pattern line; `raw` is a pattern's text as written (`[..]`, `{{id:hex}}`). */
export type LinePart =
	| {readonly kind: 'text'; readonly text: string}
	| {readonly kind: 'any'; readonly raw: string}
	| {readonly kind: 'capture'; readonly name: string | undefined; readonly source: string; readonly raw: string};

/** A pattern line compiled for matching. */
export type LineRegex = {
	/** Whether the whole line matches. */
	test(line: string): boolean;
	/** The values of the names not bound before, when the whole line matches; undefined when it does not. */
	exec(line: string): ReadonlyMap<string, string> | undefined;
};

/**
 * Assertions that look at the characters around them (`^`, `$`, `\b`, `\B`,
 * `\A`, `\z`): a pattern holding one is matched with the whole line around it.
 * Read from the source's text, so an escaped `\^` counts too (only slower).
 */
const lookingAround = /[\^$]|\\[bBAz]/;

/** From this length on, a line is first tried on RE2's DFA (see `lineRegex`). */
const dfaFrom = 4096;

/** Lines compiled with no value bound, by their parts: `check`'s compile is the one matching uses. */
const unbound = new WeakMap<readonly LinePart[], {regex: LineRegex}>();

/**
 * Build the anchored regex of a pattern line. Names already bound (earlier lines,
 * earlier steps) must match their value again, so they are matched literally.
 * A name that appears twice on the line must take the same text at each place:
 * RE2 has no backreferences, so each place is matched by the first place's
 * pattern, as RE2 reads the line (leftmost-first: from the left, each pattern
 * as long as the rest of the line allows), and the values are compared after.
 *
 * Literal text before the first pattern and after the last is compared as
 * text (when no pattern looks around itself), so that lines that differ only
 * there share one compiled expression. Throws re2js's exception when the
 * line's patterns do not compile together.
 */
export function lineRegex(parts: readonly LinePart[], bound: ReadonlyMap<string, string>): {regex: LineRegex} {
	const binds = parts.some((part) => part.kind === 'capture' && part.name !== undefined && bound.has(part.name));
	const known = binds ? undefined : unbound.get(parts);
	if (known) return known;
	const pieces = parts.map((part) => (part.kind === 'capture' && part.name !== undefined && bound.has(part.name) ? {kind: 'text' as const, text: bound.get(part.name) ?? ''} : part));
	const looks = pieces.some((part) => part.kind === 'capture' && lookingAround.test(part.source));
	let start = 0;
	let end = pieces.length;
	let prefix = '';
	let suffix = '';
	if (!looks && pieces.some((part) => part.kind !== 'text')) {
		for (; pieces[start]?.kind === 'text'; start++) prefix += (pieces[start] as {text: string}).text;
		for (; pieces[end - 1]?.kind === 'text'; end--) suffix = (pieces[end - 1] as {text: string}).text + suffix;
	}
	// Each place of a name is a group of its own (`g` and its number), and holds that name.
	const groups: {readonly group: string; readonly name: string}[] = [];
	const firstSource = new Map<string, string>();
	let source = '';
	let previous: LinePart['kind'] | undefined;
	for (const part of pieces.slice(start, end)) {
		if (part.kind === 'text') source += quoteRegex(part.text);
		else if (part.kind === 'any') source += previous === 'any' ? '' : '.*';
		else if (part.name === undefined) source += `(?:${part.source})`;
		else {
			const group = `g${groups.length}`;
			const pattern = firstSource.get(part.name) ?? part.source;
			firstSource.set(part.name, pattern);
			groups.push({group, name: part.name});
			source += `(?P<${group}>${pattern})`;
		}
		previous = part.kind;
	}
	const regex: Regex = compileRegex(source);
	const repeated = groups.length > firstSource.size;
	const sole = groups.length === 1 && end - start === 1 ? groups[0]?.name : undefined;
	/** The part of the line the expression must match, or undefined when the literal ends differ. */
	const core = (line: string): string | undefined => {
		if (line.length < prefix.length + suffix.length || !line.startsWith(prefix) || !line.endsWith(suffix)) return undefined;
		return prefix || suffix ? line.slice(prefix.length, line.length - suffix.length) : line;
	};
	/** Whether the expression matches all of `text`: short texts on the NFA (a DFA costs more to build than it saves), long ones on the DFA. */
	const whole = (text: string) => (text.length >= dfaFrom ? regex.testExact(text) : regex.matcher(text).matches());
	const exec = (line: string): ReadonlyMap<string, string> | undefined => {
		const text = core(line);
		if (text === undefined) return undefined;
		if (groups.length === 0) return whole(text) ? new Map() : undefined;
		// `key: {{value}}`: the one group is all that the literal ends leave, so its value is that text.
		if (sole) return whole(text) ? new Map([[sole, text]]) : undefined;
		// On a long line the DFA says no fastest; the groups are read only for a line that matches.
		if (text.length >= dfaFrom && !regex.testExact(text)) return undefined;
		const matcher = regex.matcher(text);
		if (!matcher.matches()) return undefined;
		const values = new Map<string, string>();
		for (const {group, name} of groups) {
			const value = matcher.group(group) ?? '';
			if (values.has(name) && values.get(name) !== value) return undefined;
			values.set(name, value);
		}
		return values;
	};
	const test = (line: string) => {
		if (repeated) return exec(line) !== undefined;
		const text = core(line);
		return text !== undefined && whole(text);
	};
	const compiled = {regex: {test, exec}};
	if (!binds) unbound.set(parts, compiled);
	return compiled;
}
