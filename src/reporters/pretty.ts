import {dispatch, type EngineEvent, type RunReport, type StepResult} from '../engine/events.js';
import {summaryLine, totalCounts} from '../engine/outcome.js';
import {diffContextLines, formatUnifiedDiff} from '../match/diff.js';
import {terminalLines} from '../match/terminal.js';
import {visibleLine, visibleText} from '../match/visible.js';
import {formatDuration} from '../parse/duration.js';
import type {Runbook, Step} from '../model.js';
import {onHostText, promptText, remoteHost} from './hosts.js';
import {cutLine, prettyDiff, prettyDiffLines, tailLines} from './pretty-diff.js';
import {wallTime, type Reporter, type ReporterContext} from './reporter.js';
import {bailedOutText, describeLeftover, sectionTitle, shownPath} from './results.js';

/** The last lines of a failed step's output the pretty reporter shows when there is no diff. */
const outputTailLines = 15;

/**
 * One line per step as it ends (✓ ✗ ↷), ` on NAME` after the name of a step
 * not on local (`onHostText`), details under failures (the command after its
 * host's prompt, `node2 $ …`), the engine's counts last. Output and stderr are shown as a terminal shows them
 * (`terminalLines`), and every text from the runbook, the output or the
 * processes (titles, names, commands, messages, diffs, output) with its
 * control characters as visible escapes (`visibleLine`, `visibleText`): the
 * only escape sequences written are the reporter's own colours. A failed
 * step's details say each fact once (the engine's message, then the diff or
 * the output's last lines), a diff under one legend line and cut to
 * `prettyDiffLines` (`prettyDiff`); the last line is the counts and the
 * run's wall time (`summaryLine`).
 */
export function createPrettyReporter(context: ReporterContext): Reporter {
	const {out, err, style} = context;
	let runbook: Runbook | undefined;
	// Whether the run met its error (a run-error came): an error known before the run (a failed check) was written by the command already.
	let runError = false;
	const reports: RunReport[] = [];
	const label = (step: Step) => {
		const section = sectionTitle(runbook, step);
		const host = onHostText(step);
		const name = `${visibleLine(step.name)}${host ? style.cyan(visibleLine(host)) : ''}`;
		return section ? `${style.dim(`${visibleLine(section)} ›`)} ${name}` : name;
	};
	const details = (step: Step, result: StepResult) => {
		const lines: string[] = [];
		const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');
		const prompt = visibleLine(promptText(remoteHost(step)));
		lines.push(indent(style.dim(`${prompt}${visibleText(step.command).split('\n').join(`\n${' '.repeat(prompt.length)}`)}`)));
		// The engine's message says what failed, the exit status included when it was not the expected one: said once.
		if (result.message) lines.push(indent(style.red(visibleLine(result.message))));
		const match = result.match;
		if (match && !match.ok) {
			lines.push(indent(prettyDiff(formatUnifiedDiff(match.diff, diffContextLines, prettyDiffLines), style, context.jsonReport).join('\n')));
		} else if (result.output.trim()) {
			const tail = terminalLines(result.output).slice(-outputTailLines).map(cutLine);
			lines.push(indent(`${style.dim('output (last lines):')}\n${visibleText(tail.join('\n'))}`));
		}
		const stderr = result.stderr === undefined ? [] : terminalLines(result.stderr);
		if (stderr.some((line) => line.trim() !== '')) lines.push(indent(`${style.dim('stderr:')}\n${tailLines(visibleText(stderr.join('\n').trimEnd()).split('\n'), 'stderr', style, context.jsonReport).join('\n')}`));
		if (result.cut) lines.push(indent(style.yellow('(the output was too large to keep whole: it was compared whole, but only its start and end are kept)')));
		return lines.join('\n');
	};
	const handle = (event: EngineEvent) =>
		dispatch(event, {
			'run-start'(e) {
				runbook = e.runbook;
				runError = false;
				out.write(`${style.bold(visibleLine(e.runbook.title))} ${style.dim(`(${visibleLine(shownPath(context.cwd, e.file))})`)}\n`);
			},
			// Drawn from the report at the end of the run: the engine sends it there too.
			'run-error'() {
				runError = true;
			},
			'step-start'() {},
			output() {},
			'step-retry'() {},
			'session-restart'(e) {
				out.write(`  ${style.yellow('↻')} ${style.dim(visibleLine(e.reason))}\n`);
			},
			'background-stop'() {},
			leftover() {},
			'step-end'(e) {
				const {result, step} = e;
				const phase = e.phase === 'cleanup' ? style.dim(' [cleanup]') : '';
				const time = style.dim(`(${formatDuration(result.durationMs)})`);
				if (result.status === 'passed') out.write(`  ${style.green('✓')} ${label(step)}${phase} ${time}\n`);
				else if (result.status === 'skipped') out.write(`  ${style.yellow('↷')} ${label(step)}${phase} ${style.dim(visibleLine(result.message ?? 'skipped'))}\n`);
				else out.write(`  ${style.red('✗')} ${label(step)}${phase} ${time}\n${details(step, result)}\n`);
			},
			'run-end'({report}) {
				reports.push(report);
				if (report.error && runError) err.write(`${visibleLine(shownPath(context.cwd, report.file))}: ${visibleText(report.error.message)}\n`);
				if (report.reason === 'interrupted' && report.steps.length === 0) out.write(`  ${style.yellow('↷')} ${style.dim('not run: the run was stopped before this runbook')}\n`);
				if (report.reason === 'not-run') out.write(`  ${style.yellow('↷')} ${style.dim(bailedOutText)}\n`);
				if (report.reason === 'could-not-run' && !runError) out.write(`  ${style.yellow('↷')} ${style.dim('not run')}\n`);
				for (const leftover of report.leftovers) out.write(`  ${style.yellow(`⚠ ${visibleLine(describeLeftover(leftover))}`)}\n`);
				out.write('\n');
			},
		});
	return {
		onEvent: handle,
		finish() {
			out.write(`${summaryLine(totalCounts(reports), wallTime(context))}\n`);
		},
	};
}
