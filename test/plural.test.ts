import {describe, expect, it} from 'vitest';
import {plural} from '../src/plural.js';

describe('plural', () => {
	it('groups thousands as en-US does, for every size of count', () => {
		for (const count of [0, 7, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 123_456_789, Number.MAX_SAFE_INTEGER, -1234, 1.5, 1234.5678]) {
			expect(plural(count, 'step')).toBe(`${count.toLocaleString('en-US')} steps`);
		}
	});

	it('says the noun in the singular for exactly one', () => {
		expect(plural(1, 'runbook')).toBe('1 runbook');
	});
});
