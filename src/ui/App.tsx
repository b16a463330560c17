import {useInput} from 'ink';
import {useEffect, useState, useSyncExternalStore} from 'react';
import {Player} from './components/Player.js';
import {toKeys} from './input.js';
import type {Action, PlayState} from './state.js';

export type Store = {
	subscribe(listener: () => void): () => void;
	getState(): PlayState;
	dispatch(action: Action): void;
};

/** Re-render every `ms` (the clock, the spinner). */
function useTicker(ms: number): void {
	const [, setTick] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setTick((tick) => tick + 1), ms);
		return () => clearInterval(timer);
	}, [ms]);
}

/** The one container: the store's state on screen, keys into the store. */
export function App({store}: {readonly store: Store}) {
	const state = useSyncExternalStore(store.subscribe, store.getState);
	const busy = state.running !== undefined;
	useTicker(busy ? 100 : 1000);
	useInput((input, key) => {
		for (const each of toKeys(input, key)) store.dispatch({type: 'key', key: each});
	});
	return <Player state={state} now={Date.now()} />;
}
