/** The outline's width, or 0 when the terminal is too narrow for it. */
export function outlineWidth(columns: number): number {
	if (columns < 64) return 0;
	return Math.max(18, Math.min(34, Math.round(columns * 0.28)));
}

/** The screen's size in cells: one column and one row less than the terminal, so that it never wraps or scrolls. */
export function screenSize(columns: number, rows: number): {width: number; height: number} {
	return {width: Math.max(20, columns - 1), height: Math.max(6, rows - 1)};
}

/** The width of the current step's pane. */
export function mainWidth(columns: number): number {
	const {width} = screenSize(columns, 0);
	const side = outlineWidth(width + 1);
	return side > 0 ? width - side - 2 : width - 1;
}
