import {describe, expect, it} from 'vitest';
import {screenLines} from '../../src/ui/panes/screen.js';
import {backgroundLogs, type PlayState} from '../../src/ui/state.js';
import {ctrlC, enter, event, init, key, play, ran} from './helpers.js';

const markdown = `# Logs

\`\`\`sh {#server background ready=/listening/}
serve
\`\`\`

\`\`\`sh {#worker background}
work
\`\`\`

\`\`\`sh {#client}
echo asked
\`\`\`
`;

const text = (state: PlayState) => screenLines(state, 0).map((line) => line.map((part) => part.text).join(''));
const hintLine = (state: PlayState) => text(state).at(-1) ?? '';
const tab = key('\t', 'tab');
const escape = key('\u001B', 'escape');

/** Both background steps started: the server printed after ready too. */
function started(): PlayState {
	const [state] = init(markdown);
	const [server, worker] = state.steps;
	return play(
		state,
		...ran(server!, 'listening\n'),
		event({kind: 'output', step: server!, stream: 'stdout', text: 'served a request\n'}),
		...ran(worker!, 'worker up\n'),
	).state;
}

describe('background logs', () => {
	it('l says there is no log before a background step started, and the hints do not offer it', () => {
		const [state] = init(markdown);
		expect(backgroundLogs(state)).toEqual([]);
		expect(play(state, key('l')).state.notice?.text).toBe('no background step has started: l shows the log of one once it has');
		expect(hintLine(state)).not.toContain('l log');
		expect(hintLine(started())).toContain('l log');
	});

	it('the output a background step prints after its step ended is kept in its log', () => {
		const state = started();
		expect(state.views[0]?.state).toBe('passed');
		expect(state.views[0]?.output.lines).toEqual(['listening', 'served a request']);
	});

	it('l opens the current background step’s log, else the first; tab shows the next; l and esc close it', () => {
		const state = started();
		const fromClient = play({...state, cursor: 2}, key('l')).state;
		expect(fromClient.log).toBe(0);
		const fromWorker = play({...state, cursor: 1}, key('l')).state;
		expect(fromWorker.log).toBe(1);
		expect(play(fromWorker, tab).state.log).toBe(0);
		expect(play(fromWorker, tab, tab).state.log).toBe(1);
		expect(play(fromWorker, key('l')).state.log).toBeUndefined();
		expect(play(fromWorker, escape).state.log).toBeUndefined();
	});

	it('draws the log live, which of the logs it is, and the keys', () => {
		const state = play(started(), key('l')).state;
		const screen = text(state);
		expect(screen.some((line) => line.includes('Log of 1. server · background · 1 of 2 (tab: the next)'))).toBe(true);
		expect(screen.some((line) => line.includes('served a request'))).toBe(true);
		expect(hintLine(state)).toContain('l/esc close the log · tab next log · pgup pgdn scroll · q quit');
		const more = play(state, event({kind: 'output', step: state.steps[0]!, stream: 'stdout', text: 'a second request\n'})).state;
		expect(text(more).some((line) => line.includes('a second request'))).toBe(true);
		const stopped = play(state, event({kind: 'background-stop', step: state.steps[0]!})).state;
		expect(text(stopped).some((line) => line.includes('■ stopped when the run ended'))).toBe(true);
	});

	it('keys that would act on a step are not taken while the log is open; ctrl-c, q and ? are', () => {
		const state = play(started(), key('l')).state;
		for (const action of [enter, key('n'), key('r'), key('a')]) {
			const after = play(state, action);
			expect(after.effects).toEqual([]);
			expect(after.state.cursor).toBe(state.cursor);
			expect(after.state.notice?.text).toBe('the log is open: l or esc closes it');
		}
		expect(play(state, key('?')).state.overlay).toBe('help');
		const client = state.steps[2]!;
		const running = play(state, event({kind: 'step-start', step: client, attempt: 1, phase: 'main', command: client.command})).state;
		expect(play(running, ctrlC).effects).toEqual([{kind: 'interrupt'}]);
		expect(play(running, ctrlC).state.log).toBe(0);
		const quitting = play(state, {type: 'gate', position: 2}, key('q')).state;
		expect(quitting.log).toBeUndefined();
	});

	it('at 80 columns the hints make room for l by leaving out the least needed ones', () => {
		const [base] = init(`${markdown}\n\`\`\`output\nanswered\n\`\`\`\n`);
		const [server, , client] = base.steps;
		const state = play(base, ...ran(server!, 'listening\n'), ...ran(client!, 'asked\n'), key('n'), key('n')).state;
		expect(state.columns).toBe(80);
		expect(hintLine(state).trim()).toBe('enter next · r re-run · a accept · o output · l log · ? keys · q quit');
	});

	it('pgup scrolls the log back, pgdn forward', () => {
		const [base] = init(markdown);
		const server = base.steps[0]!;
		const lines = Array.from({length: 100}, (_, i) => `line ${i + 1}`).join('\n') + '\n';
		const state = play(base, ...ran(server, lines), key('l')).state;
		const back = play(state, key('', 'pageup')).state;
		expect(back.scroll).toBeGreaterThan(0);
		expect(text(back).some((line) => line.includes('line 100'))).toBe(false);
		expect(play(back, key('', 'pagedown')).state.scroll).toBe(0);
	});
});
