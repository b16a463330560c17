import {randomBytes} from 'node:crypto';

/** A step line's marker: hex digits, as many (`framing.ts` reads frames of this length at most). */
export const markerLength = 24;

/** How many markers one draw from the system's random source gives. */
const perDraw = 64;

/**
 * Step lines' random markers (`framing.ts`): `markerLength` hex digits each
 * (96 bits), cut from a random buffer drawn for `perDraw` at a time, so that
 * the random source is called once per 64 lines instead of once per line.
 */
export class Markers {
	private pool = '';
	private at = 0;

	/** The next marker, never given before. */
	next(): string {
		if (this.at === this.pool.length) {
			this.pool = randomBytes((markerLength / 2) * perDraw).toString('hex');
			this.at = 0;
		}
		this.at += markerLength;
		return this.pool.slice(this.at - markerLength, this.at);
	}
}
