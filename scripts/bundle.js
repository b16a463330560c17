// The one build runbook ships: esbuild bundles the CLI (dist/bin.js) and the
// library (dist/index.js) as ESM with code splitting, so both load the chunks
// they share (dist/chunks/) and Node resolves a few files instead of hundreds,
// which halves start-up time. Ink and React stay outside: only `runbook play`
// loads them, from node_modules. The version `--version` prints is
// package.json's, written in here (`define`): package.json is its one home.
// What a command does not need it does not load: each verb, reporter and
// the updater are behind an `import()` (see the sources), and string-width
// waits for its first call (`lazyStringWidth`).
import {chmodSync, readFileSync} from 'node:fs';
import {build} from 'esbuild';

/**
 * `string-width` builds its tables as it loads: an `Intl.Segmenter` and a
 * `\p{RGI_Emoji}` expression, about 10 ms on every start of `test`, which
 * most runs never use (ASCII output takes the fast path of
 * src/match/cells.ts). In the bundle, `import stringWidth from
 * 'string-width'` gets a stand-in that loads the real one on its first
 * call: a `require()` of the package, which esbuild turns into a lazy
 * initialiser of the bundled module (its code stays in the chunk, but runs
 * only then). Same function, same results; only when it is set up changes.
 */
const lazyStringWidth = {
	name: 'lazy-string-width',
	setup(build) {
		const namespace = 'lazy-string-width';
		build.onResolve({filter: /^string-width$/}, (args) => (args.namespace === namespace ? undefined : {path: 'string-width', namespace}));
		build.onLoad({filter: /.*/, namespace}, () => ({
			contents: "let real;\nexport default function stringWidth(text, options) {\n\treal ??= require('string-width').default;\n\treturn real(text, options);\n}\n",
			resolveDir: new URL('..', import.meta.url).pathname,
			loader: 'js',
		}));
	},
};

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
	plugins: [lazyStringWidth],
	logLevel: 'warning',
});
chmodSync('dist/bin.js', 0o755);
