/** Durations and process ids vary from run to run: blanked before whole reports are compared (as vitest's reporter tests do). */
export function blankJson(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(blankJson);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'durationMs' || key === 'pid' ? 0 : blankJson(inner)]));
}

/** JUnit's times, in seconds, blanked. */
export function blankJunit(xml: string): string {
	return xml.replace(/time="\d+\.\d+"/g, 'time="0"');
}

/** TAP's diagnostics carry durations. */
export function blankTap(tap: string): string {
	return tap.replace(/durationMs: \d+/g, 'durationMs: 0');
}
