import {statSync} from 'node:fs';
import {resolveHosts} from '../hosts.js';
import type {Runbook} from '../model.js';
import type {Diagnostic} from '../parse/diagnostics.js';

/**
 * The load's check of the frontmatter's `ssh-config:` (`runbook` read from
 * `file`, an absolute path; resolved as `resolveHosts` does): a folder is an
 * error at the value (`frontmatter-value`), since `ssh -F FOLDER` reads it as
 * an empty configuration without a word (OpenSSH 9.2), and the aliases, keys
 * and known hosts it was meant to give would be missing. A file that is not
 * there is left to the run: ssh names it itself ("Can't open user config
 * file …") when a host is connected to, and a lab's configuration may be
 * made after its runbook is checked. Read on every load, never cached.
 */
export function sshConfigDiagnostics(runbook: Runbook, file: string): Diagnostic[] {
	const written = runbook.options.sshConfig;
	const at = runbook.sshConfigAt;
	if (written === undefined || at === undefined) return [];
	const {sshConfig} = resolveHosts({options: {...runbook.options, hosts: {}}}, {}, file);
	if (sshConfig === undefined || !statSync(sshConfig, {throwIfNoEntry: false})?.isDirectory()) return [];
	return [{message: `bad value for \`ssh-config\`: \`${written}\` is a folder, not a file of ssh configuration`, line: at.line, column: at.column, rule: 'frontmatter-value', severity: 'error'}];
}
