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
 * you mean" when one is close (`closest`).
 */
export function unknownHostDiagnostics(uses: readonly HostUse[], known: readonly string[], shown: readonly string[] = known): Diagnostic[] {
	const names = [localHost, ...[...new Set(shown)].filter((name) => name !== localHost).sort()];
	return uses
		.filter((use) => use.name !== localHost && !known.includes(use.name))
		.map((use) => ({message: unknownHostMessage(use.name, names), line: use.line, column: use.column, rule: unknownHostRule, severity: 'error'}));
}

function unknownHostMessage(name: string, known: readonly string[]): string {
	const suggestion = closest(name, known);
	const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
	const declare = known.length > 1 ? '' : ', and no other is declared';
	return `unknown host \`${name}\`${hint}; known: ${known.map((one) => `\`${one}\``).join(', ')}${declare} (declare it in the frontmatter's \`hosts:\`, or give --host ${name}=DESTINATION)`;
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
