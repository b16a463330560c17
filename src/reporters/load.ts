import type {ReporterName} from './names.js';
import type {Reporter, ReporterContext} from './reporter.js';

export type CreateReporter = (context: ReporterContext) => Reporter;

/**
 * The reporter `name`, loaded on demand: a run pays only for the reporters it
 * writes (tap's `yaml`, pretty's terminal model), not for all of them.
 */
export async function loadReporter(name: ReporterName): Promise<CreateReporter> {
	switch (name) {
		case 'pretty':
			return (await import('./pretty.js')).createPrettyReporter;
		case 'tap':
			return (await import('./tap.js')).createTapReporter;
		case 'junit':
			return (await import('./junit.js')).createJunitReporter;
		case 'json':
			return (await import('./json.js')).createJsonReporter;
	}
}
