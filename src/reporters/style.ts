/** Minimal ANSI styling; `plain` when colour is off (not a terminal, or NO_COLOR). */
export type Style = Readonly<Record<'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold', (text: string) => string>>;

const wrap = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;

export const colors: Style = {
	red: wrap(31, 39),
	green: wrap(32, 39),
	yellow: wrap(33, 39),
	cyan: wrap(36, 39),
	dim: wrap(2, 22),
	bold: wrap(1, 22),
};

const identity = (text: string) => text;

export const plain: Style = {red: identity, green: identity, yellow: identity, cyan: identity, dim: identity, bold: identity};

/**
 * Colour on a terminal, by these rules in this order:
 *
 * - `NO_COLOR` set and not empty: no colour (no-color.org: "when present and
 *   not an empty string … prevents the addition of ANSI color"; Node.js lets
 *   a `FORCE_COLOR` win over it, runbook does not: the person who set
 *   `NO_COLOR` asked for none);
 * - `FORCE_COLOR` set: its values as Node.js reads them
 *   (nodejs.org/api/cli.html, FORCE_COLOR): `1`, `2`, `3`, `true` or empty
 *   force colour even when not a terminal, and "any other value will result
 *   in colorized output being disabled" (`0`, `false`, `no`);
 * - otherwise colour only on a terminal.
 */
export function styleFor(stream: {isTTY?: boolean}, env: Readonly<Record<string, string | undefined>>): Style {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plain;
	const force = env.FORCE_COLOR;
	if (force !== undefined) return forcing.has(force.toLowerCase()) ? colors : plain;
	return stream.isTTY ? colors : plain;
}

/** The values of `FORCE_COLOR` that force colour, in Node.js's reading. */
const forcing = new Set(['', '1', '2', '3', 'true']);
