// The one build runbook ships: esbuild bundles the CLI (dist/bin.js) and the
// library (dist/index.js) as ESM with code splitting, so both load the chunks
// they share (dist/chunks/) and Node resolves a few files instead of hundreds,
// which halves start-up time. Ink and React stay outside: only `runbook play`
// loads them, from node_modules. The version `--version` prints is
// package.json's, written in here (`define`): package.json is its one home.
import {chmodSync, readFileSync} from 'node:fs';
import {build} from 'esbuild';

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
	entryPoints: ['src/bin.ts', 'src/index.ts'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	external: ['ink', 'react', 'react/*'],
	chunkNames: 'chunks/[name]-[hash]',
	define: {RUNBOOK_VERSION: JSON.stringify(version)},
	// Bundled CommonJS dependencies call require(): give them one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	logLevel: 'warning',
});
chmodSync('dist/bin.js', 0o755);
