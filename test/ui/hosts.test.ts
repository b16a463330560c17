import {describe, expect, it} from 'vitest';
import type {Step} from '../../src/model.js';
import {screenLines} from '../../src/ui/panes/screen.js';
import {selectSteps} from '../../src/ui/select.js';
import {initialState, type PlayState} from '../../src/ui/state.js';
import {summaryText} from '../../src/ui/summary.js';
import {shellLines} from '../../src/ui/text/shell.js';
import {enter, key, parse, play, ran, runEnd} from './helpers.js';

const markdown = `# Fleet

## Serve

\`\`\`sh {#start-server}
systemctl start web
\`\`\`

## Check

\`\`\`sh {#fetch-the-page-from-the-client}
curl -s node2
printf 'done\\n'
\`\`\`

\`\`\`sh {#tidy}
echo tidy
\`\`\`
`;

/** The steps as the format gives them once `host=` is written: given names on those hosts, the others on local (no attribute). */
function playerState(hosts: Readonly<Record<string, string>>, columns = 100): PlayState {
	const parsed = parse(markdown);
	const steps = parsed.steps.map((step): Step => {
		const host = hosts[step.name];
		return host === undefined ? step : {...step, attributes: {...step.attributes, host}};
	});
	const runbook = {...parsed, steps};
	const [state] = initialState({file: '/notes/fleet.md', source: markdown, runbook, selection: selectSteps(runbook, {}), env: {}, callerEnv: {}, auto: false, yes: false, now: 0, columns, rows: 24});
	return state;
}

const text = (state: PlayState) => screenLines(state, 0).map((line) => line.map((part) => part.text).join(''));
/** The current step's pane: what is right of the outline. */
const pane = (state: PlayState) => text(state).flatMap((line) => (line.includes('│') ? [(line.split('│')[1] ?? '').trimEnd()] : []));
/** The outline's rows: what is left of its border. */
const outline = (state: PlayState) => text(state).map((line) => (line.split('│')[0] ?? '').trimEnd()).filter((line) => line.startsWith(' '));
const at = (state: PlayState, cursor: number): PlayState => ({...state, cursor});

describe('the player shows each step’s host', () => {
	it('a runbook with a step on another host: every prompt names its host, local too', () => {
		const state = playerState({'start-server': 'node2'});
		expect(state.hostPrompts).toBe(true);
		expect(pane(state)).toContain(' node2 $ systemctl start web');
		expect(pane(at(state, 2))).toContain(' local $ echo tidy');
	});

	it('a runbook with every step on local (named or not): the prompt is `$ `, as before hosts', () => {
		for (const state of [playerState({}), playerState({tidy: 'local'})]) {
			expect(state.hostPrompts).toBe(false);
			expect(pane(state)).toContain(' $ systemctl start web');
			expect(pane(state).join('\n')).not.toContain('local');
		}
	});

	it('the step’s title says ` on NAME` for a step not on local, nothing for a local one', () => {
		const state = playerState({'start-server': 'node2'});
		expect(pane(state)[0]).toBe(' 1. start-server on node2 · Serve');
		expect(pane(at(state, 2))[0]).toBe(' 3. tidy · Check');
	});

	it('the outline names the host of a step not on local (`@NAME`), cutting the name, never the host', () => {
		const state = playerState({'start-server': 'node2', 'fetch-the-page-from-the-client': 'node3'});
		// 100 columns: an outline 28 cells wide; the name is cut to leave room for the host.
		expect(outline(state)).toEqual(expect.arrayContaining([' ○ start-server @node2', ' ○ fetch-the-page-fr… @node3', ' ○ tidy']));
	});

	it('a command of several lines: the later lines are indented under the command, after the host’s prompt', () => {
		const state = playerState({'fetch-the-page-from-the-client': 'node3'});
		const shown = pane(at(state, 1));
		const first = shown.indexOf(' node3 $ curl -s node2');
		expect(first).toBeGreaterThan(0);
		expect(shown[first + 1]).toBe("         printf 'done\\n'");
		const plain = (lines: ReturnType<typeof shellLines>) => lines.map((line) => line.map((part) => part.text).join(''));
		expect(plain(shellLines('echo aaaa bbbb cccc', 18, 'node2'))).toEqual(['node2 $ echo aaaa ', '        bbbb cccc']);
		expect(plain(shellLines('echo aaaa bbbb cccc', 12))).toEqual(['$ echo aaaa ', '  bbbb cccc']);
	});

	it('the host stays shown once the step ran', () => {
		const state = playerState({'start-server': 'node2'});
		const done = play(state, enter, ...ran(state.steps[0]!, 'started\n')).state;
		expect(pane(done)[0]).toMatch(/^ 1\. start-server on node2 · Serve/);
		expect(pane(done)).toContain(' node2 $ systemctl start web');
	});

	it('the end page and the summary after leaving name the host of a failed step not on local, and of a leftover', () => {
		const state = playerState({'start-server': 'node2'});
		const failed = play(state, enter, ...ran(state.steps[0]!, 'refused\n', {status: 'failed', exitCode: 3, message: 'exit status 3, expected 0'})).state;
		const end = play(failed, key('n'), key('n'), key('n')).state;
		expect(pane(end)).toContain('   ✗ 1. start-server on node2: exit status 3, expected 0');
		const leftover = {pid: 4242, command: 'sleep 1000', step: 'start-server', host: 'node2'};
		const left = play(end, key('q'), runEnd(end, 'interrupted', {leftovers: [leftover]})).state;
		expect(summaryText(left, 0).split('\n').slice(0, 3)).toEqual([
			'runbook play fleet.md: interrupted (0:00)',
			'  ✗ 1. start-server on node2: exit status 3, expected 0',
			'  ⚠ left running: pid 4242 `sleep 1000` on node2 (started by step start-server), stopped at the end; add a cleanup step that stops it',
		]);
	});

	it('the cleanup list while quitting and a background step’s log name the host of a step not on local', () => {
		// As the format writes it.
		const markdown = '---\nhosts:\n  node2: root@10.0.0.2\n---\n# Fleet\n\n```sh {#server background host=node2}\nserve\n```\n\n```sh {#tidy cleanup host=node2}\necho tidy\n```\n\n```sh {#sweep cleanup}\necho sweep\n```\n';
		const runbook = parse(markdown);
		const [state] = initialState({file: '/notes/fleet.md', source: markdown, runbook, selection: selectSteps(runbook, {}), env: {}, callerEnv: {}, auto: false, yes: false, now: 0, columns: 100, rows: 24});
		const started = play(state, enter, ...ran(state.steps[0]!, 'listening\n')).state;
		expect(pane(play(started, key('l')).state)[0]).toBe(' Log of 1. server on node2 · background');
		const quitting = play(started, key('q')).state;
		expect(pane(quitting).slice(0, 5)).toEqual([' Quitting: cleaning up', '', ' ○ 3. sweep', ' ○ 2. tidy on node2', '']);
	});
});
