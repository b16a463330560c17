#!/usr/bin/env node
// Benchmark: terminal text (src/match/terminal.ts) on a 100 MB step, and the
// player's output tail on 10 MB. Not a test: it prints figures and fails only
// when an answer is wrong. Run with `npm run build && node --import tsx bench/terminal-text.js`
// (`node --max-old-space-size=4096` for 100 MB; BENCH_MB=10 for a quicker run).
//
// With `--xterm DIR`, where DIR holds an installed `@xterm/headless`, it also
// times the emulator on the same inputs (it is not a dependency of runbook).

import {createRequire} from 'node:module';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {terminalLines} from '../dist/index.js';
// The output tail is the player's, not the library's: it is taken from the source (tsx).
import {appendTail, emptyTail} from '../src/ui/output-tail.ts';

const mb = Number(process.env.BENCH_MB ?? 100);
const size = mb * 1_000_000;
const repeat = (unit) => unit.repeat(Math.ceil(size / unit.length));

const inputs = [
	['plain lines', repeat(`${'x'.repeat(99)}\n`), {}, 'x'.repeat(99)],
	['progress (\\r ESC[K)', repeat(Array.from({length: 1000}, (_, i) => `downloading ${i % 100}%\r\u001B[K`).join('') + 'done\n'), {}, 'done'],
	['colour, stripped', repeat(`\u001B[32mok\u001B[0m ${'y'.repeat(80)}\t|\n`), {}, `ok ${'y'.repeat(80)}\t|`],
	['colour, ansi=keep', repeat(`\u001B[32mok\u001B[0m ${'y'.repeat(80)}\t|\n`), {ansi: 'keep'}, `\u001B[32mok\u001B[0m ${'y'.repeat(80)}\t|`],
	['wide text redrawn', repeat('日本語のテキスト 50%\r日本語のテキスト 100%\n'), {}, '日本語のテキスト 100%'],
];

const time = (run) => {
	const started = performance.now();
	const value = run();
	return {value, ms: performance.now() - started};
};

console.log(`terminalLines on ${mb} MB steps (node ${process.version})`);
for (const [name, text, options, first] of inputs) {
	const {value, ms} = time(() => terminalLines(text, options));
	if (value[0] !== first) throw new Error(`${name}: wrong first line ${JSON.stringify(value[0])}`);
	console.log(`  ${name.padEnd(22)} ${(ms / 1000).toFixed(2)} s  ${(text.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s  ${value.length} lines`);
}

// The player's tail: 10 MB in 64 KB chunks, as the engine hands it over.
const tailText = repeat(`${'z'.repeat(70)} 10%\r\u001B[K${'z'.repeat(70)} 100%\n`).slice(0, 10_000_000);
const {value: tail, ms: tailMs} = time(() => {
	let state = emptyTail;
	for (let at = 0; at < tailText.length; at += 65_536) state = appendTail(state, tailText.slice(at, at + 65_536));
	return state;
});
console.log(`  output tail, 10 MB in 64 KB chunks: ${tailMs.toFixed(0)} ms, ${tail.lines.length} lines kept, ${tail.chars} chars`);

const xtermAt = process.argv.indexOf('--xterm');
if (xtermAt !== -1) {
	const require = createRequire(path.join(path.resolve(process.argv[xtermAt + 1] ?? '.'), 'package.json'));
	const {Terminal} = require('@xterm/headless');
	const xtermMb = Math.min(mb, 10);
	const text = `${'x'.repeat(99)}\n`.repeat(xtermMb * 10_000);
	globalThis.gc?.();
	const rss = process.memoryUsage().rss;
	const started = performance.now();
	let returned = false;
	await new Promise((resolve) => {
		const terminal = new Terminal({cols: 200, rows: 24, scrollback: 1_000_000, allowProposedApi: true, convertEol: true});
		terminal.write(text, () => {
			// Reading the lines back is part of the work.
			const buffer = terminal.buffer.active;
			const lines = [];
			for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
			resolve(lines);
		});
		returned = true;
	});
	const ms = performance.now() - started;
	console.log(`  @xterm/headless, ${xtermMb} MB plain lines, written and read back: ${(ms / 1000).toFixed(2)} s, +${((process.memoryUsage().rss - rss) / 1e6).toFixed(0)} MB RSS, write() returned before parsing: ${returned}`);
}
