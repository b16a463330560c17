/** What `--update` records: never a claim it did not keep, never less checking than before. */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

describe('what --update records', () => {
	it('reports a name that shows two values as not recorded, never as written', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'twice.md');
		const text = '# Twice\n\n```sh {#pair}\nprintf "a 1\\nb 2\\n"\n```\n\n```output\na {{v}}\nb {{v}}\n```\n';
		writeFileSync(file, text);
		const ran = runbook(['test', '--update', 'twice.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		expect(ran.stderr).toContain('runbook: twice.md:3: pair: not recorded: every line matches on its own, but a captured value differs where it appears again; edit the expected output by hand');
		expect(ran.stderr).not.toContain('written');
		expect(readFileSync(file, 'utf8')).toBe(text);
	});

	it('records output cut for its size as its head, `...` and its tail, and the next run checks both ends', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'long.md');
		// 30,000 lines of 101 bytes: more than the head and the tail a step's output keeps (1 MB each).
		writeFileSync(file, '# Long\n\n```sh\nseq -f %0100g 1 30000\n```\n');
		runbook(['test', '--update=new', 'long.md'], {cwd: dir});
		const recorded = readFileSync(file, 'utf8');
		expect(recorded).not.toContain('characters of output cut');
		const line = (n: number) => String(n).padStart(100, '0');
		expect(recorded).toMatch(new RegExp(`\`\`\`output\\n${line(1)}\\n${line(2)}\\n[^]*\\n\\.\\.\\.\\n[^]*\\n${line(29999)}\\n${line(30000)}\\n\`\`\`\\n$`));
		expect(runbook(['test', 'long.md'], {cwd: dir}).code).toBe(0);
		writeFileSync(file, recorded.replace(`\n${line(30000)}\n`, `\n${line(30001)}\n`));
		expect(runbook(['test', 'long.md'], {cwd: dir}).code).toBe(1);
		writeFileSync(file, recorded.replace(`\`\`\`output\n${line(1)}\n`, `\`\`\`output\n${line(0)}\n`));
		expect(runbook(['test', 'long.md'], {cwd: dir}).code).toBe(1);
	});
});
