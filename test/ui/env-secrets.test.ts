import {describe, expect, it} from 'vitest';
import {envLines} from '../../src/ui/panes/env.js';
import {init, key, play} from './helpers.js';

const withEnv = '---\nenv:\n  DB_PASS: from-runbook\n  API_TOKEN: ""\n  REGION: eu-west-1\nsecrets: [DB_PASS]\n---\n\n# Sample\n\n```sh\necho hi\n```\n';
const text = (lines: ReturnType<typeof envLines>) => lines.map((line) => line.map((part) => part.text).join('')).join('\n');

describe('the variables screen', () => {
	it('never draws a secret\'s value: *** for it, a dot per character while it is typed', () => {
		const [state] = init(withEnv, {env: {API_TOKEN: 'tok-from-option'}, callerEnv: {}});
		const shown = text(envLines(state, 80, 20));
		expect(shown).toContain('DB_PASS   = ***');
		expect(shown).toContain('API_TOKEN = ***');
		expect(shown).toContain('REGION    = eu-west-1');
		expect(shown).not.toContain('from-runbook');
		expect(shown).not.toContain('tok-from-option');
		const typing = play(state, key('e'), key('s'), key('3'), key('c'));
		expect(text(envLines(typing.state, 80, 20))).toContain('DB_PASS   = •••');
	});
});
