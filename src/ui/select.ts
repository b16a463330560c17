import {UserError} from '../errors.js';
import type {Runbook, Section, Step} from '../model.js';
import {findSection, listNames as list, stepsInSection} from '../select/section.js';

export type Selection = {
	/** The steps the player shows and may run, in document order. */
	readonly steps: readonly Step[];
	/** Position in `steps` of `--from` (0 without it). */
	readonly start: number;
	/** The heading of `--section`, when given. */
	readonly section?: Section;
};

/**
 * Resolve `--section HEADING` (its text or its slug, `findSection`'s rule) and `--from NAME|NUMBER`
 * (a step's name, or its 1-based number among the steps shown). A value that
 * names nothing is a UserError listing what there is.
 */
export function selectSteps(runbook: Runbook, options: {readonly from?: string | undefined; readonly section?: string | undefined}): Selection {
	let steps = runbook.steps;
	let section: Section | undefined;
	if (options.section !== undefined) {
		const match = findSection(runbook, options.section);
		section = match?.section;
		if (!match) {
			const headings = runbook.sections.map((candidate) => `"${candidate.title}"`);
			throw new UserError('bad-option', `--section ${options.section}: no such heading${headings.length > 0 ? ` (headings: ${list(headings)})` : ' (the runbook has no headings)'}`);
		}
		steps = stepsInSection(runbook, match);
		if (steps.length === 0) throw new UserError('bad-option', `--section ${options.section}: the section "${match.section.title}" has no steps`);
	}
	let start = 0;
	if (options.from !== undefined) {
		const from = options.from.trim();
		if (/^\d+$/.test(from)) {
			const number = Number(from);
			if (number < 1 || number > steps.length) throw new UserError('bad-option', `--from ${from}: there are steps 1 to ${steps.length}`);
			start = number - 1;
		} else {
			start = steps.findIndex((step) => step.name === from);
			if (start === -1) {
				const elsewhere = runbook.steps.some((step) => step.name === from);
				const why = elsewhere && section ? `the step is not in the section "${section.title}"` : `no step is named so (steps: ${list(steps.map((step) => step.name))})`;
				throw new UserError('bad-option', `--from ${from}: ${why}`);
			}
		}
	}
	return section ? {steps, start, section} : {steps, start};
}
