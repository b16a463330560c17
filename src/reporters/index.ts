import {createJsonReporter} from './json.js';
import {createJunitReporter} from './junit.js';
import type {ReporterName} from './names.js';
import {createPrettyReporter} from './pretty.js';
import type {Reporter, ReporterContext} from './reporter.js';
import {createTapReporter} from './tap.js';

export type {Reporter, ReporterContext} from './reporter.js';
export {isReporterName, reporterNames, type ReporterName} from './names.js';

/** Every reporter, loaded: a run loads only the ones it uses (`loadReporter`). */
export const reporters = {
	pretty: createPrettyReporter,
	tap: createTapReporter,
	junit: createJunitReporter,
	json: createJsonReporter,
} as const satisfies Record<ReporterName, (context: ReporterContext) => Reporter>;
