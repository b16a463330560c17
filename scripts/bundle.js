// Bundle the CLI: one ESM entry with chunks loaded on demand. Node resolves a
// few files instead of hundreds, which halves start-up time. Ink and React stay
// outside: only `runbook play` loads them, from node_modules.
import {chmodSync} from 'node:fs';
import {build} from 'esbuild';

await build({
	entryPoints: ['src/bin.ts'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	external: ['ink', 'react', 'react/*'],
	chunkNames: 'chunks/[name]-[hash]',
	// Bundled CommonJS dependencies call require(): give them one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	logLevel: 'warning',
});
chmodSync('dist/bin.js', 0o755);
