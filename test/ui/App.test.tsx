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

/** Wait until `condition` holds (Ink draws and reads keys on its own schedule); vitest's timeout ends a wait that never ends. */
async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Ink reads keys once it listens on stdin: a key written before would be lost. */
const listening = (stdin: NodeJS.EventEmitter) => () => stdin.listenerCount('readable') + stdin.listenerCount('data') > 0;

const shows = (lastFrame: () => string | undefined, text: string) => () => stripAnsi(lastFrame() ?? '').includes(text);

describe('App', () => {
	it('turns key presses into actions and draws the new state', async () => {
		const [state] = init();
		const app = store(state);
		const {stdin, lastFrame} = render(<App store={app} />);
		await until(shows(lastFrame, 'step 1/5'));
		await until(listening(stdin));
		stdin.write('n');
		await until(shows(lastFrame, 'step 2/5'));
		stdin.write('\u001B[D');
		await until(shows(lastFrame, 'step 1/5'));
		stdin.write('\r');
		await until(() => app.effects.length > 0);
		expect(app.effects).toEqual([{kind: 'start', env: {}}]);
	});

	it('reads keys typed together one by one', async () => {
		const [state] = init();
		const app = store(state);
		const {stdin, lastFrame} = render(<App store={app} />);
		await until(listening(stdin));
		stdin.write('nnn');
		await until(shows(lastFrame, 'step 4/5'));
		expect(app.getState().cursor).toBe(3);
	});

	it('ctrl-c quits when idle (nothing ran: nothing to clean up)', async () => {
		const [state] = init();
		const app = store(state);
		const {stdin} = render(<App store={app} />);
		await until(listening(stdin));
		stdin.write('\u0003');
		await until(() => app.effects.length > 0);
		expect(app.effects).toEqual([{kind: 'exit'}]);
	});
});
