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
 *   that reads stdin cannot swallow the runbook) with stdin /dev/null.
 * - The end of a step is printed by the prompt hook (bash `PROMPT_COMMAND`,
 *   zsh `precmd`, dash a command substitution in `PS1`): the shell runs it
 *   whenever it is back at its prompt, whether the line ended, failed to
 *   parse, was aborted by an error or by SIGINT. The shell is given one line
 *   at a time, so a shell that drops its read-ahead input on an error (dash)
 *   has nothing to drop.
 * - bash reads the step as one `{ … }` group: in a sourced file bash goes on
 *   after `${X:?msg}` with the next command, and the group is that one
 *   command, so the step ends there. Its traces get one `+` too many, which
 *   a rewrite takes away (see `traceMark`).
 * - The temporary file's path is rewritten out of the shell's messages:
 *   `bash: line 1: …`, `dash: 1: …`, `zsh:1: …` read as the shell's own.
 *
 * The variables `__rb_*` are the session's own; so is file descriptor 9 in
 * `sh` sessions (dash has no higher one).
 */
export type ShellProfile = {
	readonly args: readonly string[];
	/** Lines to run once, at the start: options and the prompt hook. */
	setup(runId: string): string;
	/** The text of the step file for a step's command. */
	stepFile(command: string): string;
	/** The one command line that runs a step (the file is `$__rb_f`). */
	stepLine(marker: string, stepCookie: string, stderr: StderrMode, detach: boolean): string;
	/** Strings in the shell's output to replace: the step file's path. */
	rewrites(stepFile: string): readonly Rewrite[];
};

/** The environment variables that mark every process of a run and of a step (see `accounting.ts`). */
export const runCookie = 'RUNBOOK_RUN';
export const stepCookie = 'RUNBOOK_STEP';

const redirects: Readonly<Record<StderrMode, string>> = {merge: ' 2>&1', separate: '', ignore: ' 2>/dev/null'};

/** Sets the marker and the step's cookie; a step that may outlive the run (`detach`) goes without the run's cookie. */
function prelude(marker: string, cookie: string, detach: boolean): string {
	const run = detach ? `unset ${runCookie}; ` : `export ${runCookie}="$__rb_run"; `;
	return `__rb_m=${marker}; ${run}export ${stepCookie}=${cookie}; `;
}

/** Prints the frames. */
const hookBody = (stdoutTarget: string) =>
	`__rb_s=$?; printf '\\036%s:%s\\036' "$__rb_m" "$__rb_s"${stdoutTarget}; printf '\\036%s:0\\036' "$__rb_m" >&2`;

/**
 * bash's PS4: bash repeats its first character once per level of `.`, so a
 * step's traces would read `++`. The rewrite of `+\u0001+ ` to a space leaves
 * one `+` per level a terminal shows: `+ echo`, `++ echo` in `$(…)`.
 */
const traceMark = '+\u0001+ ';

const sourced = (command: string) => (command.endsWith('\n') ? command : `${command}\n`);

export const shells: Readonly<Record<ShellName, ShellProfile>> = {
	bash: {
		args: ['--noprofile', '--norc', '--noediting', '-i'],
		setup: (runId) =>
			[
				`set +m +H +o history; shopt -s expand_aliases; export -n PS1 PS2 PS4 2>/dev/null; PS1=''; PS2=''; PS4=$'+\\001+ '; __rb_m=; __rb_run=${runId}`,
				`__rb_e() { ${hookBody('')}; }; PROMPT_COMMAND=__rb_e`,
			].join('\n'),
		// The body on the first line keeps the step's line numbers; `:` keeps an empty group valid.
		stepFile: (command) => `{ ${sourced(command.trim() === '' ? ':' : command)}}\n`,
		stepLine: (marker, cookie, stderr, detach) => `${prelude(marker, cookie, detach)}. "$__rb_f" </dev/null${redirects[stderr]}`,
		rewrites: (file) => [
			// A syntax error quotes the line it stopped at, the group's brace included.
			[`${file}: line 1: \`{ `, 'line 1: `'],
			[`${file}: `, ''],
			[traceMark, ' '],
		],
	},
	sh: {
		args: ['-i'],
		// The hook runs in the prompt's command substitution: the stdout frame goes to the shell's stdout, kept as fd 9.
		setup: (runId) => `set +m; exec 9>&1; PS2=''; __rb_m=; __rb_run=${runId}; __rb_e() { ${hookBody(' >&9')}; }; PS1='$(__rb_e)'`,
		stepFile: sourced,
		stepLine: (marker, cookie, stderr, detach) => `${prelude(marker, cookie, detach)}. "$__rb_f" </dev/null${redirects[stderr]}`,
		rewrites: (file) => [[`${file}: `, '']],
	},
	zsh: {
		args: ['-f', '-i', '+Z'],
		setup: (runId) =>
			`unsetopt MONITOR BANG_HIST HUP ZLE PROMPT_SP PROMPT_CR; PROMPT=''; PS2=''; RPROMPT=''; __rb_m=; __rb_run=${runId}; __rb_e() { ${hookBody('')}; }; precmd_functions=(__rb_e)`,
		stepFile: sourced,
		stepLine: (marker, cookie, stderr, detach) => `${prelude(marker, cookie, detach)}. "$__rb_f" </dev/null${redirects[stderr]}`,
		rewrites: (file) => [[file, 'zsh']],
	},
};
