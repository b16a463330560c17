/**
 * runbook's exit codes, the one table read by `exitCodeFor` (outcome.ts), the
 * command line (cli.ts) and each verb's `--help` (cli/help.ts). A signal adds
 * 128 + its number, as shells do (`signalExitStatus`). `internal` is
 * EX_SOFTWARE of BSD's sysexits.h.
 */
export const exitCodes = {
	/** Every step passed; `list` and `check`: nothing wrong. */
	passed: 0,
	/** A step failed. */
	failed: 1,
	/** A runbook could not run: errors in it, a missing file. */
	couldNotRun: 2,
	/** The command line is wrong (commander's errors, bad option values). */
	usage: 2,
	/** A bug in runbook. */
	internal: 70,
} as const;
