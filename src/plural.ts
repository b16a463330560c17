/**
 * A count and its noun, the noun in the plural unless the count is 1, the
 * count with thousands separators: `plural(1, 'step')` is `1 step`,
 * `plural(1200, 'runbook')` is `1,200 runbooks`. For nouns whose plural adds `s`.
 */
export const plural = (count: number, word: string): string => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
