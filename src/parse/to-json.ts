import type {Runbook} from '../model.js';

/**
 * The model as `runbook list --json` prints it: stable field names, no Markdown
 * trees. Durations in milliseconds, positions 1-based (offsets 0-based).
 */
export function runbookToJson(runbook: Runbook, file: string) {
	return {
		file,
		title: runbook.title,
		options: runbook.options,
		sections: runbook.sections,
		steps: runbook.steps.map((step) => ({
			index: step.index,
			name: step.name,
			section: step.section,
			language: step.language,
			command: step.command,
			attributes: step.attributes,
			rawAttributes: step.rawAttributes,
			hidden: step.hidden,
			checked: step.expected !== undefined,
			span: step.span,
			expected: step.expected
				? {
						text: step.expected.text,
						patterns: step.expected.patterns,
						kind: step.expected.source.kind,
						span: step.expected.source.span,
						contentStart: step.expected.source.contentStart,
						contentEnd: step.expected.source.contentEnd,
					}
				: null,
		})),
	};
}
