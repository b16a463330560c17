import type {ShellName, StderrMode} from '../model.js';
import type {Rewrite} from './framing.js';

/**
 * How each session shell is started and fed, in one table, so that bash, sh
 * (dash) and zsh give one step the same verdict.
 *
 * - The shell runs interactive (`-i`), so that SIGINT aborts the current
 *   command line the way Ctrl-C does in a terminal and the session goes on,
 *   and so that an error that ends a script (a syntax error, `${X:?msg}`,
 *   `set -u` and an unset variable) ends the step instead of the shell.
 * - A step is one command line: its text is read from a file (so a command
 *   that reads stdin cannot swallow the runbook) with stdin /dev/null. Each
 *   step has a file of its own, written once (rewriting one file in place
 *   makes some file systems flush it: ext4 on truncation), so that steps can
 *   be written ahead, before the step before them ended (`test`).
 * - A line written ahead runs only if its stop file is absent: the engine
 *   creates that file when it is interrupted, so that no step written ahead
 *   begins after the interrupt (bash and zsh keep their unread input over
 *   SIGINT and errors; dash drops it on an error, so its steps are never
 *   written ahead: `aheadAllowed`).
 * - The end of a step is printed by the prompt hook (bash `PROMPT_COMMAND`,
 *   zsh `precmd`, dash a command substitution in `PS1`): the shell runs it
 *   whenever it is back at its prompt, whether the line ended, failed to
 *   parse, was aborted by an error or by SIGINT. The shell is given one line
 *   at a time, so a shell that drops its read-ahead input on an error (dash)
 *   has nothing to drop. The step line prints a start frame first, so that
 *   an interrupt that comes before the shell read the line waits for it.
 * - Frames go to copies of the shell's stdout and stderr made at the start
 *   (bash and zsh: descriptors the shell picks, 10 and up; dash: 9 and 8), so
 *   that a step's `exec >/dev/null` cannot hide its end. The hook and the
 *   step line's own commands run with `set -x` off; the step's text runs
 *   with it as the step before left it.
 * - bash reads the step as one `{ … }` group: in a sourced file bash goes on
 *   after `${X:?msg}` with the next command, and the group is that one
 *   command, so the step ends there. Its traces get one `+` too many, which
 *   a rewrite takes away (see `traceMark`).
 * - The temporary file's path is rewritten out of the shell's messages:
 *   `bash: line 1: …`, `dash: 1: …`, `zsh:1: …` read as the shell's own.
 *
 * The variables and functions `__rb_*` are the session's own, and so are
 * file descriptors 8 and 9 in `sh` sessions (dash has no higher ones).
 * `PROMPT_COMMAND` (bash), `precmd_functions` (zsh) and `PS1` (dash) are
 * read-only: a step that sets them fails instead of hanging.
 */
export type ShellProfile = {
	readonly args: readonly string[];
	/** Lines to run once, at the start: options and the prompt hook. */
	setup(runId: string): string;
	/** The text of the step file for a step's command. */
	stepFile(command: string): string;
	/** The one command line that runs a step: its file, unless the stop file exists. */
	stepLine(marker: string, files: StepFiles, stepCookie: string, stderr: StderrMode, detach: boolean): string;
	/** Whether lines may be written before the one before them ended (the shell keeps unread input over errors). */
	readonly aheadAllowed: boolean;
	/** Strings in the shell's output to replace: the step file's path. */
	rewrites(stepFile: string): readonly Rewrite[];
	/** The same for a background step's file, read by a subshell (bash names the file, not itself, there). */
	backgroundRewrites?(file: string): readonly Rewrite[];
};

/** A word quoted for every session shell: `it's` → `'it'\''s'`. */
export const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The environment variables that mark every process of a run and of a step (see `accounting.ts`). */
export const runCookie = 'RUNBOOK_RUN';
export const stepCookie = 'RUNBOOK_STEP';

const redirects: Readonly<Record<StderrMode, string>> = {merge: ' 2>&1', separate: '', ignore: ' 2>/dev/null'};

/**
 * A step line's files: the step's text, and the file whose presence says not
 * to begin it. On a remote host (`remote/remote-files.ts`) they are shell
 * words as they stand (`$__rb_dir/step-3.sh`: no quote, no blank), and the
 * step file's text comes in the line itself (`carry`, base64), written to
 * the file just before it is read, so that a step costs no round trip more.
 */
export type StepFiles = {
	readonly step: string;
	readonly stop: string;
	/** The step file's text, base64 (no quote, no blank): the line writes it to `step` first. */
	readonly carry?: string;
	/** `step` and `stop` are shell words already (not escaped again). */
	readonly words?: boolean;
};

/** Where frames go: the copies of stdout and stderr made at the start. */
type Targets = {readonly out: string; readonly err: string};

const saved: Targets = {out: '>&$__rb_out', err: '>&$__rb_err'};
const dashSaved: Targets = {out: '>&9', err: '>&8'};

/**
 * A word escaped with backslashes, not quotes (`a b` → `a\ b`), for the
 * step line; one with a newline is quoted ({@link shellQuote}).
 */
const shellEscape = (text: string) => (text.includes('\n') ? shellQuote(text) : text.replace(/[^\w./-]/g, '\\$&'));

/**
 * The step line: `set -x` off (remembering whether it was on), the marker;
 * then, unless the stop file exists, the cookies, the start frame and the
 * step's file. A step that may outlive the run (`detach`) goes without the
 * run's cookie. The prompt hook prints the end frames either way: a line
 * that ends without a start frame did not begin.
 *
 * The line holds no quote: a SIGINT can make bash drop the part of a line it
 * has read and run the rest as a line of its own, and the rest of a line cut
 * inside quotes would open a string that swallows every line after it. Cut
 * anywhere else, the rest is a syntax error (it is dropped whole: bash
 * parses a line before it runs any of it) or the line from its marker on.
 */
function stepLine(marker: string, files: StepFiles, cookie: string, detach: boolean, to: Targets, redirect: string): string {
	const run = detach ? `unset ${runCookie}; ` : `export ${runCookie}=$__rb_run; `;
	const quiet = '{ case $- in *x*) __rb_x=x; set +x;; esac; } 2>/dev/null; ';
	const word = files.words ? (text: string) => text : shellEscape;
	// Written before the cookies: `base64` is the session's, not the step's.
	const carry = files.carry === undefined ? '' : `printf %s ${files.carry} | base64 -d >${word(files.step)}; `;
	const begin = `${run}export ${stepCookie}=${cookie}; printf \\\\036%s:s\\\\036 $__rb_m ${to.out}; `;
	return `${quiet}__rb_m=${marker}; if [ -e ${word(files.stop)} ]; then ${traceAgain}else ${carry}${begin}. ${word(files.step)} </dev/null${redirect}; fi`;
}

/** The prompt hook's body: the step's status, then both frames. */
const hookBody = (to: Targets, then = '') => `__rb_s=$?; ${then}printf '\\036%s:%s\\036' "$__rb_m" "$__rb_s" ${to.out}; printf '\\036%s:0\\036' "$__rb_m" ${to.err}`;

/** Turns `set -x` back on for the step's text if the step before left it on (inline: zsh restores `xtrace` when a function returns). */
const traceAgain = 'case $__rb_x in x) __rb_x=; set -x;; esac; ';

/**
 * bash's PS4: bash repeats its first character once per level of `.`, so a
 * step's traces would read `++`. The rewrite of `+\u0001+ ` to a space leaves
 * one `+` per level a terminal shows: `+ echo`, `++ echo` in `$(…)`.
 */
const traceMark = '+\u0001+ ';

const sourced = (command: string) => (command.endsWith('\n') ? command : `${command}\n`);

/** The step's text after {@link traceAgain} on its first line (line numbers stay the step's own). */
const withTrace = (command: string) => `${traceAgain}${sourced(command)}`;

export const shells: Readonly<Record<ShellName, ShellProfile>> = {
	bash: {
		args: ['--noprofile', '--norc', '--noediting', '-i'],
		setup: (runId) =>
			[
				`set +m +H +o history; shopt -s expand_aliases; export -n PS1 PS2 PS4 2>/dev/null; PS1=''; PS2=''; PS4=$'+\\001+ '; __rb_m=; __rb_x=; __rb_run=${runId}`,
				'exec {__rb_out}>&1 {__rb_err}>&2',
				`__rb_e() { ${hookBody(saved)}; }; PROMPT_COMMAND='{ __rb_e; } 2>/dev/null'; readonly PROMPT_COMMAND`,
			].join('\n'),
		// One group, read whole: a guard ends it. The empty line ends a last line's backslash.
		stepFile: (command) => `{ ${withTrace(command)}\n}\n`,
		stepLine: (marker, files, cookie, stderr, detach) => stepLine(marker, files, cookie, detach, saved, redirects[stderr]),
		aheadAllowed: true,
		rewrites: (file) => [
			// A syntax error quotes the line it stopped at, the group's head included.
			[`${file}: line 1: \`{ ${traceAgain}`, 'line 1: `'],
			[`${file}: `, ''],
			[traceMark, ' '],
		],
		backgroundRewrites: (file) => [
			[`${file}: `, 'bash: '],
			[traceMark, ' '],
		],
	},
	sh: {
		args: ['-i'],
		// The hook runs in the prompt's command substitution, whose own output is the prompt: frames go to 9 and 8.
		setup: (runId) =>
			[
				`set +m; exec 9>&1 8>&2; PS2=''; __rb_m=; __rb_x=; __rb_run=${runId}`,
				// A Ctrl-C meant for the step must not cut the hook's fork short.
				`__rb_e() { ${hookBody(dashSaved, "trap '' INT; ")}; } 2>/dev/null; PS1='$(__rb_e)'; readonly PS1`,
			].join('\n'),
		stepFile: withTrace,
		stepLine: (marker, files, cookie, stderr, detach) => stepLine(marker, files, cookie, detach, dashSaved, redirects[stderr]),
		// dash drops what it read ahead when a command line fails: one line at a time.
		aheadAllowed: false,
		rewrites: (file) => [[`${file}: `, '']],
	},
	zsh: {
		args: ['-f', '-i', '+Z'],
		setup: (runId) =>
			[
				`unsetopt MONITOR BANG_HIST HUP ZLE PROMPT_SP PROMPT_CR; PROMPT=''; PS2=''; RPROMPT=''; __rb_m=; __rb_x=; __rb_run=${runId}`,
				'exec {__rb_out}>&1 {__rb_err}>&2',
				`__rb_e() { ${hookBody(saved)}; } 2>/dev/null; precmd_functions=(__rb_e); readonly precmd_functions`,
			].join('\n'),
		stepFile: withTrace,
		stepLine: (marker, files, cookie, stderr, detach) => stepLine(marker, files, cookie, detach, saved, redirects[stderr]),
		aheadAllowed: true,
		rewrites: (file) => [[file, 'zsh']],
	},
};
