/**
 * Which runbooks `runbook test`, `check` and `list` work on: the paths given
 * (files, folders, globs), in order and without repeats, less the files with
 * no step that a folder or glob reached, then `-t`, then `--shard`.
 */
import type {ParseCache} from '../cache/index.js';
import {isUserError, UserError} from '../errors.js';
import {loadRunbook, type Loaded} from './load.js';
import {describeSubjects, grepMatches, type Grep, type GrepSubject} from './grep.js';
import {shownPath} from './order.js';
import {reach, type Reached} from './reach.js';
import {pickShard, type Shard} from './shard.js';
import {plural} from '../plural.js';

/** A selected file: loaded, or the error of a file named on the command line that could not be (not found, a folder, unreadable). */
export type Selected =
	| {readonly ok: true; readonly loaded: Loaded}
	| {readonly ok: false; readonly given: string; readonly file: string; readonly error: UserError};

export type SelectOptions = {
	readonly cwd: string;
	/** `-t PATTERN`: only the runbooks whose path or title it matches. */
	readonly grep?: Grep | undefined;
	/** `--shard i/n`: only that part of what the paths and `-t` selected. */
	readonly shard?: Shard | undefined;
	/** The parse cache to read and fill (`parseCacheFor`); none: every file is parsed. */
	readonly cache?: ParseCache | undefined;
	/** Host names the run defines besides each runbook's `hosts:` (`--host`, `RUNBOOK_HOSTS`): known to `unknown-host`. */
	readonly runHosts?: readonly string[] | undefined;
};

export type FileSelection = {
	readonly selected: readonly Selected[];
	/** Files a folder or glob reached that have no step, as shown (relative to cwd): passed over, named with `--verbose`. */
	readonly passedOver: readonly string[];
	/** True when every path named a file (no folder, no glob): the command line asked for those files themselves. */
	readonly onlyFiles: boolean;
	/** Before `--shard`: how many runbooks there were, and their steps. */
	readonly total: {readonly files: number; readonly steps: number};
};

type Entry = {file: string; given: string; explicit: boolean; error?: UserError};

/**
 * Select the runbooks named by `paths`: each path in the order given; in a
 * folder or glob, the files sorted by path (`search.ts`). A file reached twice
 * counts once, where it came first, and as named (its no-step check kept) if
 * it was named anywhere. Then files with no step that only a folder or glob
 * reached are passed over; `-t` keeps those whose path or title matches;
 * `--shard` keeps one part (`splitShards`). Throws a UserError (exit 2) for a
 * folder or glob that selects no runbook, and for a `-t` that matches none
 * (listing what there was). A file named explicitly that cannot be loaded
 * stays in the list with its error: the command reports it in its place.
 */
export async function selectRunbooks(paths: readonly string[], options: SelectOptions): Promise<FileSelection> {
	const {cwd} = options;
	const reached: Reached[] = [];
	for (const given of paths) reached.push(await reach(given, cwd));
	const entries = new Map<string, Entry>();
	for (const item of reached) {
		for (const file of item.kind === 'file' ? [item.file] : item.files) {
			const known = entries.get(file);
			if (known) known.explicit ||= item.kind === 'file';
			else if (item.kind === 'file') entries.set(file, {file, given: item.given, explicit: true, ...(item.error ? {error: item.error} : {})});
			else entries.set(file, {file, given: shownPath(file, cwd), explicit: false});
		}
	}
	const passedOver = new Set<string>();
	const selected: Selected[] = [];
	for (const entry of entries.values()) {
		const one = await load(entry, cwd, options.cache, options.runHosts ?? []);
		if (one.ok && !entry.explicit && one.loaded.runbook.steps.length === 0) passedOver.add(entry.file);
		else selected.push(one);
	}
	for (const item of reached) if (item.kind !== 'file') checkReached(item, passedOver);
	const grepped = options.grep ? grepSelected(selected, options.grep, cwd) : selected;
	const weighed = grepped.map((one) => ({one, path: shownPath(fileOf(one), cwd), steps: one.ok ? one.loaded.runbook.steps.length : 0}));
	const total = {files: weighed.length, steps: weighed.reduce((sum, item) => sum + item.steps, 0)};
	const kept = options.shard ? pickShard(weighed, options.shard) : weighed;
	return {selected: kept.map((item) => item.one), passedOver: [...passedOver].map((file) => shownPath(file, cwd)), onlyFiles: reached.every((item) => item.kind === 'file'), total};
}

const fileOf = (one: Selected) => (one.ok ? one.loaded.file : one.file);

async function load(entry: Entry, cwd: string, cache: ParseCache | undefined, runHosts: readonly string[]): Promise<Selected> {
	if (entry.error) return {ok: false, given: entry.given, file: entry.file, error: entry.error};
	try {
		return {ok: true, loaded: await loadRunbook(entry.given, cwd, cache, runHosts)};
	} catch (error) {
		if (!isUserError(error)) throw error;
		return {ok: false, given: entry.given, file: entry.file, error};
	}
}


/** A folder or glob that selects no runbook is a mistake in the command: say what it found. */
function checkReached(item: Extract<Reached, {kind: 'folder' | 'glob'}>, passedOver: ReadonlySet<string>): void {
	if (item.files.some((file) => !passedOver.has(file))) return;
	const folder = item.kind === 'folder';
	const where = folder ? `${item.given}: no runbook in this folder` : `${item.given}: no runbook matches this glob`;
	const count = item.files.length;
	const found = folder ? (count === 0 ? 'it holds no Markdown file (*.md)' : `${plural(count, 'Markdown file')} in it, none with a step`) : count === 0 ? 'it matches no file' : `it matches ${plural(count, 'file')}, none with a step`;
	const ignored = item.ignored > 0 ? `, besides ${item.ignored} that .gitignore leaves out` : '';
	throw new UserError('no-runbook', `${where}: ${found}${ignored}`);
}

function grepSelected(selected: readonly Selected[], grep: Grep, cwd: string): Selected[] {
	const subjects = selected.map((one): GrepSubject => ({path: shownPath(fileOf(one), cwd), ...(one.ok ? {title: one.loaded.runbook.title} : {})}));
	const kept = selected.filter((_, position) => {
		const subject = subjects[position];
		return subject !== undefined && grepMatches(grep, subject);
	});
	if (kept.length === 0) {
		const there = selected.length === 0 ? 'no runbook was selected' : `${plural(selected.length, 'runbook')}: ${describeSubjects(subjects)}`;
		throw new UserError('bad-option', `-t ${grep.source}: no runbook's path or title matches (${there})`);
	}
	return kept;
}
