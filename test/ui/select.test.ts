import {describe, expect, it} from 'vitest';
import {UserError} from '../../src/errors.js';
import {selectSteps} from '../../src/ui/select.js';
import {parse, sample} from './helpers.js';

const runbook = parse(sample);
const names = (steps: readonly {name: string}[]) => steps.map((step) => step.name);

describe('--from and --section', () => {
	it('starts at a step named, or numbered from 1', () => {
		expect(selectSteps(runbook, {from: 'four'}).start).toBe(3);
		expect(selectSteps(runbook, {from: '2'}).start).toBe(1);
	});

	it('plays one section (its sub-sections too), by heading text or slug', () => {
		expect(names(selectSteps(runbook, {section: 'second'}).steps)).toEqual(['two', 'three', 'four', 'tidy']);
		expect(names(selectSteps(runbook, {section: 'First'}).steps)).toEqual(['one']);
		expect(names(selectSteps(runbook, {section: 'sample'}).steps)).toEqual(['one', 'two', 'three', 'four', 'tidy']);
		expect(selectSteps(runbook, {section: 'Second', from: '2'}).start).toBe(1);
	});

	it('says what there is when a value names nothing', () => {
		expect(() => selectSteps(runbook, {from: 'five'})).toThrow(UserError);
		expect(() => selectSteps(runbook, {from: 'five'})).toThrow(/--from five: no step is named so \(steps: one, two, three, four, tidy\)/);
		expect(() => selectSteps(runbook, {from: '9'})).toThrow(/there are steps 1 to 5/);
		expect(() => selectSteps(runbook, {section: 'Third'})).toThrow(/no such heading \(headings: "Sample", "First", "Second"\)/);
		expect(() => selectSteps(runbook, {section: 'First', from: 'two'})).toThrow(/not in the section "First"/);
	});
});
