import type {Runbook, Section, Step} from '../model.js';

/** The heading `--section` names in a runbook, and the slugs of the sections it spans. */
export type SectionMatch = {
	readonly section: Section;
	/** The heading's own slug and those of every deeper heading up to the next one of its rank. */
	readonly slugs: ReadonlySet<string>;
};

/** A heading's text as `--section` compares it: blanks trimmed and collapsed, case ignored. */
const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The first heading of `runbook` that `wanted` names, by its text (blanks
 * collapsed, case ignored) or its slug, with the sections under it: itself
 * and every deeper heading up to the next one of its rank. Undefined when no
 * heading is named so. The one rule of `--section`, for `play` and `test`.
 */
export function findSection(runbook: Runbook, wanted: string): SectionMatch | undefined {
	const key = normalise(wanted);
	const index = runbook.sections.findIndex((candidate) => normalise(candidate.title) === key || candidate.slug === key);
	const section = runbook.sections[index];
	if (!section) return undefined;
	const slugs = new Set([section.slug]);
	for (const next of runbook.sections.slice(index + 1)) {
		if (next.depth <= section.depth) break;
		slugs.add(next.slug);
	}
	return {section, slugs};
}

/** The steps of `runbook` under the matched section, in document order (cleanup steps too). */
export function stepsInSection(runbook: Runbook, match: SectionMatch): Step[] {
	return runbook.steps.filter((step) => match.slugs.has(step.section));
}

/**
 * `runbook test --section HEADING` over several runbooks: in each, the steps
 * outside the section (`findSection`; cleanup steps too, as in `play`, since
 * they undo what the steps before them set up) are marked `skip`, with the
 * reason the report shows; a runbook without the heading has every step
 * marked so. A step the notes mark `skip` keeps its own reason. Returns the
 * runbooks in the same order, or, when no runbook has a step in such a
 * section, why not, for a usage error.
 */
export function limitToSection(runbooks: readonly Runbook[], heading: string): Runbook[] | string {
	let found: SectionMatch | undefined;
	let steps = 0;
	const limited = runbooks.map((runbook) => {
		const match = findSection(runbook, heading);
		found ??= match;
		const inside = match ? new Set(stepsInSection(runbook, match)) : new Set<Step>();
		steps += inside.size;
		const reason = match ? `not in the section "${match.section.title}" (--section)` : `the runbook has no section "${heading}" (--section)`;
		return {...runbook, steps: runbook.steps.map((step) => (inside.has(step) || step.attributes.skip !== undefined ? step : {...step, attributes: {...step.attributes, skip: reason}}))};
	});
	if (!found) {
		const headings = [...new Set(runbooks.flatMap((runbook) => runbook.sections.map((section) => `"${section.title}"`)))];
		return `--section ${heading}: no runbook has such a heading${headings.length > 0 ? ` (headings: ${listNames(headings)})` : ' (they have no headings)'}`;
	}
	if (steps === 0) return `--section ${heading}: the section "${found.section.title}" has no steps`;
	return limited;
}

/** The most names an error lists before `…`: what there is, without a screenful. */
export const listedNames = 12;

/** Names for an error message, comma-separated, the first `listedNames` of them and `…` after. */
export function listNames(names: readonly string[]): string {
	const shown = names.slice(0, listedNames).join(', ');
	return names.length > listedNames ? `${shown}, …` : shown;
}
