/** The leaves of a parsed JSON report, by path, without durations. */
export function leaves(value: unknown, at?: string, out?: Map<string, unknown>): Map<string, unknown>;
/** A leaf with its runs of digits masked. */
export function masked(value: unknown): unknown;
/** The differences between a candidate report and reference reports, one line each. */
export function differences(references: readonly unknown[], candidate: unknown, uncompared?: (path: string) => void, varies?: readonly string[]): string[];
