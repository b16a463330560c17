import type {ShellName} from '../model.js';

/**
 * Names a capture may not take. A captured value is set as a shell variable
 * and exported to later steps; under one of these names it would change how
 * the shell or the programs it starts behave (a `{{PATH}}`, `{{IFS}}` or
 * `{{PROMPT_COMMAND}}` would rewire every later step), or reach the engine's
 * own variables. Sources: the variables the shells document (bash(1) "Shell
 * Variables", dash(1) "Environment", zshparam(1)), glibc's list of variables
 * it drops for set-user-ID programs (`unsecvars.h`, plus `LD_*`), and macOS's
 * `DYLD_*`.
 */

/** Who reads a reserved name, for the diagnostic. */
export type Reader = 'shell' | 'loader' | 'engine';

const shell = [
	// POSIX and dash
	'PATH', 'HOME', 'IFS', 'ENV', 'CDPATH', 'PS1', 'PS2', 'PS4', 'OPTIND', 'OPTARG', 'PWD', 'OLDPWD', 'PPID', 'MAIL', 'MAILCHECK', 'MAILPATH', 'LINENO', 'FCEDIT', 'HISTSIZE', 'TERM', 'SHELL',
	// bash
	'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS0', 'PS3', 'PROMPT_COMMAND', 'PROMPT_DIRTRIM', 'GLOBIGNORE', 'FIGNORE', 'HOSTFILE', 'INPUTRC', 'TMOUT', 'POSIXLY_CORRECT', 'EXECIGNORE', 'FUNCNEST', 'COMPREPLY', 'RANDOM', 'SRANDOM', 'SECONDS', 'EPOCHREALTIME', 'EPOCHSECONDS', 'UID', 'EUID', 'GROUPS', 'HOSTNAME', 'HOSTTYPE', 'MACHTYPE', 'OSTYPE', 'SHLVL', 'PIPESTATUS', 'FUNCNAME', 'DIRSTACK', 'REPLY', 'COLUMNS', 'LINES', 'LANG', 'TEXTDOMAIN', 'TEXTDOMAINDIR', 'CHILD_MAX', 'IGNOREEOF', 'auto_resume',
	// zsh, in every shell: exported, they reach any zsh a step starts
	'PROMPT', 'PROMPT2', 'PROMPT3', 'PROMPT4', 'RPROMPT', 'RPROMPT2', 'RPS1', 'RPS2', 'ZDOTDIR', 'ARGC', 'WATCH', 'KEYTIMEOUT', 'NULLCMD', 'READNULLCMD', 'REPORTTIME', 'TIMEFMT', 'TMPPREFIX', 'WORDCHARS', 'LISTMAX', 'LOGCHECK', 'SAVEHIST', 'HISTFILE', 'STTY',
];

/** zsh's own lower-case parameters: special only in a zsh session, common words elsewhere (`{{status}}`). */
const zshOnly = ['path', 'cdpath', 'fpath', 'manpath', 'module_path', 'mailpath', 'psvar', 'prompt', 'precmd_functions', 'preexec_functions', 'chpwd_functions', 'periodic_functions', 'zshaddhistory_functions', 'zshexit_functions', 'status', 'pipestatus', 'argv', 'argv0', 'signals', 'options', 'parameters', 'commands', 'functions', 'aliases', 'builtins', 'dirstack', 'watch', 'histchars'];

const loader = ['GCONV_PATH', 'GETCONF_DIR', 'GLIBC_TUNABLES', 'HOSTALIASES', 'LOCALDOMAIN', 'LOCPATH', 'MALLOC_TRACE', 'NIS_PATH', 'NLSPATH', 'RESOLV_HOST_CONF', 'RES_OPTIONS', 'TMPDIR', 'TZDIR'];

const exact = new Map<string, Reader>([...shell.map((name) => [name, 'shell'] as const), ...loader.map((name) => [name, 'loader'] as const)]);

/** Families of names, by prefix. */
const prefixes: ReadonlyArray<readonly [string, Reader]> = [
	['BASH', 'shell'],
	['HIST', 'shell'],
	['COMP_', 'shell'],
	['READLINE_', 'shell'],
	['LC_', 'shell'],
	['ZSH', 'shell'],
	['LD_', 'loader'],
	['DYLD_', 'loader'],
	['__rb', 'engine'],
	['RUNBOOK_', 'engine'],
];

/** Who reads `name` when a capture may not take it in a session of `shell`, or undefined when it may. */
export function reservedCaptureName(name: string, shell: ShellName): Reader | undefined {
	if (shell === 'zsh' && zshOnly.includes(name)) return 'shell';
	return exact.get(name) ?? prefixes.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/** A name to use instead: `PATH` → `path_value`. */
export function suggestedCaptureName(name: string): string {
	return `${name.replace(/^_+/, '').toLowerCase() || 'captured'}_value`;
}

const why: Readonly<Record<Reader, string>> = {
	shell: 'the shell reads it',
	loader: 'the program loader reads it',
	engine: 'runbook itself uses it',
};

/** The diagnostic for a reserved capture name. */
export function reservedNameMessage(name: string, reader: Reader): string {
	return `\`{{${name}}}\` cannot be a capture name: captured values become shell variables, and ${why[reader]}, so the value would change how later steps run; name it \`${suggestedCaptureName(name)}\``;
}
