import {UserError} from '../errors.js';
import {isReporterName, reporterNames, type ReporterName} from './names.js';

/** One report of a run: a reporter, and the file it is written to (as the user gave it), or stdout. */
export type ReportTarget = {readonly reporter: ReporterName; readonly file?: string};

/** The reporter a run uses when none is named: `pretty`, on stdout. */
export const defaultReporter: ReporterName = 'pretty';

/**
 * The reports a run writes, from `--reporter NAME` (repeatable, in the order
 * given) and `--output-file.NAME=PATH` (`files`, by reporter name), by these
 * rules (vitest's `--reporter` / `--outputFile.NAME`):
 *
 * - no `--reporter`: `pretty` on stdout;
 * - a reporter named with no file writes to stdout; at most one may;
 * - a reporter is named once; an output file is for a reporter that is named.
 *
 * Pure. Errors: `UserError` `bad-option` (exit 2) saying which rule and what
 * to write instead.
 */
export function planReports(names: readonly string[], files: Readonly<Record<string, string>>): ReportTarget[] {
	const valid = reporterNames.join(', ');
	const chosen: ReporterName[] = [];
	for (const name of names.length === 0 ? [defaultReporter] : names) {
		if (!isReporterName(name)) throw new UserError('bad-option', `unknown reporter \`${name}\`; valid: ${valid}`);
		if (chosen.includes(name)) throw new UserError('bad-option', `--reporter ${name} is given twice`);
		chosen.push(name);
	}
	for (const [name, file] of Object.entries(files)) {
		if (!isReporterName(name)) throw new UserError('bad-option', `--output-file.${name}: unknown reporter \`${name}\`; valid: ${valid}`);
		if (!chosen.includes(name)) throw new UserError('bad-option', `--output-file.${name} is given, but not --reporter ${name}: add --reporter ${name}${names.length === 0 ? ` (and --reporter ${defaultReporter} to keep the ${defaultReporter} report)` : ''}`);
		if (file === '') throw new UserError('bad-option', `--output-file.${name} needs a path, such as --output-file.${name}=${exampleFile[name]}`);
	}
	const targets = chosen.map((reporter): ReportTarget => (Object.hasOwn(files, reporter) ? {reporter, file: files[reporter]!} : {reporter}));
	const onStdout = targets.filter((target) => target.file === undefined);
	if (onStdout.length > 1) {
		const second = onStdout[1]!.reporter;
		throw new UserError('bad-option', `${onStdout.map((target) => `--reporter ${target.reporter}`).join(' and ')} would all write to stdout: give ${onStdout.length > 2 ? 'all but one' : 'one'} of them a file, such as --output-file.${second}=${exampleFile[second]}`);
	}
	return targets;
}

/** A file name each reporter's report is given in examples. */
const exampleFile: Readonly<Record<ReporterName, string>> = {pretty: 'report.txt', tap: 'report.tap', junit: 'junit.xml', json: 'report.json'};
