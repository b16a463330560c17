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
