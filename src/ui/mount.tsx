import {render} from 'ink';
import {App, type Store} from './App.js';

/** Mount the player's Ink app: loaded after the first frame is on screen. */
export function mount(store: Store, stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream) {
	return render(<App store={store} />, {stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 20});
}
