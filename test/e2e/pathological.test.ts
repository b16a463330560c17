/** Pathological Markdown fails cleanly, with a place, in time linear in its size. */
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const cases: Array<{name: string; text: string; expected: string}> = [
	{name: 'quotes', text: `${'> '.repeat(4000)}hi\n`, expected: 'quotes.md:1:1: this line nests more than 100 block quotes and list items: runbook reads at most 100, so the file is not read [nesting-too-deep]'},
	{name: 'lists', text: Array.from({length: 1500}, (_, i) => `${'  '.repeat(i)}- a`).join('\n'), expected: 'lists.md:202:1: this line is indented 402 columns: runbook reads at most 400 (about 200 nested list items), so the file is not read [nesting-too-deep]'},
	{name: 'json', text: `\`\`\`sh {"name":${'['.repeat(3500)}${']'.repeat(3500)}}\necho hi\n\`\`\`\n`, expected: 'json.md:1:8: JSON attribute `name` must be a string, a number or a boolean [bad-value]'},
	{name: 'yaml', text: `---\nkey: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\n\n\`\`\`sh\necho hi\n\`\`\`\n`, expected: 'yaml.md:2:106: frontmatter nests more than 100 brackets deep: runbook reads at most 100 [nesting-too-deep]'},
	{name: 'hidden', text: `${'<!-- runbook\n'.repeat(2000)}\`\`\`sh\necho hi\n\`\`\`\n${'-->\n'.repeat(2000)}`, expected: 'hidden.md:2:1: a hidden step cannot hold another `<!-- runbook` comment: HTML comments do not nest [hidden-step]'},
];

describe('pathological Markdown', () => {
	for (const {name, text, expected} of cases) {
		it(`${name}: a diagnostic with a place, not a crash`, () => {
			const dir = fixtureCopy();
			writeFileSync(path.join(dir, `${name}.md`), text);
			const checked = runbook(['check', `${name}.md`], {cwd: dir});
			expect(checked.code).toBe(2);
			expect(checked.stdout.split('\n')).toContain(expected);
			expect(checked.stderr).not.toContain('internal error');
		});
	}
});
