import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App, type Store} from '../../src/ui/App.js';
import {reduce, type Action, type Effect, type PlayState} from '../../src/ui/state.js';
import {init, stripAnsi} from './helpers.js';

afterEach(() => cleanup());

/** A store over the real reducer that records effects instead of doing them. */
function store(state: PlayState): Store & {effects: Effect[]} {
	let current = state;
	const listeners = new Set<() => void>();
	const effects: Effect[] = [];
	return {
		effects,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getState: () => current,
		dispatch(action: Action) {
			const [next, more] = reduce(current, action);
			current = next;
			effects.push(...more);
			for (const listener of listeners) listener();
		},
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('App', () => {
	it('turns key presses into actions and draws the new state', async () => {
		const [state] = init();
		const app = store(state);
		const {stdin, lastFrame} = render(<App store={app} />);
		await tick();
		expect(stripAnsi(lastFrame() ?? '')).toContain('step 1/5');
		stdin.write('n');
		await tick();
		expect(stripAnsi(lastFrame() ?? '')).toContain('step 2/5');
		stdin.write('\u001B[D');
		await tick();
		expect(stripAnsi(lastFrame() ?? '')).toContain('step 1/5');
		stdin.write('\r');
		await tick();
		expect(app.effects).toEqual([{kind: 'start', env: {}}]);
	});

	it('reads keys typed together one by one', async () => {
		const [state] = init();
		const app = store(state);
		const {stdin, lastFrame} = render(<App store={app} />);
		await tick();
		stdin.write('nnn');
		await tick();
		expect(stripAnsi(lastFrame() ?? '')).toContain('step 4/5');
	});

	it('ctrl-c quits when idle (nothing ran: nothing to clean up)', async () => {
		const [state] = init();
		const app = store(state);
		const {stdin} = render(<App store={app} />);
		await tick();
		stdin.write('\u0003');
		await tick();
		expect(app.effects).toEqual([{kind: 'exit'}]);
	});
});
