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
 * - `NO_COLOR` set and not empty: no colour (no-color.org);
 * - `FORCE_COLOR` `0` or `false`: no colour; any other value that is set
 *   (`1`, `2`, `3`, `true`, empty): colour even when not a terminal. This is
 *   Node.js's reading ("Any other value [than 1, 2, 3, true or empty] will
 *   result in colorized output being disabled", nodejs.org/api/cli.html,
 *   FORCE_COLOR), which chalk and kleur share; force-color.org's informal
 *   standard forces colour for any non-empty value, `0` included, which no
 *   one who writes `FORCE_COLOR=0` means;
 * - otherwise colour only on a terminal.
 */
export function styleFor(stream: {isTTY?: boolean}, env: Readonly<Record<string, string | undefined>>): Style {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plain;
	const force = env.FORCE_COLOR;
	if (force !== undefined) return force === '0' || force.toLowerCase() === 'false' ? plain : colors;
	return stream.isTTY ? colors : plain;
}
