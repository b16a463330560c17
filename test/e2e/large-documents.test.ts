/**
 * A document past twice the parser's piece length (`defaultPieceLength`) is
 * parsed in pieces (src/parse/chunks.ts); what the commands say of it must be
 * what one parse of the whole says.
 */
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {defaultPieceLength} from '../../src/parse/chunks.js';
import {fixtureCopy, removeCopies, runbook} from './cli.js';

afterEach(removeCopies);

const padding = (length: number) => 'Padding paragraph with plain words and nothing else here.\n\n'.repeat(Math.ceil(length / 60));

describe('a large document', () => {
	it('keeps a reference whose label starts with ^ a link, as in a short one (the step and section names come from it)', () => {
		const dir = fixtureCopy();
		const text = `[ ^x]: https://example.com\n\n${padding(2 * defaultPieceLength)}# Install [^x]\n\n\`\`\`sh\necho hi\n\`\`\`\n`;
		writeFileSync(path.join(dir, 'caret.md'), text);
		const ran = runbook(['list', 'caret.md'], {cwd: dir, env: {RUNBOOK_NO_CACHE: '1'}});
		expect(ran.stderr).toBe('');
		expect(ran.stdout).toContain('install-x-1');
		expect(ran.stdout).toContain('Install ^x');
	});
});
