/**
 * The runbook model: plain data produced by `parse/`, consumed by the engine,
 * the matcher, the updater and both front ends.
 */
import type {RootContent} from 'mdast';

/** A point in the source: 1-based line and column, 0-based string offset. */
export type Point = {
	readonly line: number;
	readonly column: number;
	readonly offset: number;
};

/** A range of the source, `end` exclusive. */
export type Span = {
	readonly start: Point;
	readonly end: Point;
};

export type ShellName = 'bash' | 'sh' | 'zsh';

export type StderrMode = 'merge' | 'separate' | 'ignore';

export type AnsiMode = 'strip' | 'keep';

/** `exit=N|nonzero|any`. */
export type ExitExpectation =
	| {readonly kind: 'code'; readonly code: number}
	| {readonly kind: 'nonzero'}
	| {readonly kind: 'any'};

export type StepAttributes = {
	readonly timeoutMs?: number;
	readonly exit: ExitExpectation;
	readonly retryMs?: number;
	readonly everyMs: number;
	/** `skip` (empty reason) or `skip="why"`. */
	readonly skip?: string;
	readonly background: boolean;
	/** Source of the `ready=/re/` regular expression. */
	readonly ready?: string;
	/** Its flags (`ready=/re/i`), among i, m, s, u. */
	readonly readyFlags?: string;
	readonly cleanup: boolean;
	readonly stderr: StderrMode;
	readonly ansi: AnsiMode;
	readonly interactive: boolean;
	/** `grace=5s`: between the signals that stop the step (`engine/terminate.ts`). */
	readonly graceMs?: number;
	/** `detach`: what the step starts may outlive the run; it is not stopped nor named at the end. */
	readonly detach?: boolean;
	/** `required`: when it fails, the rest of the run is not run (cleanup steps still are), as with `--bail`. */
	readonly required?: boolean;
	/**
	 * `cwd=DIR` (Runme's): the folder the step runs in, relative to the run's
	 * working folder (the frontmatter's `cwd`); the session's folder is the
	 * same after the step as before it.
	 */
	readonly cwd?: string;
	/**
	 * `interpreter=PROGRAM [ARGS]` (Runme's): the step's text is written to a
	 * file that this program runs (`python3`, `/usr/bin/env node`); it shares
	 * no shell state unless the program is the session's own shell.
	 */
	readonly interpreter?: string;
	/** `tag=a,b` or `category=a,b` (Runme's): what `runbook test --tag` selects. */
	readonly tags?: readonly string[];
	/**
	 * `host=NAME`, or the default of the step's section: the name (a key of the
	 * frontmatter's `hosts:`, or {@link localHost}) of the host whose session
	 * runs the step. Absent: {@link localHost}. Read it with {@link hostOf}.
	 */
	readonly host?: string;
};

/** Where an expected output lives, so that `--update` can rewrite it. */
export type ExpectationSource =
	| {
			/** A fenced block: `output`, or any block with `{expect}`. */
			readonly kind: 'fence';
			readonly span: Span;
			/** Offsets of the text between the fences (`contentEnd` exclusive). */
			readonly contentStart: number;
			readonly contentEnd: number;
			/** The opening fence, such as "```" or "~~~~". */
			readonly fence: string;
			/** Indentation of the block (inside list items), re-applied on update. */
			readonly indent: string;
	  }
	| {
			/** Lines of a `console` transcript after the `$ ` command. */
			readonly kind: 'console';
			readonly span: Span;
			readonly contentStart: number;
			readonly contentEnd: number;
			readonly indent: string;
	  };

export type Expectation = {
	readonly text: string;
	/** False with `patterns=off`: every line is literal. */
	readonly patterns: boolean;
	readonly source: ExpectationSource;
};

export type Step = {
	/** Position in document order, 0-based. */
	readonly index: number;
	readonly name: string;
	/** True when the name came from `#name` or `name=`. */
	readonly named: boolean;
	/** Slug of the section the step belongs to. */
	readonly section: string;
	readonly language: string;
	readonly command: string;
	readonly attributes: StepAttributes;
	/** The attribute text as written, for display. */
	readonly rawAttributes: string;
	readonly expected?: Expectation;
	/** The command block (or, in a transcript, the `$ ` lines). */
	readonly span: Span;
	/** The whole fenced block or transcript the step came from. */
	readonly blockSpan: Span;
	/** Where a new `output` block goes with `--update=new`. */
	readonly insertAt: {readonly offset: number; readonly indent: string; readonly console: boolean};
	/** From an HTML comment `<!-- runbook … -->`: GitHub does not show it. */
	readonly hidden: boolean;
	/** The Markdown between the previous step and this one, for the player. */
	readonly prose: readonly RootContent[];
};

export type Section = {
	readonly title: string;
	readonly slug: string;
	readonly depth: number;
	readonly line: number;
};

export type RunbookOptions = {
	readonly title?: string;
	readonly shell: ShellName;
	/** `shell: /bin/bash` (Runme writes paths): the program started for the session, when not the shell's name on PATH. */
	readonly shellProgram?: string;
	readonly cwd: string;
	readonly timeoutMs: number;
	/** `grace: 5s`: between the signals that stop a step (`engine/terminate.ts`). */
	readonly graceMs?: number;
	readonly env: Readonly<Record<string, string>>;
	readonly requires: readonly string[];
	/** `secrets: [NAME, …]`: variables whose values are masked in output (`engine/secrets.ts`). */
	readonly secrets: readonly string[];
	/** `tag:` / `category:` (Runme's): tags of the whole document, for `runbook test --tag`. */
	readonly tags?: readonly string[];
	/** `exclusive: true`: no other runbook runs beside this one (`runbook test -j N`). */
	readonly exclusive?: boolean;
	/**
	 * `hosts:`: host name → SSH destination as written (`user@host`, `host`,
	 * `ssh://user@host:port`, an alias of the ssh configuration, or `local`).
	 * {@link localHost} is always defined (this machine) and is not a key here.
	 */
	readonly hosts?: Readonly<Record<string, string>>;
	/** `ssh-config:`: a configuration file handed to ssh (`ssh -F`), relative to the runbook's folder. */
	readonly sshConfig?: string;
};

export type Runbook = {
	readonly title: string;
	readonly options: RunbookOptions;
	readonly sections: readonly Section[];
	readonly steps: readonly Step[];
	/** The Markdown after the last step, for the player's last screen. */
	readonly epilogue: readonly RootContent[];
	/**
	 * Where a host name is written (a step's `host=`, a section's
	 * `<!-- runbook {host=NAME} -->`), once per place; absent when none is.
	 * For `check`'s `unknown-host` against the hosts a run defines
	 * (`parse/unknown-host.ts`).
	 */
	readonly hostUses?: readonly HostUse[];
};

/** A host name as written in the document, and where (1-based line and column of its attribute). */
export type HostUse = {readonly name: string; readonly line: number; readonly column: number};

export const defaultTimeoutMs = 5 * 60 * 1000;

/** The host every runbook has: this machine, the default of every step. As a destination, it means this machine too. */
export const localHost = 'local';

/** The name of the host a step runs on. */
export const hostOf = (step: Pick<Step, 'attributes'>): string => step.attributes.host ?? localHost;

export type StepStatus = 'passed' | 'failed' | 'skipped';
