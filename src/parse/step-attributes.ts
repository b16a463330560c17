import type {AnsiMode, ExitExpectation, StderrMode, StepAttributes} from '../model.js';
import {readyFlags, regexProblem} from '../match/regex.js';
import type {RawAttribute} from './attributes.js';
import {closest, levenshtein, type Report} from './diagnostics.js';
import {maxDurationText, parseDuration} from './duration.js';
import {hostNamePattern, hostNameRule} from './destination.js';
import {excludedFromRunAll, isRunmeDisplayAttribute, runmeAttributeNames, splitTags} from './runme.js';

export const stepAttributeNames = [
	'name',
	'timeout',
	'exit',
	'retry',
	'every',
	'skip',
	'background',
	'ready',
	'cleanup',
	'stderr',
	'ansi',
	'interactive',
	'grace',
	'detach',
	'required',
	'host',
	...runmeAttributeNames,
] as const;

/**
 * A step's name: any text without control characters or blanks at its ends.
 * Runme's names may hold `:` and spaces (`docker:build`, `build image`).
 */
const validName = /^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;

export const outputAttributeNames = ['expect', 'patterns'] as const;

type Parsed = {attributes: StepAttributes; name?: string};

/**
 * Turn raw attributes into validated step attributes; every mistake is reported.
 * Runme's attributes are read in both its forms (`{"key":"value"}`, marked by
 * `options.json`, and `{ key=value }`): see `runme.ts` for what each one does.
 */
export function validateStepAttributes(raw: readonly RawAttribute[], report: Report, options: {json: boolean}): Parsed {
	const result: {-readonly [K in keyof StepAttributes]: StepAttributes[K]} = {
		exit: {kind: 'code', code: 0},
		everyMs: 1000,
		background: false,
		cleanup: false,
		stderr: 'merge',
		ansi: 'strip',
		interactive: false,
	};
	let name: string | undefined;
	for (const [index, attribute] of raw.entries()) {
		const {key, value} = attribute;
		const shown = value === true || value === '' ? 'nothing' : `\`${value}\``;
		const bad = (expected: string) => report(`bad value for \`${key}\`: ${shown} (expected ${expected})`, attribute, 'attribute-value');
		const duration = () => {
			const ms = typeof value === 'string' ? parseDuration(value) : {error: 'syntax'};
			if (typeof ms === 'number') return ms;
			bad(ms.error === 'too-long' ? maxDurationText : 'a duration such as 500ms, 30s, 2m or 1m30s');
			return undefined;
		};
		const flag = () => {
			if (value === true || value === 'true') return true;
			if (value === 'false') return false;
			bad('no value, `true` or `false`');
			return false;
		};
		const text = (expected: string) => {
			if (typeof value === 'string' && value.trim()) return value.trim();
			bad(expected);
			return undefined;
		};
		if (isRunmeDisplayAttribute(key)) continue;
		// `interactive=true|false` is Runme's: VS Code writes `true`, its default, on ordinary cells. runbook's is the bare flag.
		if (key === 'interactive' && (options.json || value !== true)) continue;
		switch (key) {
			case 'name': {
				// Runme's rule: an empty name is no name (the default one is given).
				if (options.json && value === '') break;
				if (typeof value !== 'string' || !validName.test(value)) bad('a name: text without control characters or blanks at its ends');
				else name = value;
				break;
			}
			case 'excludeFromRunAll': {
				if (flag() && result.skip === undefined) result.skip = excludedFromRunAll;
				break;
			}
			case 'host': {
				// Whether the name is declared is `unknown-host.ts`'s check.
				if (typeof value === 'string' && hostNamePattern.test(value)) result.host = value;
				else bad(`a host name: ${hostNameRule}`);
				break;
			}
			case 'cwd': {
				const folder = text('a folder, relative to the runbook\'s working folder');
				if (folder !== undefined) result.cwd = folder;
				break;
			}
			case 'interpreter': {
				const program = text('a program, such as python3 or /usr/bin/env node');
				if (program !== undefined) result.interpreter = program;
				break;
			}
			case 'tag':
			case 'category': {
				const tags = text('tags separated by commas, such as build,deploy');
				if (tags !== undefined) result.tags = [...new Set([...(result.tags ?? []), ...splitTags(tags)])];
				break;
			}
			case 'timeout': {
				const ms = duration();
				if (ms !== undefined) result.timeoutMs = ms;
				break;
			}
			case 'retry': {
				const ms = duration();
				if (ms !== undefined) result.retryMs = ms;
				break;
			}
			case 'every': {
				const ms = duration();
				if (ms !== undefined) result.everyMs = ms;
				break;
			}
			case 'grace': {
				const ms = duration();
				if (ms !== undefined) result.graceMs = ms;
				break;
			}
			case 'exit': {
				const exit = parseExit(value);
				if (exit) result.exit = exit;
				else bad('a number from 0 to 255, `nonzero` or `any`');
				break;
			}
			case 'skip': {
				if (value === true || value === 'true') result.skip = '';
				else if (value !== 'false') result.skip = value;
				break;
			}
			case 'background':
			case 'cleanup':
			case 'detach':
			case 'required': {
				result[key] = flag();
				break;
			}
			case 'interactive': {
				result.interactive = true;
				break;
			}
			case 'ready': {
				const literal = typeof value === 'string' ? /^\/(.*)\/([a-z]*)$/s.exec(value) : undefined;
				const source = literal?.[1];
				const flags = literal?.[2] ?? '';
				if (source === undefined) {
					bad('a regular expression between slashes, such as /listening on/ or /Listening/i');
					break;
				}
				if (![...flags].every((flag) => readyFlags.includes(flag))) {
					bad(`flags among ${[...readyFlags].join(', ')} after the closing slash`);
					break;
				}
				const problem = regexProblem(source, 'ready');
				if (problem) {
					report(`bad regular expression for \`ready\`: ${problem.message}`, attribute, 'attribute-value');
					break;
				}
				result.ready = source;
				if (flags) result.readyFlags = flags;
				break;
			}
			case 'stderr': {
				if (value === 'merge' || value === 'separate' || value === 'ignore') result.stderr = value satisfies StderrMode;
				else bad('`merge`, `separate` or `ignore`');
				break;
			}
			case 'ansi': {
				if (value === 'strip' || value === 'keep') result.ansi = value satisfies AnsiMode;
				else bad('`strip` or `keep`');
				break;
			}
			default: {
				const before = raw[index - 1];
				// `{ interpreter=/usr/bin/env node }`: the value ends at the blank.
				if (value === true && before?.key === 'interpreter' && typeof before.value === 'string') {
					report(`\`${key}\` after \`interpreter=${before.value}\`: an interpreter with arguments is quoted, interpreter="${before.value} ${key}"`, attribute, 'attribute-syntax');
				} else unknownAttribute(attribute, stepAttributeNames, report);
			}
		}
	}
	checkCombinations(raw, result, report);
	return name === undefined ? {attributes: result} : {attributes: result, name};
}

/**
 * Attributes that are each valid but mean nothing, or something else than
 * meant, together: never silently ignored.
 */
function checkCombinations(raw: readonly RawAttribute[], attributes: StepAttributes, report: Report): void {
	const at = (key: string) => raw.findLast((attribute) => attribute.key === key) ?? {line: 1, column: 1};
	const has = (key: string) => raw.some((attribute) => attribute.key === key);
	if (attributes.ready !== undefined && !attributes.background) {
		report('`ready` waits for the output of a `background` step: add `background`, or remove `ready`', at('ready'), 'attribute-combination');
	}
	if (attributes.cleanup && attributes.background) {
		report('a `cleanup` step runs at the end of the run and must finish there: it cannot also be `background`', at('background'), 'attribute-combination');
	}
	if (has('every') && attributes.retryMs === undefined) {
		report('`every` is how often `retry` runs the step again: without `retry` it does nothing', at('every'), 'attribute-combination', 'warning');
	} else if (attributes.retryMs !== undefined && attributes.everyMs > attributes.retryMs) {
		report('`every` is longer than `retry`: the step would not run a second time', at('every'), 'attribute-combination', 'warning');
	}
	if (attributes.timeoutMs === 0) {
		report('bad value for `timeout`: `0` would stop the step at once (leave `timeout` out for the default)', at('timeout'), 'attribute-value');
	}
	const skip = attributes.skip;
	if (skip && /^[a-z]+$/i.test(skip) && ['false', 'true'].some((word) => skip.toLowerCase() !== word && levenshtein(skip.toLowerCase(), word) <= 2)) {
		report(`\`skip=${skip}\` reads as a reason to skip the step: did you mean \`skip=false\` or \`skip=true\`? (quote a reason: \`skip="…"\`)`, at('skip'), 'attribute-value', 'warning');
	}
}

/** Attributes of an expected-output block: `expect`, `patterns=on|off`. */
export function validateOutputAttributes(raw: readonly RawAttribute[], report: Report): {patterns: boolean} {
	let patterns = true;
	for (const attribute of raw) {
		if (attribute.key === 'expect') continue;
		if (attribute.key === 'patterns') {
			if (attribute.value === 'off' || attribute.value === 'false') patterns = false;
			else if (attribute.value === 'on' || attribute.value === true || attribute.value === 'true') patterns = true;
			else report(`bad value for \`patterns\`: \`${attribute.value}\` (expected \`on\` or \`off\`)`, attribute, 'attribute-value');
			continue;
		}
		unknownAttribute(attribute, outputAttributeNames, report);
	}
	return {patterns};
}

function unknownAttribute(attribute: RawAttribute, valid: readonly string[], report: Report): void {
	const suggestion = closest(attribute.key, valid);
	const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
	report(`unknown attribute \`${attribute.key}\`${hint}; valid: ${valid.join(', ')}`, attribute, 'unknown-attribute');
}

function parseExit(value: string | true): ExitExpectation | undefined {
	if (value === 'nonzero' || value === 'any') return {kind: value};
	if (typeof value === 'string' && /^\d{1,3}$/.test(value) && Number(value) <= 255) return {kind: 'code', code: Number(value)};
	return undefined;
}
