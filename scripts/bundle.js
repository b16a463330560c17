// The one build runbook ships: esbuild bundles the CLI (dist/bin.js) and the
// library (dist/index.js) as ESM with code splitting, so both load the chunks
// they share (dist/chunks/) and Node resolves a few files instead of hundreds,
// which halves start-up time. Ink and React stay outside: only `runbook play`
// loads them, from node_modules. The version `--version` prints is
// package.json's, written in here (`define`): package.json is its one home.
// What a command does not need it does not load: each verb, reporter and
// the updater are behind an `import()` (see the sources), and string-width
// waits for its first call (`lazyStringWidth`).
// The parse cache's entries are keyed on the parser's own code
// (`parserIdentity`), written in as RUNBOOK_PARSER_HASH.
import {createHash} from 'node:crypto';
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

/** What both builds below share: how the sources become Node code. */
const common = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	external: ['ink', 'react', 'react/*'],
	define: {RUNBOOK_VERSION: JSON.stringify(version)},
	plugins: [lazyStringWidth],
	logLevel: 'warning',
};

/**
 * The identity of the parser this build ships: the SHA-256 (hex) of
 * `parseRunbook` bundled alone (src/parse/index.ts and all it runs: our
 * modules, remark, micromark, yaml…), as esbuild writes it. The version
 * alone cannot tell two builds apart (a developer rebuilds at the same
 * version after changing the parser); the file's bytes and this hash can,
 * and a change elsewhere (the engine, the reporters) keeps the cache.
 * About 0.2 s of the build; nothing at run time.
 */
async function parserIdentity() {
	const result = await build({...common, entryPoints: ['src/parse/index.ts'], write: false});
	const hash = createHash('sha256');
	for (const file of result.outputFiles) hash.update(file.contents);
	return hash.digest('hex');
}

await build({
	...common,
	entryPoints: ['src/bin.ts', 'src/index.ts'],
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	define: {...common.define, RUNBOOK_PARSER_HASH: JSON.stringify(await parserIdentity())},
	// Bundled CommonJS dependencies call require(): give them one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
});
chmodSync('dist/bin.js', 0o755);
