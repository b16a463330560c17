import type {Step} from '../model.js';
import type {StepDraft} from './draft.js';
import type {Report} from './diagnostics.js';

/**
 * Give every step its name: `#name` where written, else the section's slug and
 * the step's index in that section (`bridge-network-2`). Written names must be
 * unique; a default name that collides gets a suffix.
 */
export function assignNames(drafts: readonly StepDraft[], report: Report): Step[] {
	const taken = new Map<string, number>();
	drafts.forEach((draft, index) => {
		if (draft.name === undefined) return;
		const first = taken.get(draft.name);
		if (first === undefined) {
			taken.set(draft.name, index);
			return;
		}
		const firstLine = drafts[first]?.span.start.line ?? 0;
		report(`duplicate step name \`${draft.name}\` (first used at line ${firstLine})`, draft.nameAt ?? draft.span.start, 'duplicate-name');
	});
	const counters = new Map<string, number>();
	return drafts.map((draft, index): Step => {
		const count = (counters.get(draft.section) ?? 0) + 1;
		counters.set(draft.section, count);
		let name = draft.name;
		if (name === undefined) {
			const base = `${draft.section || 'step'}-${count}`;
			name = base;
			for (let suffix = 2; taken.has(name); suffix++) name = `${base}-${suffix}`;
			taken.set(name, index);
		}
		const step: Step = {
			index,
			name,
			named: draft.name !== undefined,
			section: draft.section,
			language: draft.language,
			command: draft.command,
			attributes: draft.attributes,
			rawAttributes: draft.rawAttributes,
			span: draft.span,
			blockSpan: draft.blockSpan,
			insertAt: draft.insertAt,
			hidden: draft.hidden,
			prose: draft.prose,
		};
		return draft.expected ? {...step, expected: draft.expected} : step;
	});
}
