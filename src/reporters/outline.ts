import {hostOf, localHost, type Runbook, type Step} from '../model.js';
import {visibleLine} from '../match/visible.js';
import {formatDuration} from '../parse/duration.js';
import type {Style} from './style.js';

/** `runbook list`: one line per step under its section; text from the file with its control characters escaped (`visibleLine`). */
export function formatOutline(runbook: Runbook, file: string, style: Style): string {
	const lines = [`${style.bold(visibleLine(runbook.title))} ${style.dim(`(${visibleLine(file)}, ${runbook.steps.length} step${runbook.steps.length === 1 ? '' : 's'})`)}`];
	const width = Math.max(4, ...runbook.steps.map((step) => visibleLine(shownName(step.name)).length));
	let section: string | undefined;
	for (const step of runbook.steps) {
		if (step.section !== section) {
			section = step.section;
			const title = runbook.sections.find((s) => s.slug === section)?.title ?? '(before the first heading)';
			lines.push('', `  ${style.bold(visibleLine(title))}`);
		}
		const number = String(step.index + 1).padStart(3);
		const line = style.dim(`line ${String(step.span.start.line).padEnd(4)}`);
		const checked = step.expected ? style.green('checked  ') : style.yellow('unchecked');
		const flags = visibleLine(describeAttributes(step));
		lines.push(`  ${number}  ${visibleLine(shownName(step.name)).padEnd(width)}  ${line}  ${checked}  ${flags}`.trimEnd());
	}
	return `${lines.join('\n')}\n`;
}

/**
 * A step's name (or an attribute's value) as `list` shows it: with blanks, in
 * quotes, as it is given on a command line (`runbook play notes.md --from
 * "build image"`).
 */
export function shownName(name: string): string {
	return /\s/.test(name) ? `"${name}"` : name;
}

function describeAttributes(step: Step): string {
	const a = step.attributes;
	const parts: string[] = [];
	if (step.hidden) parts.push('hidden');
	if (step.language === 'console') parts.push('console');
	// The host, when it is not this machine (a step's own `host=`, or its section's).
	if (hostOf(step) !== localHost) parts.push(`host=${hostOf(step)}`);
	if (a.exit.kind !== 'code' || a.exit.code !== 0) parts.push(`exit=${a.exit.kind === 'code' ? a.exit.code : a.exit.kind}`);
	if (a.timeoutMs !== undefined) parts.push(`timeout=${formatDuration(a.timeoutMs)}`);
	if (a.retryMs !== undefined) parts.push(`retry=${formatDuration(a.retryMs)} every=${formatDuration(a.everyMs)}`);
	if (a.skip !== undefined) parts.push(a.skip ? `skip="${a.skip}"` : 'skip');
	if (a.background) parts.push('background');
	if (a.ready !== undefined) parts.push(`ready=/${a.ready}/${a.readyFlags ?? ""}`);
	if (a.cleanup) parts.push('cleanup');
	if (a.stderr !== 'merge') parts.push(`stderr=${a.stderr}`);
	if (a.ansi !== 'strip') parts.push(`ansi=${a.ansi}`);
	if (a.interactive) parts.push('interactive');
	if (a.cwd !== undefined) parts.push(`cwd=${shownName(a.cwd)}`);
	if (a.interpreter !== undefined) parts.push(`interpreter=${shownName(a.interpreter)}`);
	if (a.tags !== undefined && a.tags.length > 0) parts.push(`tag=${a.tags.join(',')}`);
	if (step.expected && !step.expected.patterns) parts.push('patterns=off');
	return parts.join(' ');
}
