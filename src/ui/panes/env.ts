import {secretMask} from '../../engine/secrets.js';
import type {PlayState} from '../state.js';
import {padLine, span, truncateLine, wrapSpans, type Line} from '../text/styled.js';

const origins = {runbook: 'the runbook', environment: 'your environment', option: '--env', edited: 'edited'} as const;

/** The variables screen: every variable of the runbook's `env` with the value the steps will see. */
export function envLines(state: PlayState, width: number, height: number): Line[] {
	const form = state.env;
	const lines: Line[] = [[span('Variables', {bold: true})]];
	lines.push(...wrapSpans([span('The steps see these values. ', {color: 'gray'}), span('e', {bold: true}), span(' edits the one selected, ', {color: 'gray'}), span('enter', {bold: true}), span(' starts.', {color: 'gray'})], width), []);
	const nameWidth = Math.min(Math.max(...form.vars.map((variable) => variable.name.length), 4), Math.floor(width * 0.45));
	const room = Math.max(1, height - lines.length);
	const first = Math.max(0, Math.min(form.selected - Math.floor(room / 2), form.vars.length - room));
	form.vars.slice(first, first + room).forEach((variable, offset) => {
		const index = first + offset;
		const selected = index === form.selected;
		const editing = selected && form.editing !== undefined;
		const typed = editing ? (form.editing ?? '') : variable.value;
		// A secret's value is never drawn: `***` as in output, a dot per character while it is typed.
		const value = variable.secret && typed !== '' ? (editing ? '•'.repeat([...typed].length) : secretMask) : typed;
		const line: Line = [
			span(selected ? '› ' : '  ', {color: 'cyan', bold: true}),
			span(variable.name.length > nameWidth ? `${variable.name.slice(0, nameWidth - 1)}…` : variable.name.padEnd(nameWidth), {bold: true}),
			span(' = '),
			span(value === '' && !editing ? '(empty)' : value, editing ? {color: 'yellow'} : value === '' ? {color: 'gray'} : {}),
			...(editing ? [span('█', {color: 'yellow'})] : [span(`  ${origins[variable.origin]}`, {color: variable.origin === 'edited' ? 'yellow' : 'gray'})]),
		];
		lines.push(selected && !editing ? padLine(line, width).map((part) => ({...part, style: {...part.style, inverse: true}})) : truncateLine(line, width));
	});
	return lines.slice(0, height);
}
