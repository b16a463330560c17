import {spawnSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {started, until} from './cli.js';
import {removeTreeCopies, treeCopy} from './tree.js';

afterEach(removeTreeCopies);

it('stdout closed by its reader (`runbook test … | head -1`): no stack trace; the run goes on to its end and exit code', async () => {
	const dir = treeCopy();
	expect(spawnSync('mkfifo', [path.join(dir, 'gate')]).status).toBe(0);
	writeFileSync(path.join(dir, 'first.md'), '# First\n\n```sh\necho one\n```\n');
	// Its step waits on the gate, which the test opens once it has closed the pipe: the report of it comes after.
	writeFileSync(path.join(dir, 'second.md'), '# Second\n\n```sh\ncat gate\n```\n\n```sh {#after}\ntouch second-ended\n```\n');
	const cli = started(['test', '-j', '1', 'first.md', 'second.md'], dir);
	await until(() => cli.output.stdout.includes('First'));
	cli.child.stdout.destroy();
	writeFileSync(path.join(dir, 'gate'), '');
	const code = await cli.exited;
	expect(cli.output.stderr).toBe('');
	expect(code).toBe(0);
	expect(existsSync(path.join(dir, 'second-ended'))).toBe(true);
});
