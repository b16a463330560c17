/**
 * The reporters' names, in the order `--help` lists them: the one home of
 * the list. Kept apart from the reporters themselves so that the command line
 * can check a name without loading any reporter (nor what they load: `yaml`
 * for tap, the terminal model for pretty).
 */
export const reporterNames = ['pretty', 'tap', 'junit', 'json'] as const;

export type ReporterName = (typeof reporterNames)[number];

export function isReporterName(name: string): name is ReporterName {
	return (reporterNames as readonly string[]).includes(name);
}
