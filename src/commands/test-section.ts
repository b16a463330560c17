import {UserError} from '../errors.js';
import {limitToSection} from '../select/section.js';
import type {Checked} from './check-first.js';

/**
 * `runbook test --section HEADING`: the checked files with the steps outside
 * that section marked skipped (`limitToSection`); a UserError (exit 2) when
 * no runbook has a step in such a section.
 */
export function applySection(checked: readonly Checked[], heading: string): Checked[] {
	const limited = limitToSection(checked.map((item) => (item.ok ? item.loaded.runbook : item.runbook)), heading);
	if (typeof limited === 'string') throw new UserError('bad-option', limited);
	return checked.map((item, position): Checked => {
		const runbook = limited[position] ?? (item.ok ? item.loaded.runbook : item.runbook);
		return item.ok ? {ok: true, loaded: {...item.loaded, runbook}} : {...item, runbook};
	});
}
