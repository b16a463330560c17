import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** The modules a source file imports when it loads (not `import type`, not `import()`). */
function staticImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const imports: string[] = [];
	for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
		const specifier = match[1] ?? '';
		if (!specifier.startsWith('.')) {
			imports.push(specifier);
			continue;
		}
		const resolved = path.resolve(path.dirname(file), specifier);
		const ts = resolved.replace(/\.js$/, '.ts');
		imports.push(ts.endsWith('.ts') && existsAsTs(ts) ? ts : resolved.replace(/\.js$/, '.tsx'));
	}
	return imports;
}

const existsAsTs = (file: string) => {
	try {
		readFileSync(file);
		return true;
	} catch {
		return false;
	}
};

function closure(entry: string): Set<string> {
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) return;
		seen.add(file);
		if (path.isAbsolute(file)) for (const next of staticImports(file)) visit(next);
	};
	visit(entry);
	return seen;
}

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
