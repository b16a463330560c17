import type {Runbook, Step} from '../model.js';

/**
 * Whether a step carries one of `wanted` (`runbook test --tag`): its own tags
 * (`tag=` / `category=`), or, when it has none, the document's (`tag:` /
 * `category:` in the frontmatter), as Runme's `runme run --tag` selects cells.
 */
export function isTagged(step: Step, runbook: Runbook, wanted: readonly string[]): boolean {
	const own = step.attributes.tags ?? [];
	const tags = own.length > 0 ? own : (runbook.options.tags ?? []);
	return tags.some((tag) => wanted.includes(tag));
}

/**
 * Why a step does not run in this run, or undefined when it runs: `skip`
 * (and Runme's `excludeFromRunAll`, read as a skip), or not one of the
 * `--tag` steps.
 */
export function skipReason(step: Step, runbook: Runbook, wanted: readonly string[] | undefined): string | undefined {
	if (step.attributes.skip !== undefined) return step.attributes.skip || 'marked skip';
	if (wanted && wanted.length > 0 && !isTagged(step, runbook, wanted)) return `not tagged ${wanted.join(' or ')} (--tag)`;
	return undefined;
}

/** Every tag of a runbook, its document's and its steps', in order of appearance. */
export function tagsOf(runbook: Runbook): string[] {
	return [...new Set([...(runbook.options.tags ?? []), ...runbook.steps.flatMap((step) => step.attributes.tags ?? [])])];
}
