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

/** The pretty report's wall time at the end of its last line, ` (1.2s)` or ` (640ms)`. */
const wallTime = / \((?:\d+ms|\d+\.\ds|(?:\d+h)?(?:\d+m)?(?:\d+s)?)\)$/;

/** The pretty report's last line (the counts), its wall time, which must be there, written ` (time)`. */
export function countsLine(stdout: string): string {
	const line = stdout.trimEnd().split('\n').at(-1) ?? '';
	return wallTime.test(line) ? line.replace(wallTime, ' (time)') : `${line} [no wall time]`;
}
