const units: Readonly<Record<string, number>> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/**
 * The longest duration a runbook or `--timeout` may give, in milliseconds:
 * Node's timers hold a signed 32-bit count of milliseconds (about 24.8 days)
 * and fire at once when given more, which would fail every step at its start.
 */
export const maxDurationMs = 2 ** 31 - 1;

/** Why a text is not a usable duration: not one at all, or longer than {@link maxDurationMs}. */
export type DurationError = {readonly error: 'syntax' | 'too-long'};

/**
 * Parse a duration such as `500ms`, `30s`, `2m`, `1h` or `1m30s`, of at most
 * {@link maxDurationMs}; every duration goes through here, so one rule holds.
 *
 * @example parseDuration('1m30s') // 90000
 * @example parseDuration('600h') // {error: 'too-long'}
 * @returns milliseconds, or why the text is not a usable duration
 */
export function parseDuration(text: string): number | DurationError {
	const trimmed = text.trim();
	if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return {error: 'syntax'};
	let total = 0;
	for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
		total += Number(match[1]) * (units[match[2] ?? 's'] ?? 0);
	}
	const ms = Math.round(total);
	return ms > maxDurationMs ? {error: 'too-long'} : ms;
}

/** What a duration past the limit must be, in words: `at most 596h31m23s, the longest a timer can wait`. */
export const maxDurationText = `at most ${formatDuration(Math.floor(maxDurationMs / 1000) * 1000)}, the longest a timer can wait`;

/** Format milliseconds the way a person writes them: `30s`, `2m`, `1m30s`, `500ms`. */
export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	if (ms % 1000 !== 0 && ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
	const seconds = Math.round(ms / 1000);
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}
