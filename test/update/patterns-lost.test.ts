import {describe, expect, it} from 'vitest';
import {patternsIn, patternsLost} from '../../src/update/patterns-lost.js';

describe('the patterns written in expected output', () => {
	it('finds each kind, as written, in order', () => {
		expect(patternsIn('created {{item:hex12}} at [..]\n...\nplain\n{{/hello|hi/}}, {{who}}')).toEqual(['{{item:hex12}}', '[..]', '...', '{{/hello|hi/}}', '{{who}}']);
	});

	it('reads placeholders that touch, and regular expressions holding braces', () => {
		expect(patternsIn('{{a}}{{b:int}}[..]{{/x{2}}/}}!')).toEqual(['{{a}}', '{{b:int}}', '[..]', '{{/x{2}}/}}']);
		expect(patternsIn('  ...  ')).toEqual(['...']);
	});

	it('finds none in literal lines, nor in a line that does not compile', () => {
		expect(patternsIn('a } b\n{{ .Values.image }}\nx [.] y')).toEqual([]);
	});
});

describe('patterns lost by a write', () => {
	it('names the patterns the new text no longer holds', () => {
		expect(patternsLost('{{host_busybox_id:hex64}}', 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.')).toEqual(['{{host_busybox_id:hex64}}']);
		expect(patternsLost('id {{id:hex64}}\nat [..]\n...\ndone', 'id 0123\nat [..]\ndone')).toEqual(['{{id:hex64}}', '...']);
	});

	it('counts them one by one', () => {
		expect(patternsLost('[..]\n[..]', '[..]\nx')).toEqual(['[..]']);
		expect(patternsLost('[..]', '[..]\n[..]')).toEqual([]);
	});

	it('loses nothing when every pattern is kept, wherever it moved', () => {
		expect(patternsLost('[main {{second:hex}}] Extend README', '[main {{second:hex}}] Extend the README')).toEqual([]);
		expect(patternsLost('a\n{{x}}', '{{x}}\nb\nc')).toEqual([]);
	});

	it('a typed capture written back as its bare name is lost: its type no longer checks', () => {
		expect(patternsLost('{{id:hex64}}', '{{id}}')).toEqual(['{{id:hex64}}']);
	});
});
