/**
 * Output larger than a step keeps in memory (`keptOutputChars` from each
 * end): it is compared whole as it is printed, so that its size never
 * decides a verdict, a capture or a diff. 22,000 lines of 101 bytes are
 * 2.2 MB: past the 2 × 1 MiB kept.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const count = 22_000;
const seq = `seq -f %0100g 1 ${count}`;
const numbers = Array.from({length: count}, (_, i) => String(i + 1).padStart(100, '0'));
const middle = numbers[count / 2 - 1] ?? '';
const step = (command: string, expected?: readonly string[]) => `\`\`\`sh\n${command}\n\`\`\`\n\n${expected ? `\`\`\`output\n${expected.join('\n')}\n\`\`\`\n\n` : ''}`;

function write(text: string): {dir: string; file: string} {
	const dir = fixtureCopy();
	const file = path.join(dir, 'large.md');
	writeFileSync(file, `# Large\n\n${text}`);
	return {dir, file};
}

describe('output larger than what a step keeps in memory', () => {
	it('passes when it is the expected output, whatever its size', () => {
		const {dir} = write(step(seq, numbers));
		const ran = runbook(['test', 'large.md'], {cwd: dir});
		expect(ran.stdout).toContain('1 passed, 0 failed');
		expect(ran.code).toBe(0);
	});

	it('shows only the line that differs in the diff, in the pretty report and the JSON report', () => {
		const expected = numbers.map((line) => (line === middle ? 'the middle line' : line));
		const {dir} = write(step(seq, expected));
		const ran = runbook(['test', 'large.md', '--reporter', 'pretty', '--reporter', 'json', '--output-file.json=run.json'], {cwd: dir});
		expect(ran.code).toBe(1);
		const changes = ran.stdout.split('\n').filter((line) => /^ {4}[-+]\S/.test(line));
		expect(changes).toEqual(['    -the middle line', `    +${middle}`]);
		const report = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as {runbooks: {steps: {diff: string; cut: boolean}[]}[]};
		const result = report.runbooks[0]?.steps[0];
		expect(result?.diff.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line))).toEqual(['-the middle line', `+${middle}`]);
	});

	it('finds a line in its middle under `...`, and what that line captured reaches the next step', () => {
		const {dir} = write(step(`${seq} | sed 's/^${middle}$/found ${count / 2}/'`, [numbers[0] ?? '', '...', 'found {{middle}}', '...', numbers.at(-1) ?? '']) + step('echo "got $middle"', [`got ${count / 2}`]));
		const ran = runbook(['test', 'large.md'], {cwd: dir});
		expect(ran.stdout).toContain('2 passed, 0 failed');
		expect(ran.code).toBe(0);
	});

	it('is recorded by --update as its first and last lines around `...`, which the next run checks', () => {
		const {dir, file} = write(step(seq));
		expect(runbook(['test', '--update=new', 'large.md'], {cwd: dir}).code).toBe(0);
		const recorded = readFileSync(file, 'utf8');
		const block = /```output\n([^]*?)```\n/.exec(recorded)?.[1];
		expect(block).toBe([...numbers.slice(0, 10), '...', ...numbers.slice(-10), ''].join('\n'));
		expect(runbook(['test', 'large.md'], {cwd: dir}).code).toBe(0);
	});
});
