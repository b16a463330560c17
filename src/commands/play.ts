import type {ParseCache} from '../cache/index.js';
import {exitCodes} from '../engine/exit-codes.js';
import type {Output} from '../reporters/reporter.js';
import {formatDiagnostic, hasErrors} from '../parse/diagnostics.js';
import {loadRunbook, locateRunbook} from '../select/load.js';
import {UserError} from '../errors.js';

export type PlayCommandOptions = {
	readonly file: string;
	readonly auto: boolean;
	readonly from?: string;
	readonly section?: string;
	readonly env: Readonly<Record<string, string>>;
	readonly secrets?: readonly string[];
	/** `--host NAME=DEST` over `RUNBOOK_HOSTS` (`RunOptions.hosts`). */
	readonly hosts?: Readonly<Record<string, string>>;
	/** `--ssh-config FILE` or `RUNBOOK_SSH_CONFIG`, absolute (`RunOptions.sshConfig`). */
	readonly sshConfig?: string;
	readonly yes: boolean;
	readonly timeoutMs?: number;
	/** The parse cache to read and fill (`parseCacheFor`); none with `--no-cache`. */
	readonly cache?: ParseCache | undefined;
	readonly out: Output & {isTTY?: boolean};
	readonly err: Output;
	readonly cwd: string;
};

/** The run's host overrides, as `RunOptions` takes them (no key when not given). */
const hostsOf = (options: PlayCommandOptions) => ({...(options.hosts ? {hosts: options.hosts} : {}), ...(options.sshConfig === undefined ? {} : {sshConfig: options.sshConfig})});

/**
 * `runbook play`: the Ink player on a terminal; elsewhere (a pipe, CI) it says
 * so in one line and runs as `runbook test` with the pretty reporter.
 */
export async function runPlay(options: PlayCommandOptions): Promise<number> {
	const interactive = Boolean(options.out.isTTY) && Boolean(process.stdin.isTTY) && !process.env.CI;
	if (!interactive) {
		// `test` has no --from: silently running more than was asked for would be worse than refusing.
		if (options.from !== undefined) {
			throw new UserError('bad-option', 'not a terminal: --from needs the player; `runbook test` runs a whole runbook, or one section with --section');
		}
		// play takes one file: a folder or a glob is for `runbook test`.
		locateRunbook(options.file, options.cwd);
		options.err.write('runbook: not a terminal: running as `runbook test` with the pretty reporter\n');
		// The engine and the reporters load only here: the player's first frame does not wait for them.
		const {runTests} = await import('./test.js');
		return runTests({files: [options.file], ...hostsOf(options), ...(options.section === undefined ? {} : {section: options.section}), reports: [{reporter: 'pretty'}], env: options.env, secrets: options.secrets ?? [], bail: false, update: 'off', ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}), cache: options.cache, out: options.out, err: options.err, cwd: options.cwd});
	}
	const loaded = await loadRunbook(options.file, options.cwd, options.cache, Object.keys(options.hosts ?? {}));
	for (const diagnostic of loaded.diagnostics) options.err.write(`${formatDiagnostic(loaded.shown, diagnostic)}\n`);
	if (hasErrors(loaded.diagnostics)) return exitCodes.couldNotRun;
	// Ink and React load only here: `test` and `list` never pay for them.
	const {play} = await import('../ui/play.js');
	return play({
		file: loaded.file,
		source: loaded.source,
		runbook: loaded.runbook,
		env: {...options.env},
		secrets: options.secrets ?? [],
		...hostsOf(options),
		...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}),
		auto: options.auto,
		...(options.from === undefined ? {} : {from: options.from}),
		...(options.section === undefined ? {} : {section: options.section}),
		yes: options.yes,
	});
}
