import {isSecretName} from '../../engine/secrets.js';
import type {EnvForm, EnvVar, Key, PlayState, Update} from './types.js';

/**
 * The variables of the runbook's `env` (and of `--env`) with the value each
 * step will see: `--env` wins over the caller's environment, which wins over
 * the runbook's default.
 */
export function envForm(runbookEnv: Readonly<Record<string, string>>, callerEnv: Readonly<Record<string, string | undefined>>, options: Readonly<Record<string, string>>, secrets: readonly string[] = []): EnvForm {
	const names = [...new Set([...Object.keys(runbookEnv), ...Object.keys(options)])];
	const vars = names.map((name): EnvVar => {
		const secret = isSecretName(name, secrets) ? {secret: true} : {};
		const option = options[name];
		if (option !== undefined) return {name, value: option, origin: 'option', ...secret};
		const caller = callerEnv[name];
		if (caller !== undefined) return {name, value: caller, origin: 'environment', ...secret};
		return {name, value: runbookEnv[name] ?? '', origin: 'runbook', ...secret};
	});
	return {vars, selected: 0};
}

/** The `--env` the run gets: the options, and every value edited on the variables screen. */
export function runEnv(form: EnvForm): Record<string, string> {
	const env: Record<string, string> = {};
	for (const variable of form.vars) if (variable.origin === 'edited' || variable.origin === 'option') env[variable.name] = variable.value;
	return env;
}

const withForm = (state: PlayState, env: EnvForm): Update => [{...state, env}, []];

/** Keys while a value is being typed: text, backspace, enter keeps it, escape drops it. */
export function onEditKey(state: PlayState, key: Key): Update {
	const form = state.env;
	const text = form.editing ?? '';
	if (key.name === 'return') {
		const vars = form.vars.map((variable, index) => (index === form.selected && variable.value !== text ? {...variable, value: text, origin: 'edited' as const} : variable));
		return withForm(state, {vars, selected: form.selected});
	}
	if (key.name === 'escape') return withForm(state, {vars: form.vars, selected: form.selected});
	if (key.name === 'backspace') return withForm(state, {...form, editing: [...text].slice(0, -1).join('')});
	if (key.ctrl && key.text === 'u') return withForm(state, {...form, editing: ''});
	if (key.name === 'char' && !key.ctrl) return withForm(state, {...form, editing: text + key.text});
	return [state, []];
}

/** Keys on the variables screen (not typing): move, `e` edits. */
export function onFormKey(state: PlayState, key: Key): Update | undefined {
	const form = state.env;
	const last = form.vars.length - 1;
	if (key.name === 'up' || (key.name === 'char' && (key.text === 'k' || key.text === 'p'))) return withForm(state, {...form, selected: Math.max(0, form.selected - 1)});
	if (key.name === 'down' || key.name === 'tab' || (key.name === 'char' && (key.text === 'j' || key.text === 'n'))) return withForm(state, {...form, selected: Math.min(last, form.selected + 1)});
	if (key.name === 'char' && key.text === 'e') {
		const variable = form.vars[form.selected];
		if (variable) return withForm(state, {...form, editing: variable.value});
	}
	return undefined;
}
