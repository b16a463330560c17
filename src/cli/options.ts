import {CommanderError} from 'commander';
import {cacheFolderName, noCacheVariable, parseCacheFor, type ParseCache} from '../cache/folder.js';
import {exitCodes} from '../engine/exit-codes.js';
import {maxDurationText, parseDuration} from '../parse/duration.js';
import {splitTags} from '../parse/runme.js';
import {compileGrep, type Grep} from '../select/grep.js';
import {parseShard, type Shard} from '../select/shard.js';

/** `--no-cache`, on every verb that reads runbooks: its flag and help (commander sets `cache: false`). */
export const noCacheOption = ['--no-cache', `parse every runbook: do not read or write the parse cache ($XDG_CACHE_HOME/${cacheFolderName}, else ~/.cache/${cacheFolderName}; ${noCacheVariable}=1 does the same)`] as const;

/** The parse cache of a command: none with `--no-cache` (`cache: false`) or `RUNBOOK_NO_CACHE` (`parseCacheFor`). */
export function cacheOption(cache: boolean | undefined, env: NodeJS.ProcessEnv = process.env): ParseCache | undefined {
	return parseCacheFor(cache !== false, env);
}

/** `--env NAME=VALUE`, repeatable: the variables given so far, with this one set. Exit 2 on a bad name. */
export function collectEnv(value: string, previous: Record<string, string> = {}): Record<string, string> {
	const equals = value.indexOf('=');
	if (equals <= 0 || !/^[A-Za-z_]\w*$/.test(value.slice(0, equals))) {
		throw new CommanderError(exitCodes.usage, 'runbook.env', `--env takes NAME=VALUE, not \`${value}\``);
	}
	return {...previous, [value.slice(0, equals)]: value.slice(equals + 1)};
}

/** `--secret NAME`, repeatable. */
export function collectSecret(value: string, previous: readonly string[] = []): string[] {
	if (!/^[A-Za-z_]\w*$/.test(value)) throw new CommanderError(exitCodes.usage, 'runbook.secret', `--secret takes a variable's NAME, not \`${value}\``);
	return [...previous, value];
}

/** `--tag a,b`, repeatable (Runme's tag lists). */
export function collectTags(value: string, previous: readonly string[] = []): string[] {
	const tags = splitTags(value);
	if (tags.length === 0) throw new CommanderError(exitCodes.usage, 'runbook.tag', `--tag takes tag names, such as build or build,deploy, not \`${value}\``);
	return [...previous, ...tags];
}

/** `--timeout 30s`: milliseconds. */
export function durationOption(value: string): number {
	const ms = parseDuration(value);
	if (typeof ms === 'number') return ms;
	const expected = ms.error === 'too-long' ? maxDurationText : 'a duration such as 30s or 2m';
	throw new CommanderError(exitCodes.usage, 'runbook.timeout', `--timeout takes ${expected}, not \`${value}\``);
}

/** `-j N`: a whole number of runbooks at once, 1 or more. */
export function jobsOption(value: string): number {
	const jobs = /^\d+$/.test(value) ? Number(value) : Number.NaN;
	if (!Number.isSafeInteger(jobs) || jobs < 1) throw new CommanderError(exitCodes.usage, 'runbook.jobs', `--jobs takes a whole number of runbooks to run at once, 1 or more, not \`${value}\``);
	return jobs;
}

/** `-t PATTERN` / `--grep PATTERN`: compiled on RE2; exit 2 for one RE2 does not accept. */
export function grepOption(value: string): Grep {
	const grep = compileGrep(value);
	if (typeof grep === 'string') throw new CommanderError(exitCodes.usage, 'runbook.grep', grep);
	return grep;
}

/** `--shard i/n`: exit 2 unless 1 ≤ i ≤ n. */
export function shardOption(value: string): Shard {
	const shard = parseShard(value);
	if (typeof shard === 'string') throw new CommanderError(exitCodes.usage, 'runbook.shard', shard);
	return shard;
}
