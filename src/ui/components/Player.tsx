import {screenLines} from '../panes/screen.js';
import type {PlayState} from '../state.js';
import {Lines} from './Lines.js';

/** The player's screen for a state at a moment (the moment drives the clock and the spinner). */
export function Player({state, now}: {readonly state: PlayState; readonly now: number}) {
	return <Lines lines={screenLines(state, now)} />;
}
