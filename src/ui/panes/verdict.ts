import type {Step} from '../../model.js';
import type {StepView} from '../state.js';
import {span, wrapSpans, type Line, type Span} from '../text/styled.js';
import {elapsedOf, formatDuration, stateIcon} from './format.js';

/** The lines under a step: running (with the time), or its verdict, or why it does not run. */
export function verdictLines(step: Step, view: StepView, width: number, now: number, file: string): Line[] {
	const icon = stateIcon(view.state, now);
	const exit = (code: number | null) => span(` · exit ${code ?? '–'}`, {color: 'gray'});
	const took = span(` · ${elapsedOf(view, now)}`, {color: 'gray'});
	switch (view.state) {
		case 'pending':
			if (step.attributes.cleanup) return wrapSpans([span('cleanup step: it runs when you quit, after the other steps', {color: 'gray'})], width);
			return [];
		case 'running': {
			const what = step.attributes.background ? 'starting in the background' : step.attributes.interactive ? 'running on the terminal' : 'running';
			const spans: Span[] = [icon, span(` ${what}`, {color: 'yellow'}), took, span(' · ctrl-c interrupts', {color: 'gray'})];
			if (view.retry) spans.push(span(` · retrying: attempt ${view.retry.attempt} failed (${view.retry.reason})`, {color: 'yellow'}));
			return wrapSpans(spans, width);
		}
		case 'passed': {
			const result = view.result;
			const label = step.attributes.background ? ' started in the background (stopped when the run ends)' : ' passed';
			const attempts = result && result.attempts > 1 ? [span(` · ${result.attempts} attempts`, {color: 'gray'})] : [];
			const status = step.attributes.background ? [] : [exit(result?.exitCode ?? null)];
			return wrapSpans([icon, span(label, {color: 'green', bold: true}), ...status, took, ...attempts], width);
		}
		case 'failed': {
			const result = view.result;
			const message = result?.message ?? 'failed';
			return wrapSpans([icon, span(' failed: ', {color: 'red', bold: true}), span(message, {color: 'red'}), exit(result?.exitCode ?? null), took], width);
		}
		case 'skipped': {
			const why = view.result?.message ?? (step.attributes.skip ? `marked skip: ${step.attributes.skip}` : 'marked skip in the notes');
			return wrapSpans([icon, span(' skipped', {bold: true, color: 'gray'}), span(`: ${why}`, {color: 'gray'})], width);
		}
		case 'accepted': {
			const accepted = view.accepted;
			const name = file.split('/').pop() ?? file;
			const where = accepted ? (accepted.fromLine === accepted.toLine ? `line ${accepted.fromLine}` : `lines ${accepted.fromLine}–${accepted.toLine}`) : '';
			const what = accepted?.added ? 'added an output block' : 'wrote the actual output as the expected output';
			const spans: Span[] = [icon, span(' accepted: ', {color: 'cyan', bold: true}), span(`${what} in ${name}, ${where}`, {color: 'cyan'})];
			if (accepted && !accepted.exitOk) spans.push(span(` · its exit status (${view.result?.exitCode ?? '–'}) is still not the expected one`, {color: 'yellow'}));
			return wrapSpans(spans, width);
		}
	}
}

export {formatDuration};
