import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {Player} from '../../src/ui/components/Player.js';
import {screenLines} from '../../src/ui/panes/screen.js';
import type {PlayState} from '../../src/ui/state.js';
import {lineWidth} from '../../src/ui/text/styled.js';
import {acceptedAction, acceptPlan, enter, event, init, key, play, ran, stripAnsi} from './helpers.js';

afterEach(() => cleanup());

const frameOf = (state: PlayState, now = 65_000) => {
	const {lastFrame} = render(<Player state={state} now={now} />);
	return stripAnsi(lastFrame() ?? '');
};

/** Each screen line: what is left of the outline's bar, and what is right of it. */
const columns = (frame: string) => frame.split('\n').map((line) => {
	const bar = line.indexOf('│');
	return bar === -1 ? {left: line, right: ''} : {left: line.slice(0, bar), right: line.slice(bar + 2)};
});

const failedTwo = () => {
	const [state] = init();
	return play(state, key('n'), enter, {type: 'gate', position: 0}, {type: 'gate', position: 1}, ...ran(state.steps[1]!, '1\n2\n3\n')).state;
};

describe('the player screen at 80×24', () => {
	it('shows the header, the outline and the current step with its notes and command', () => {
		const [state] = init();
		const frame = frameOf(state);
		const lines = frame.split('\n');
		expect(lines).toHaveLength(23);
		expect(lines[0]).toMatch(/^ Sample\s+step 1\/5 [█░]{10} 1:05 {2}✓0 ✗0 ↷1$/);
		const rows = columns(frame);
		expect(rows.slice(2, -1).map((row) => row.left.trim()).filter(Boolean)).toEqual(['First', '○ one', 'Second', '○ two', '↷ three', '○ four', '○ tidy cleanup', '■ end']);
		const main = rows.map((row) => row.right.trimEnd());
		expect(main).toContain('1. one · First');
		expect(main).toContain('Intro with emphasis, strong, code and a link.');
		expect(main).toContain('$ echo one');
		expect(lines.at(-1)).toMatch(/enter run · s skip · c continue · e edit/);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(79);
	});

	it('streams a running step’s output, the end of it', () => {
		const [state] = init();
		const step = state.steps[0]!;
		const output = Array.from({length: 500}, (_, i) => `line ${i + 1}`).join('\n') + '\n';
		const running = play(state, enter, {type: 'gate', position: 0}, ...ran(step, output).slice(0, 2)).state;
		const main = columns(frameOf({...running, views: running.views.map((view, i) => (i === 0 ? {...view, startedAt: 62_000} : view))})).map((row) => row.right.trimEnd());
		expect(main.some((line) => /^── output · 500 lines/.test(line))).toBe(true);
		expect(main).toContain('line 500');
		expect(main).not.toContain('line 1');
		expect(main.some((line) => /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running · 3s · ctrl-c interrupts$/.test(line))).toBe(true);
	});

	it('shows a failed step’s diff, its exit status and duration; o shows its output', () => {
		const state = failedTwo();
		const main = columns(frameOf(state)).map((row) => row.right.trimEnd());
		const diff = main.indexOf('- expected  + actual  ~ matched a pattern  … under ...');
		expect(diff).toBeGreaterThan(0);
		expect(main.slice(diff + 1, diff + 5)).toEqual(['  1', '  2', '- 4', '+ 3']);
		expect(main.join(' ')).toContain('✗ failed: output differs from the expected output · exit 0 · 120ms');
		const output = columns(frameOf(play(state, key('o')).state)).map((row) => row.right.trimEnd());
		expect(output.some((line) => line.startsWith('── output · 3 lines'))).toBe(true);
		expect(output).not.toContain('- 4');
	});

	it('colours the diff: expected red, actual green', () => {
		const spans = screenLines(failedTwo(), 0).flat();
		expect(spans.find((part) => part.text === '4')?.style?.color).toBe('red');
		expect(spans.find((part) => part.text === '3')?.style?.color).toBe('green');
	});

	it('says where an accepted output was written', () => {
		const state = failedTwo();
		const accepted = play(state, acceptedAction(state, acceptPlan(state, 1))).state;
		const frame = frameOf(accepted);
		expect(frame).toMatch(/✎ accepted: wrote the actual output as the expected\s+│?\s*output in sample\.md, lines 30–32/);
		expect(frame).toContain('✎ two');
		expect(frame.split('\n').at(-1)).toContain('wrote the actual output to sample.md, lines 30–32');
	});

	it('shows what a step should print, dimmed, before it runs; its output takes that place', () => {
		const [state] = init();
		const moved = play(state, key('n')).state;
		const main = columns(frameOf(moved)).map((row) => row.right.trimEnd());
		const head = main.findIndex((line) => /^── expected output · 3 lines ─+$/.test(line));
		expect(head).toBe(main.indexOf("$ printf '1\\n2\\n3\\n'") + 1);
		expect(main.slice(head + 1, head + 4)).toEqual(['1', '2', '4']);
		const spans = screenLines(moved, 0).flat();
		expect(spans.find((part) => part.text === '4')?.style).toEqual({dimColor: true});
		expect(columns(frameOf(failedTwo())).some((row) => row.right.includes('── expected output'))).toBe(false);
	});

	it('says what a step without an output block expects, and what a background step waits for', () => {
		const [state] = init('```sh {exit=1}\ngrep -q needle /dev/null\n```\n\n```sh {#server background ready=/listening/}\nserve\n```\n');
		expect(frameOf(state)).toMatch(/── expected: exit status 1 \(the output is not checked\)/);
		expect(frameOf(play(state, key('n')).state)).toMatch(/── waits for a line matching \/listening\/ ─+/);
	});

	it('a asks with the lines of the file that would change, and why it asks', () => {
		const state = failedTwo();
		const plan = acceptPlan(state, 1, {risk: {exit: {actual: 1, expected: {kind: 'code', code: 0}}, lost: ['{{id:hex64}}', '[..]']}});
		const asking = play(state, {type: 'accept-planned', plan}).state;
		const frame = frameOf(asking);
		const main = columns(frame).map((row) => row.right.trimEnd());
		expect(main.slice(2, 6)).toEqual(['Accept the actual output of 2. two?', '⚠ exit status 1, expected 0', '⚠ 2 patterns would be lost: {{id:hex64}}, [..]', '']);
		expect(main[6]).toMatch(/^── the lines of sample\.md that change ─+$/);
		expect(main.slice(7, 13)).toEqual([
			'  29 │ ```output',
			'  30 │ 1',
			'  31 │ 2',
			'- 32 │ 4',
			'+ 32 │ 3',
			'  33 │ ```',
		]);
		expect(frame.split('\n').at(-1)).toContain('Write these lines to sample.md? y/enter write · n/esc leave it as it is');
	});

	it('shows the lines an accept wrote, and offers u', () => {
		const state = failedTwo();
		const accepted = play(state, acceptedAction(state, acceptPlan(state, 1))).state;
		const main = columns(frameOf({...accepted, notice: undefined})).map((row) => row.right.trimEnd());
		const head = main.findIndex((line) => /^── written to sample\.md · u undoes ─+$/.test(line));
		expect(main.slice(head + 1, head + 7)).toEqual(['  29 │ ```output', '  30 │ 1', '  31 │ 2', '- 32 │ 4', '+ 32 │ 3', '  33 │ ```']);
		expect(frameOf({...accepted, notice: undefined}).split('\n').at(-1)).toContain('enter next · r re-run · u undo');
	});

	it('shows the summary at the end, and the help on ?', () => {
		const state = failedTwo();
		const end = frameOf(play(state, key('G')).state);
		expect(end).toContain('End of the runbook');
		expect(end).toContain('The end.');
		expect(end).toContain('✓ 0 passed  ✗ 1 failed  ↷ 1 skipped');
		expect(end).toContain('✗ 2. two: output differs from the expected output');
		expect(end).toContain('q quits, after running 1 cleanup step');
		const help = frameOf(play(state, key('?')).state);
		expect(help).toContain('a          accept: the actual output becomes expected');
		expect(help).toContain('u          undo the last accept: the file as it was');
		expect(help).toMatch(/l {10}the log of a background step, live/);
		expect(help.split('\n').at(-1)).toContain('any key closes the help');
	});

	it('shows the variables screen, and the cleanup while quitting', () => {
		const [withEnv] = init('---\nenv:\n  NAME: world\n---\n\n```sh\necho "$NAME"\n```\n');
		const env = frameOf(withEnv);
		expect(env).toMatch(/› NAME = world {2}the runbook/);
		expect(env.split('\n').at(-1)).toContain('↑↓ choose · e edit · enter start · q quit');
		const [state] = init();
		const tidy = state.steps[4]!;
		const quitting = play(state, enter, {type: 'gate', position: 0}, key('q'), ...ran(tidy, 'tidy\n').slice(0, 1), event({kind: 'background-stop', step: state.steps[0]!})).state;
		const frame = frameOf(quitting);
		expect(frame).toContain('Quitting: cleaning up');
		expect(frame).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] 5\. tidy/);
		expect(frame).toContain('■ stopped background step one');
	});
});

describe('scrolling', () => {
	it('pgup and pgdn scroll long notes before the step runs', () => {
		const notes = Array.from({length: 40}, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
		const [state] = init(`${notes}\n\n\`\`\`sh\necho hi\n\`\`\`\n`);
		const end = columns(frameOf(state)).map((row) => row.right.trimEnd());
		expect(end).toContain('Paragraph 40.');
		expect(end.some((line) => /^⋮ \d+ more lines above \(pgup\)$/.test(line))).toBe(true);
		const top = play(state, key('', 'pageup'), key('', 'pageup'), key('', 'pageup'), key('', 'pageup'), key('', 'pageup'), key('', 'pageup'));
		const shown = columns(frameOf(top.state)).map((row) => row.right.trimEnd());
		expect(shown.slice(2, 4)).toEqual(['1. step-1', 'Paragraph 1.']);
		expect(shown.some((line) => /^⋮ \d+ more lines below \(pgdn\)$/.test(line))).toBe(true);
		const bottom = play(top.state, ...Array.from({length: 6}, () => key('', 'pagedown')));
		expect(bottom.state.scroll).toBe(0);
	});

	it('pgup scrolls back through the output', () => {
		const [state] = init('```sh\nseq 1 100\n```\n');
		const output = Array.from({length: 100}, (_, i) => `line ${i + 1}`).join('\n') + '\n';
		const done = play(state, ...ran(state.steps[0]!, output)).state;
		const back = play(done, key('', 'pageup')).state;
		const main = columns(frameOf(back)).map((row) => row.right.trimEnd());
		expect(main.some((line) => /── output · 100 lines · 14 up \(pgdn goes down\)/.test(line))).toBe(true);
		expect(main).toContain('line 86');
		expect(main).not.toContain('line 100');
	});
});

describe('other sizes', () => {
	it('drops the outline on a narrow terminal', () => {
		const [state] = init();
		const frame = frameOf({...state, columns: 60, rows: 16});
		expect(frame).not.toContain('│');
		expect(frame.split('\n')).toHaveLength(15);
		expect(frame).toContain('$ echo one');
	});

	it('fills 200×50 without a line too long', () => {
		const state = failedTwo();
		const lines = screenLines({...state, columns: 200, rows: 50}, 0);
		expect(lines).toHaveLength(49);
		for (const line of lines) expect(lineWidth(line)).toBe(199);
	});

	it('keeps the current step in view in a long outline', () => {
		const many = Array.from({length: 60}, (_, i) => `\`\`\`sh {#s${i}}\necho ${i}\n\`\`\`\n`).join('\n');
		const [state] = init(many);
		const moved = play(state, ...Array.from({length: 45}, () => key('n'))).state;
		const frame = frameOf(moved);
		expect(frame).toContain('○ s45');
		expect(frame).not.toContain('○ s0 ');
	});
});
