import {describe, expect, it} from 'vitest';
import {fileChanges} from '../../src/ui/file-change.js';
import {riskTexts} from '../../src/ui/panes/accept.js';

describe('the lines of a file that change', () => {
	it('numbers removed lines as before, added and unchanged ones as after, with a line of context', () => {
		expect(fileChanges('a\n```output\n1\n2\n4\n```\nz\n', 'a\n```output\n1\n2\n3\n```\nz\n')).toEqual([
			{kind: 'same', line: 4, text: '2'},
			{kind: 'removed', line: 5, text: '4'},
			{kind: 'added', line: 5, text: '3'},
			{kind: 'same', line: 6, text: '```'},
		]);
	});

	it('keeps unchanged lines between two changes, numbered as after', () => {
		expect(fileChanges('x\na\nsame\nb\ny\n', 'x\nA\nnew\nsame\nB\ny\n').map((line) => `${line.kind} ${line.line} ${line.text}`)).toEqual([
			'same 1 x',
			'removed 2 a',
			'added 2 A',
			'added 3 new',
			'same 4 same',
			'removed 4 b',
			'added 5 B',
			'same 6 y',
		]);
	});

	it('shows an added block at the end of a file, and CRLF lines without their CR', () => {
		expect(fileChanges('```sh\r\necho hi\r\n```\r\n', '```sh\r\necho hi\r\n```\r\n\r\n```output\r\nhi\r\n```\r\n')).toEqual([
			{kind: 'same', line: 3, text: '```'},
			{kind: 'added', line: 4, text: ''},
			{kind: 'added', line: 5, text: '```output'},
			{kind: 'added', line: 6, text: 'hi'},
			{kind: 'added', line: 7, text: '```'},
		]);
	});
});

describe('why a asks', () => {
	it('says the exit status and the patterns that would be lost, in the engine’s words', () => {
		expect(riskTexts({exit: {actual: 125, expected: {kind: 'code', code: 0}}, lost: ['{{host_busybox_id:hex64}}']})).toEqual([
			'exit status 125, expected 0',
			'1 pattern would be lost: {{host_busybox_id:hex64}}',
		]);
		expect(riskTexts({exit: {actual: 0, expected: {kind: 'nonzero'}}, lost: ['{{id:hex64}}', '[..]']})).toEqual(['exit status 0, expected nonzero', '2 patterns would be lost: {{id:hex64}}, [..]']);
		expect(riskTexts({lost: []})).toEqual([]);
	});
});
