/**
 * What `npm pack` ships (`npm run build` first): one build, the esbuild bundle
 * with its chunks and the library's type declarations, the shipped runbooks,
 * and nothing of src/, test/ or bench/. Scripts are not run (`--ignore-scripts`):
 * the list is the one of the build in dist/.
 */
import {execFileSync} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {isBuiltin} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {root, runbook} from './cli.js';

type Manifest = {version: string; bin: Record<string, string>; exports: Record<string, string | Record<string, string>>; dependencies: Record<string, string>};
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

function packedFiles(): string[] {
	const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8', env: {...process.env, npm_config_loglevel: 'silent'}});
	const [pack] = JSON.parse(json) as Array<{files: Array<{path: string}>}>;
	return (pack?.files ?? []).map((file) => file.path).sort();
}

describe('the package', () => {
	const files = packedFiles();

	it('installs only what the build does not hold: the packages the bundle leaves outside, and those its declarations name', () => {
		// Module specifiers of import and export statements, import() and require() calls (not of text that merely holds `from "`).
		const bare = (text: string) => [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;\n]*?\bfrom ?["']([^"'.][^"']*)["']|\b(?:import|require)\(["']([^"'.][^"']*)["']\)/g)].map((match) => match[1] ?? match[2] ?? '');
		const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
		// Node's own modules (`node:child_process`, `fs`), as Node itself tells them.
		const builtin = (name: string) => isBuiltin(name);
		const dist = path.join(root, 'dist');
		const code = files.filter((file) => file.endsWith('.js')).map((file) => readFileSync(path.join(root, file), 'utf8'));
		// picomatch: fdir's optional require, inside a try (tinyglobby gives it its own matcher).
		const atRunTime = new Set(code.flatMap(bare).map(packageOf).filter((name) => !builtin(name) && name !== 'picomatch'));
		const declarations = files.filter((file) => file.endsWith('.d.ts')).map((file) => readFileSync(path.join(root, file), 'utf8'));
		// Type-only names and the package that gives them: `mdast` is @types/mdast, `vfile-message` comes with vfile.
		const typePackage: Record<string, string> = {mdast: '@types/mdast', 'vfile-message': 'vfile'};
		const forTypes = new Set(declarations.flatMap(bare).map(packageOf).filter((name) => name !== 'runbook' && !builtin(name)).map((name) => typePackage[name] ?? name));
		expect(dist).toBeTruthy();
		expect(Object.keys(manifest.dependencies).sort()).toEqual([...new Set([...atRunTime, ...forTypes])].sort());
	});

	it('ships one build: the bundle\'s entries and chunks, declarations, the runbooks, the README', () => {
		expect(files).toContain('dist/bin.js');
		expect(files).toContain('dist/index.js');
		expect(files).toContain('dist/types/index.d.ts');
		expect(files).toContain('runbooks/tour.md');
		const unexpected = files.filter(
			(file) =>
				!['package.json', 'README.md', 'dist/bin.js', 'dist/index.js'].includes(file) &&
				!/^dist\/chunks\/[\w-]+\.js$/.test(file) &&
				!/^dist\/types\/[\w/-]+\.d\.ts$/.test(file) &&
				!/^runbooks\/[\w-]+\.md$/.test(file),
		);
		expect(unexpected).toEqual([]);
		expect(files.filter((file) => /^(src|test|bench|scripts)\/|\.test\.|\.map$/.test(file))).toEqual([]);
	});

	it('ships every file its bin and exports name', () => {
		const targets = [...Object.values(manifest.bin), ...Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))];
		for (const target of targets) expect(files).toContain(path.posix.normalize(target));
	});

	it('--version prints the version of package.json', () => {
		const ran = runbook(['--version']);
		expect(ran.code).toBe(0);
		expect(ran.stdout).toBe(`${manifest.version}\n`);
	});

	it('--version follows package.json: a bundle built with another version prints that one', () => {
		// The bundle step alone, on a copy whose package.json says another version; src/ and node_modules/ are the repository's.
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-version-'));
		try {
			mkdirSync(path.join(dir, 'scripts'));
			cpSync(path.join(root, 'scripts', 'bundle.js'), path.join(dir, 'scripts', 'bundle.js'));
			writeFileSync(path.join(dir, 'package.json'), JSON.stringify({...manifest, version: '9.8.7-other'}));
			for (const name of ['src', 'node_modules', 'tsconfig.json']) symlinkSync(path.join(root, name), path.join(dir, name));
			execFileSync(process.execPath, ['scripts/bundle.js'], {cwd: dir});
			expect(execFileSync(process.execPath, [path.join(dir, 'dist', 'bin.js'), '--version'], {encoding: 'utf8'})).toBe('9.8.7-other\n');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('finds its shipped runbooks from any folder: `runbook list tour.md` outside the repository', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runbook-elsewhere-'));
		try {
			const ran = runbook(['list', 'tour.md'], {cwd: dir});
			expect(ran.stderr).toBe('');
			expect(ran.code).toBe(0);
			// The outline names the file it found, relative to the folder it ran in: the package's own tour.
			const shown = /^A tour of the runbook format \((.+), \d+ steps\)$/m.exec(ran.stdout)?.[1] ?? '';
			expect(path.resolve(dir, shown)).toBe(path.join(root, 'runbooks', 'tour.md'));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('resolves `import {parseRunbook} from \'runbook\'` through its exports map (Node\'s self-reference)', () => {
		const script = "import {parseRunbook} from 'runbook'; const {runbook} = parseRunbook('```sh\\necho hi\\n```\\n', {path: 'hi.md'}); console.log(runbook.steps.map((step) => step.command).join());";
		expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'})).toBe('echo hi\n');
	});
});
