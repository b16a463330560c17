import {createJsonReporter} from './json.js';
import {createJunitReporter} from './junit.js';
import {createPrettyReporter} from './pretty.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {createTapReporter} from './tap.js';

export type {Reporter, ReporterContext} from './reporter.js';

export const reporters = {
	pretty: createPrettyReporter,
	tap: createTapReporter,
	junit: createJunitReporter,
	json: createJsonReporter,
} as const satisfies Record<string, (context: ReporterContext) => Reporter>;

export type ReporterName = keyof typeof reporters;

export function isReporterName(name: string): name is ReporterName {
	return Object.hasOwn(reporters, name);
}
