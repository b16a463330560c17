import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, removeCopies, runbook} from './cli.js';
import {countsLine} from './blank.js';

afterEach(removeCopies);

// A progress line redrawn after a carriage return and an erase-line, as curl or npm do.
const progress = "printf 'downloading 10%%\\r\\033[Kdone\\n'";

describe('terminal text in runbook test', () => {
	it('matches what a terminal shows: the erased progress line reads `done`', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'progress.md'), `# Progress\n\n\`\`\`sh\n${progress}\n\`\`\`\n\n\`\`\`output\ndone\n\`\`\`\n`);
		const ran = runbook(['test', 'progress.md'], {cwd: dir});
		expect(countsLine(ran.stdout)).toBe('1 passed, 0 failed (time)');
		expect(ran.code).toBe(0);
	});

	it('records `done` with --update=new, not the overwritten text', () => {
		const dir = fixtureCopy();
		const file = path.join(dir, 'progress.md');
		const before = `# Progress\n\n\`\`\`sh\n${progress}\n\`\`\`\n`;
		writeFileSync(file, before);
		const ran = runbook(['test', '--update=new', 'progress.md'], {cwd: dir});
		expect(ran.stderr).toBe('runbook: updated progress.md: 1 expected output written\n');
		expect(readFileSync(file, 'utf8')).toBe(`${before}\n\`\`\`output\ndone\n\`\`\`\n`);
		expect(runbook(['test', 'progress.md'], {cwd: dir}).code).toBe(0);
	});
});
