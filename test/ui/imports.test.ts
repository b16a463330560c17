import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {closure, src} from '../static-imports.js';

describe('what the first frame loads', () => {
	it('play.tsx loads neither Ink and React, nor the engine, the parser or the updater', () => {
		const loaded = [...closure(path.join(src, 'ui', 'play.tsx'))].map((file) => (path.isAbsolute(file) ? path.relative(src, file) : file));
		// Terminal text (match/terminal*, match/cells: string-width only) draws the output, match/visible (no imports) escapes text; the rest of match/ is heavy.
		const heavy = loaded.filter((file) => /^(ink|react|execa|unified|remark-|diff|yaml)/.test(file) || /^(engine\/(run|session)|parse\/index|update\/|match\/(?!terminal|cells|visible))/.test(file));
		expect(heavy).toEqual([]);
		expect(loaded).toContain('ui/panes/screen.ts');
	});

	it('Ink comes with mount.tsx, which play loads once the first frame is drawn', () => {
		const loaded = [...closure(path.join(src, 'ui', 'mount.tsx'))];
		expect(loaded).toContain('ink');
		expect(readFileSync(path.join(src, 'ui', 'play.tsx'), 'utf8')).toMatch(/await import\('\.\/mount\.js'\)/);
	});
});
