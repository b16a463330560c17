import {describe, expect, it} from 'vitest';
import {FrameDecoder, StepFraming} from '../../src/engine/framing.js';

const frame = (marker: string, status: number | string = 0) => `\u001E${marker}:${status}\u001E`;
const current = 'a'.repeat(24);
const before = 'b'.repeat(24);

/** Feed chunks to a decoder expecting `current` (after `before`); what it emits and the status it saw. */
function decode(chunks: readonly string[], rewrites: ReadonlyArray<readonly [string, string]> = []): {text: string; status?: number} {
	const decoder = new FrameDecoder(rewrites);
	decoder.expect(before);
	decoder.expect(current);
	let text = '';
	let status: number | undefined;
	for (const chunk of chunks) {
		const decoded = decoder.push(chunk);
		text += decoded.text;
		if (decoded.status !== undefined && status === undefined) status = decoded.status;
	}
	text += decoder.flush();
	return status === undefined ? {text} : {text, status};
}

describe('FrameDecoder', () => {
	it.each([
		['a whole frame', [`out\n${frame(current, 3)}`], {text: 'out\n', status: 3}],
		['a frame split across reads', [`out\n\u001E${current.slice(0, 5)}`, `${current.slice(5)}:1`, '2\u001E'], {text: 'out\n', status: 12}],
		['text split just before the frame', ['ou', `t${frame(current)}`], {text: 'out', status: 0}],
		['a stale frame said again after an interrupt', [`${frame(before, 130)}late\n${frame(current, 130)}`], {text: 'late\n', status: 130}],
		['the empty frame of a start-up prompt', [`${frame('')}x${frame(current)}`], {text: 'x', status: 0}],
		['a frame of an unknown marker is text', [`${frame('c'.repeat(24))}${frame(current)}`], {text: frame('c'.repeat(24)), status: 0}],
		['a lone separator is text', ['a\u001Eb\n', frame(current)], {text: 'a\u001Eb\n', status: 0}],
		['an unfinished frame at the end is given back', [`x\u001E${current.slice(0, 3)}`], {text: `x\u001E${current.slice(0, 3)}`}],
		['text after the frame belongs to no step', [`${frame(current)}after`], {text: '', status: 0}],
		['a long run after a separator is no frame', [`\u001E${'f'.repeat(40)}\n`, frame(current)], {text: `\u001E${'f'.repeat(40)}\n`, status: 0}],
	] as const)('%s', (_name, chunks, expected) => {
		expect(decode(chunks)).toEqual(expected);
	});

	it.each([
		['whole', ['bash: /tmp/x/step.sh: line 1: oops\n', frame(current)]],
		['split across reads', ['bash: /tmp/x/st', 'ep.sh: line 1: oops\n', frame(current)]],
		['split at the last character', ['bash: /tmp/x/step.sh:', ' line 1: oops\n', frame(current)]],
	] as const)('rewrites the step file out of messages, %s', (_name, chunks) => {
		expect(decode(chunks, [['/tmp/x/step.sh: ', '']])).toEqual({text: 'bash: line 1: oops\n', status: 0});
	});
});

describe('StepFraming', () => {
	it.each([
		['stdout first', ['stdout', 'stderr']],
		['stderr first', ['stderr', 'stdout']],
	] as const)('ends the step once both streams framed it, %s', (_name, order) => {
		const framing = new StepFraming();
		framing.expect(current);
		const results = order.map((stream) => framing.push(stream, `${stream} text${frame(current, stream === 'stdout' ? 7 : 0)}`));
		expect(results[0]).toEqual({text: `${order[0]} text`});
		expect(results[1]).toEqual({text: `${order[1]} text`, ended: {status: 7}});
	});

	it('does not end a step on the frames of the step before', () => {
		const framing = new StepFraming();
		framing.expect(before);
		framing.expect(current);
		expect(framing.push('stdout', frame(before, 130))).toEqual({text: ''});
		expect(framing.push('stderr', frame(before))).toEqual({text: ''});
		expect(framing.push('stderr', frame(current))).toEqual({text: ''});
		expect(framing.push('stdout', frame(current, 0))).toEqual({text: '', ended: {status: 0}});
	});
});

describe('StepFraming, when the shell drops a line (a SIGINT as it read it)', () => {
	const [x, y, z, sync] = ['1', '2', '3', '4'].map((digit) => digit.repeat(24)) as [string, string, string, string];

	/** x ran; the SIGINT meant for x came as the shell read y (stopped), which it dropped: its prompt hook said x's marker again. */
	function dropped(): {framing: StepFraming; pieces: ReturnType<StepFraming['pushAll']>} {
		const framing = new StepFraming();
		for (const marker of [x, y, z, sync]) framing.add(marker);
		const pieces = [
			...framing.pushAll('stdout', `${frame(x, 's')}x out\n${frame(x, 0)}${frame(x, 130)}`),
			...framing.pushAll('stderr', `${frame(x)}${frame(x)}`),
			// z did not begin (its stop file was there), then the sync line.
			...framing.pushAll('stdout', `garbage${frame(z, 0)}${frame(sync, 0)}`),
			...framing.pushAll('stderr', `bash: 2c: command not found\n${frame(z)}${frame(sync)}`),
		];
		return {framing, pieces};
	}

	it('ends the dropped line, without a status, once a later line says its marker', () => {
		const {pieces} = dropped();
		const ends = pieces.filter((piece) => piece.ended).map((piece) => [piece.marker, piece.ended]);
		expect(ends).toEqual([
			[x, {status: 0}],
			[y, {}],
			[z, {status: 0}],
			[sync, {status: 0}],
		]);
	});

	it("gives what came between to the dropped line, never to a later line's text, and strips every frame", () => {
		const {pieces} = dropped();
		const text = (marker: string) => pieces.filter((piece) => piece.marker === marker).map((piece) => piece.text).join('');
		expect(text(x)).toBe('x out\n');
		expect(text(y)).toBe('garbagebash: 2c: command not found\n');
		expect(text(z)).toBe('');
		expect(pieces.map((piece) => piece.text).join('')).not.toContain('\u001E');
	});

	it('a frame of a later line that comes first ends the lines before it on that stream only', () => {
		const framing = new StepFraming();
		for (const marker of [x, y]) framing.add(marker);
		expect(framing.pushAll('stdout', `${frame(y, 's')}y out\n${frame(y, 0)}`)).toEqual([
			{marker: x, text: ''},
			{marker: y, text: 'y out\n', started: true},
		]);
		// stderr still waits for x: it ends there only with x's frame or a later one.
		expect(framing.pushAll('stderr', `${frame(x)}${frame(y)}`)).toEqual([
			{marker: x, text: '', ended: {}},
			{marker: y, text: '', ended: {status: 0}},
		]);
	});
});
