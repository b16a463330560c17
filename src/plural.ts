/**
 * A count and its noun, the noun in the plural unless the count is 1, the
 * count with thousands separators: `plural(1, 'step')` is `1 step`,
 * `plural(1200, 'runbook')` is `1,200 runbooks`. For nouns whose plural adds `s`.
 */
export const plural = (count: number, word: string): string => `${grouped(count)} ${word}${count === 1 ? '' : 's'}`;

// What `toLocaleString('en-US')` gives for a whole number, without loading the locale data its first call loads (milliseconds at start-up).
const grouped = (count: number): string => (Number.isSafeInteger(count) ? String(count).replace(/\B(?=(\d{3})+$)/g, ',') : count.toLocaleString('en-US'));
