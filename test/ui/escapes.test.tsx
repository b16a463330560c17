import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Player} from '../../src/ui/components/Player.js';
import {screenLines} from '../../src/ui/panes/screen.js';
import {summaryText} from '../../src/ui/summary.js';
import {ansiLine} from '../../src/ui/text/ansi.js';
import {init, play, runEnd} from './helpers.js';

afterEach(() => cleanup());

const esc = '\u001b';
// ESC[2J (clear the screen) in a heading, in the notes and in a command; a BEL in a skip reason.
const hostile = `# Hostile ${esc}[2J title\n\nNotes ${esc}]0;owned${esc}\\ here.\n\n\`\`\`sh {#clear skip="later\u0007"}\necho '${esc}[2J'\n\`\`\`\n`;

// Colour and the cursor moves Ink draws with are its own; anything else (a clear, a title, a bell) came from the file.
// eslint-disable-next-line no-control-regex
const foreign = /\u001b(?!\[[\d;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/;

describe('the player draws text from the runbook with its control characters escaped', () => {
	it('Ink frame: the title, the notes and the command show `\\x1b`, and no escape but colour reaches the terminal', () => {
		const [state] = init(hostile);
		const frame = render(<Player state={state} now={0} />).lastFrame() ?? '';
		expect(frame).not.toMatch(foreign);
		expect(frame).toContain('Hostile \\x1b[2J title');
		expect(frame).toContain("echo '\\x1b[2J'");
	});

	it('the first frame, written before Ink starts: the same', () => {
		const [state] = init(hostile);
		const frame = screenLines(state, 0).map(ansiLine).join('\n');
		expect(frame).not.toMatch(foreign);
		expect(frame).toContain('Hostile \\x1b[2J title');
		expect(frame).toContain('Notes \\x1b]0;owned\\x1b\\ here.');
	});

	it('the summary left on the terminal after the player: an error and a leftover command line escaped', () => {
		const [state] = init(hostile);
		const error = {code: 'internal', message: `internal error: ${esc}[2J`};
		const ended = play(state, runEnd(state, 'could-not-run', {error, leftovers: [{pid: 7, command: `sleep ${esc}]0;owned\u0007`}]})).state;
		const text = summaryText(ended, 0);
		expect(text).not.toMatch(foreign);
		expect(text).toContain('  ✗ sample.md: internal error: \\x1b[2J\n');
		expect(text).toContain('  ⚠ left running: pid 7 `sleep \\x1b]0;owned\\x07`');
	});
});
