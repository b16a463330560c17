import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * What a source module loads as it loads: its static imports, followed
 * through src/ (not `import type`, not `import()`), as paths relative to src/
 * for our modules and bare names for packages.
 */
export const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

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

export function closure(entry: string): Set<string> {
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) return;
		seen.add(file);
		if (path.isAbsolute(file)) for (const next of staticImports(file)) visit(next);
	};
	visit(entry);
	return seen;
}

/** `closure` of a module of src/, as paths relative to src/ (packages as named). */
export function loadedBy(entry: string): string[] {
	return [...closure(path.join(src, entry))].map((file) => (path.isAbsolute(file) ? path.relative(src, file) : file));
}
