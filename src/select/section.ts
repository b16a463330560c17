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
