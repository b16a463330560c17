import {dispatch} from '../engine/events.js';
import {formatUnifiedDiff} from '../match/diff.js';
import {terminalLines} from '../match/terminal.js';
import type {Runbook} from '../model.js';
import {cutLine} from './pretty-diff.js';
import {wallTime, type Output, type Reporter, type ReporterContext} from './reporter.js';
import {onHostText} from './hosts.js';
import {heldBackCode, ResultCollector, sectionTitle, shownPath} from './results.js';
import {stepSummary} from './step-summary.js';
import {errorCommand} from './workflow-commands.js';

/** Lines of a failed step's diff (or of its output's end) an annotation carries. */
export const annotationLines = 20;

export type GithubOptions = {
	/** Where the `::error` commands go (stdout, or stderr when a report in another format holds stdout); none: no annotations. */
	readonly annotations?: Output;
	/** Where the Markdown summary goes (appended to `$GITHUB_STEP_SUMMARY` by the command); none: no summary. */
	readonly summary?: Output;
	/** `$GITHUB_WORKSPACE`: the checkout, which annotation paths are relative to (GitHub places them from the repository's root); none: the working folder. */
	readonly workspace?: string;
};

/**
 * GitHub Actions' side of a run (`GITHUB_ACTIONS=true`): each failed step as
 * an `::error file=…,line=…,title=…::` workflow command as it ends (its
 * title the step's name, with ` on NAME` for a step not on local; the
 * engine's message, then the first `annotationLines` lines of its diff, or of
 * its output when it has no diff), a runbook that could not run as one
 * `::error file=…` (not those held back because another file has errors), and
 * at the end the Markdown summary (`stepSummary`) appended to the
 * step-summary file. It reads only the engine's results, in which secrets
 * are already masked.
 */
export function createGithubReporter(context: ReporterContext, options: GithubOptions): Reporter {
	const collector = new ResultCollector(context.cwd);
	let runbook: Runbook | undefined;
	let file = '';
	const annotate = options.annotations;
	// Annotations are placed from the repository's root: a run from a sub-folder (`working-directory:`) names files from there.
	const place = (absolute: string) => shownPath(options.workspace ?? context.cwd, absolute);
	return {
		onEvent(event) {
			collector.onEvent(event);
			if (event.kind === 'run-start') {
				runbook = event.runbook;
				file = place(event.file);
			}
			if (!annotate) return;
			dispatch(event, {
				'run-start'() {},
				'run-error'() {},
				'step-start'() {},
				output() {},
				'step-retry'() {},
				'session-restart'() {},
				'background-stop'() {},
				leftover() {},
				'step-end'({step, result}) {
					if (result.status !== 'failed') return;
					const section = sectionTitle(runbook, step);
					const detail = result.match && !result.match.ok ? formatUnifiedDiff(result.match.diff).split('\n').slice(0, annotationLines) : terminalLines(result.output).slice(-annotationLines);
					const message = [result.message ?? 'failed', ...detail.map(cutLine)].join('\n').trimEnd();
					annotate.write(errorCommand({file, line: step.span.start.line, title: `runbook: ${section ? `${section} › ` : ''}${step.name}${onHostText(step)}`, message}));
				},
				'run-end'({report}) {
					if (!report.error || report.error.code === heldBackCode) return;
					annotate.write(errorCommand({file: place(report.file), title: 'runbook: could not run', message: report.error.message}));
				},
			});
		},
		finish() {
			options.summary?.write(stepSummary(collector.runbooks, collector.summary(), wallTime(context)));
		},
	};
}
