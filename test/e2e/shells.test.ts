import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';
import {countsLine} from './blank.js';

afterEach(removeCopies);

type Row = {
	readonly name: string;
	readonly body: string;
	readonly status: 'passed' | 'failed';
	/** A fragment of the step's message, when it fails. */
	readonly message?: string;
	/** Never in the output: the step went on past where it should have stopped. */
	readonly never?: string;
	/** The output, per shell, when it is the shell's own words. */
	readonly output?: Readonly<Record<Shell, string>>;
};

type Shell = 'bash' | 'sh' | 'zsh';

/** The same steps, the same verdicts, in every shell: a table. */
const rows: readonly Row[] = [
	{name: 'syntax-quote', body: 'echo "unclosed', status: 'failed', message: 'exit status'},
	{name: 'syntax-paren', body: 'echo )\necho after', status: 'failed', message: 'exit status', never: 'after'},
	{name: 'guard', body: ': "${NOT_SET:?must be set}"\necho after', status: 'failed', message: 'exit status', never: 'after'},
	{name: 'after-errors', body: 'echo still here', status: 'passed'},
	{name: 'exit-n', body: 'exit 3', status: 'failed', message: 'ended the shell session (exit 3)'},
	{name: 'errexit', body: 'set -e\nfalse\necho after', status: 'failed', message: 'ended the shell session (exit 1)', never: 'after'},
	{name: 'nounset', body: 'set -u\necho "$UNSET_X"\necho after', status: 'failed', message: 'exit status', never: 'after'},
	{name: 'false-last', body: 'set +u\necho before\nfalse', status: 'failed', message: 'exit status 1, expected 0'},
	{
		name: 'not-found',
		body: 'nosuchtool',
		status: 'failed',
		message: 'exit status 127',
		output: {bash: 'bash: nosuchtool: command not found\n', sh: 'sh: 1: nosuchtool: not found\n', zsh: 'zsh:1: command not found: nosuchtool\n'},
	},
	{name: 'comment-only', body: '# nothing to run', status: 'passed', output: {bash: '', sh: '', zsh: ''}},
	{name: 'backslash-last', body: 'echo one \\', status: 'passed', output: {bash: 'one\n', sh: 'one\n', zsh: 'one\n'}},
	{name: 'stdout-away', body: 'exec 3>&1 >/dev/null\necho hidden', status: 'passed', output: {bash: '', sh: '', zsh: ''}},
	{name: 'stdout-back', body: 'exec >&3 3>&-\necho back', status: 'passed', output: {bash: 'back\n', sh: 'back\n', zsh: 'back\n'}},
	{name: 'trace-on', body: 'set -x', status: 'passed', output: {bash: '', sh: '', zsh: ''}},
	{
		name: 'trace-later',
		body: 'echo later\nset +x',
		status: 'passed',
		output: {bash: '+ echo later\nlater\n+ set +x\n', sh: '+ echo later\nlater\n+ set +x\n', zsh: '+zsh:1> echo later\nlater\n+zsh:2> set +x\n'},
	},
	{name: 'job', body: 'sleep 0.01 &\nwait\necho done', status: 'passed', output: {bash: 'done\n', sh: 'done\n', zsh: 'done\n'}},
	{
		name: 'trace',
		body: 'set -x\necho traced\nset +x',
		status: 'passed',
		output: {bash: '+ echo traced\ntraced\n+ set +x\n', sh: '+ echo traced\ntraced\n+ set +x\n', zsh: '+zsh:2> echo traced\ntraced\n+zsh:3> set +x\n'},
	},
];

type JsonStep = {name: string; status: string; message: string | null; output: string};

describe.each(['bash', 'sh', 'zsh'] as const)('one shell behaviour: %s', (shell) => {
	it('records a message with --update=new that the next run matches', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'record.md'), `---\nshell: ${shell}\n---\n\n\`\`\`sh {exit=127}\nnosuchtool\n\`\`\`\n`);
		expect(runbook(['test', '--update=new', 'record.md'], {cwd: dir}).code).toBe(0);
		const recorded = readFileSync(path.join(dir, 'record.md'), 'utf8');
		expect(recorded).toContain('nosuchtool');
		expect(recorded).not.toMatch(/runbook-run-|step\.sh/);
		const again = runbook(['test', 'record.md'], {cwd: dir});
		expect(countsLine(again.stdout)).toBe('1 passed, 0 failed (time)');
		expect(readFileSync(path.join(dir, 'record.md'), 'utf8')).toBe(recorded);
	});

	it('gives every row of the table its verdict, with the shell\'s own words and no temporary path', () => {
		const dir = fixtureCopy();
		const markdown = `---\nshell: ${shell}\ntimeout: 2m\n---\n\n${rows.map((row) => `\`\`\`sh {#${row.name}}\n${row.body}\n\`\`\`\n`).join('\n')}`;
		writeFileSync(path.join(dir, 'table.md'), markdown);
		const ran = runbook(['test', '--reporter', 'json', 'table.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		const steps: JsonStep[] = JSON.parse(ran.stdout).runbooks[0].steps;
		for (const row of rows) {
			const step = steps.find((candidate) => candidate.name === row.name);
			expect({name: row.name, status: step?.status}).toEqual({name: row.name, status: row.status});
			if (row.message) expect(step?.message, row.name).toContain(row.message);
			if (row.never) expect(step?.output, row.name).not.toContain(row.never);
			if (row.output) expect(step?.output, row.name).toBe(row.output[shell]);
			expect(step?.output, row.name).not.toMatch(/runbook-run-|__runbook_step|step\.sh/);
		}
		// A step that timed out would say so: none waited for its timeout.
		expect(steps.map((step) => step.message ?? '').join('\n')).not.toContain('timed out');
		expect(readFileSync(path.join(dir, 'table.md'), 'utf8')).toBe(markdown);
	});
});

describe('a shell Node cannot start', () => {
	it('an environment value holding a NUL byte: the run says the shell did not start and names the variable, instead of ending silently', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'nul.md'), '---\nenv:\n  WITH_NUL: "a\\0b"\n---\n\n```sh\necho hi\n```\n\n```output\nhi\n```\n');
		const ran = runbook(['test', 'nul.md'], {cwd: dir});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain('nul.md: the shell `bash` did not start');
		expect(ran.stderr).toContain('WITH_NUL');
	});
});
