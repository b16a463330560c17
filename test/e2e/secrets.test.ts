/** Secrets never reach a report, the terminal or the runbook's file. */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const secrets = {
	token: 's3cr3t-from-env-flag',
	caller: 'caller-secret-value',
	declared: 'declared-in-frontmatter',
	flagged: 'named-with-secret-flag',
};

const document = `---
env:
  DB_PASS: ${secrets.declared}
  PLAIN: visible
secrets: [DB_PASS]
---

# Secrets

\`\`\`sh
echo "token=$TOKEN caller=$MY_SECRET db=$DB_PASS other=$OTHER plain=$PLAIN"
\`\`\`

\`\`\`output
token=*** caller=*** db=*** other=*** plain=visible
\`\`\`

\`\`\`sh
printf '%s' "$TOKEN" | base64; printf 'q=a%s20b%s26c\\n' % %
\`\`\`

\`\`\`sh
echo "$TOKEN" >&2; false
\`\`\`
`;

describe('secrets', () => {
	it('are masked in every reporter, in recorded output, and may be expected as ***', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'secrets.md');
		writeFileSync(file, document);
		const env = {MY_SECRET: secrets.caller, OTHER: secrets.flagged, URL_TOKEN: 'a b&c'};
		const args = ['--env', `TOKEN=${secrets.token}`, '--secret', 'OTHER'];
		const outputs: string[] = [];
		for (const reporter of ['pretty', 'json', 'junit', 'tap']) {
			const ran = runbook(['test', '--reporter', reporter, ...args, 'secrets.md'], {cwd: dir, env});
			expect(ran.code).toBe(1);
			outputs.push(ran.stdout, ran.stderr);
		}
		runbook(['test', '--update=new', ...args, 'secrets.md'], {cwd: dir, env});
		const recorded = readFileSync(file, 'utf8');
		// What --update wrote: the output blocks (the frontmatter and the commands are the author's own text).
		outputs.push(...[...recorded.matchAll(/```output\n([^`]*)```/g)].map((block) => block[1] ?? ''));
		const base64 = Buffer.from(secrets.token).toString('base64');
		for (const text of outputs) {
			for (const value of [...Object.values(secrets), base64, 'a%20b%26c']) expect(text).not.toContain(value);
		}
		// The first step passed with `***` in its expected output; the recorded ones say *** where the secrets were.
		expect(outputs[0]).toContain('✓ Secrets › secrets-1');
		expect(recorded).toContain('```output\n***\nq=***\n```');
	});
});
