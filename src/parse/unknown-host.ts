import {localHost, type HostUse, type Runbook, type StepAttributes} from '../model.js';
import type {RawAttribute} from './attributes.js';
import {closest, type Diagnostic} from './diagnostics.js';

/** The rule of a host name that no `hosts:`, `--host` or `RUNBOOK_HOSTS` defines. */
export const unknownHostRule = 'unknown-host';

/**
 * The `unknown-host` errors of `uses` (the document's `host=` names): one at
 * each place whose name is not in `known` nor {@link localHost}, naming the
 * hosts of `shown` (default: `known`; a name declared with a bad destination
 * is known, so that it gets only its own error, but not shown), with a "did
 * you mean" when one is close (`closest`; for a name of at most
 * {@link suggestedNameLength} characters, among the first
 * {@link suggestedNameCount} names), the first {@link shownHostCount} hosts
 * named and the others counted. Time linear in `uses` and the hosts.
 */
export function unknownHostDiagnostics(uses: readonly HostUse[], known: readonly string[], shown: readonly string[] = known): Diagnostic[] {
	const names = [localHost, ...[...new Set(shown)].filter((name) => name !== localHost).sort()];
	const knownNames = new Set(known);
	// One message per name, however many places use it: a document of many steps on one unknown host is read in linear time.
	const messages = new Map<string, string>();
	const messageOf = (name: string) => messages.get(name) ?? messages.set(name, unknownHostMessage(name, names, messages.size < suggestedNameCount)).get(name) ?? '';
	return uses
		.filter((use) => use.name !== localHost && !knownNames.has(use.name))
		.map((use) => ({message: messageOf(use.name), line: use.line, column: use.column, rule: unknownHostRule, severity: 'error'}));
}

/**
 * The longest name that gets a "did you mean": a suggestion is for a typo in
 * a name, and comparing two names costs the product of their lengths (40
 * names of 1,000 characters against 40 hosts took 9 s).
 */
const suggestedNameLength = 64;

/**
 * How many different unknown names get a "did you mean" (the first ones in
 * the document): each is compared with every host, so that a document of
 * thousands of unknown names and thousands of hosts would take seconds.
 */
const suggestedNameCount = 100;

/** How many hosts an unknown-host message names at most; the others are counted (a message stays one line however many hosts there are). */
const shownHostCount = 20;

function unknownHostMessage(name: string, known: readonly string[], suggest: boolean): string {
	const suggestion = suggest && name.length <= suggestedNameLength ? closest(name, known.filter((one) => one.length <= 2 * suggestedNameLength)) : undefined;
	const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
	const declare = known.length > 1 ? '' : ', and no other is declared';
	const listed = known.slice(0, shownHostCount).map((one) => `\`${one}\``).join(', ');
	const more = known.length > shownHostCount ? ` and ${known.length - shownHostCount} more` : '';
	return `unknown host \`${name}\`${hint}; known: ${listed}${more}${declare} (declare it in the frontmatter's \`hosts:\`, or give --host ${name}=DESTINATION)`;
}

/** Where the `host=` that gave `attributes.host` is written, if one did (for `check`'s `unknown-host`). */
export function hostAttributeAt(raw: readonly RawAttribute[], attributes: StepAttributes): {line: number; column: number} | undefined {
	const written = raw.findLast((attribute) => attribute.key === 'host' && attribute.value === attributes.host);
	return written && {line: written.line, column: written.column};
}

/**
 * A parse's diagnostics when the run defines more hosts than the document
 * (`--host NAME=…`, `RUNBOOK_HOSTS`): each `unknown-host` error of a name in
 * `extra` is dropped, the others name the hosts known now. No error is added
 * (the parse already found every unknown name; a name it let pass is declared
 * in `hosts:`). Pure; `result` itself is not changed.
 */
export function withRunHosts<T extends {readonly runbook: Runbook; readonly diagnostics: readonly Diagnostic[]}>(result: T, extra: readonly string[]): T {
	const uses = result.runbook.hostUses;
	if (extra.length === 0 || !uses || !result.diagnostics.some((diagnostic) => diagnostic.rule === unknownHostRule)) return result;
	const known = [...Object.keys(result.runbook.options.hosts ?? {}), ...extra];
	const again = unknownHostDiagnostics(uses, known);
	const diagnostics = result.diagnostics.flatMap((diagnostic) => {
		if (diagnostic.rule !== unknownHostRule) return [diagnostic];
		const now = again.find((one) => one.line === diagnostic.line && one.column === diagnostic.column);
		return now ? [now] : [];
	});
	return {...result, diagnostics};
}
