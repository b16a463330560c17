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

/** Colour only on a terminal, and never with NO_COLOR set. */
export function styleFor(stream: {isTTY?: boolean}, env: Readonly<Record<string, string | undefined>>): Style {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plain;
	if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return colors;
	return stream.isTTY ? colors : plain;
}
