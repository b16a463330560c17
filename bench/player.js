// The player's time to first frame: `runbook play` in a detached tmux pane,
// polled until the first step's text shows.

import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {benchEnv, median, run, runbookBin, runbookCache, shellQuote, which, work} from './lib.js';

/** Why the player cannot be measured here, or undefined. */
function unavailable() {
	if (!which('tmux')) return 'tmux is not installed (apt-get install tmux)';
	const help = run(['node', runbookBin, '--help']);
	if (!/^\s*play\b/m.test(help.stdout)) return '`runbook play` is not a command of this build';
	return undefined;
}

/**
 * Milliseconds from starting `runbook play FILE` in an 80×24 tmux pane (a private tmux server,
 * its own socket) until the pane shows `text` (the first step's command, not followed by a
 * digit: `echo line-1` is not `echo line-10`); `runs` times, the parse cache (if any) emptied
 * before each. Returns {ms: median, all} or {skipped: why}.
 */
export async function timeToFirstFrame(file, text, {runs = 5} = {}) {
	const reason = unavailable();
	if (reason) return {skipped: reason};
	const seen = new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`);
	const socket = `runbook-bench-${process.pid}`;
	const tmux = (...args) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: benchEnv});
	const command = ['env', '-u', 'CI', 'TERM=xterm-256color', 'node', runbookBin, 'play', file].map(shellQuote).join(' ');
	const times = [];
	try {
		// A keeper session holds the server up between runs; remain-on-exit keeps a crashed player's last words.
		const keeper = tmux('new-session', '-d', '-s', 'keeper', '-x', '80', '-y', '24', 'sleep 3600');
		if (keeper.status !== 0) return {skipped: `tmux cannot start a server: ${keeper.stderr.trim()}`};
		tmux('set-option', '-g', 'remain-on-exit', 'on');
		for (let i = 0; i < runs; i++) {
			rmSync(runbookCache, {recursive: true, force: true});
			const session = `ttff${i}`;
			const started = process.hrtime.bigint();
			const created = tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', session, '-c', work, command);
			if (created.status !== 0) return {skipped: `tmux new-session failed: ${created.stderr.trim()}`};
			let shown = false;
			let pane = '';
			for (;;) {
				pane = tmux('capture-pane', '-p', '-t', session).stdout ?? '';
				if (seen.test(pane)) {
					shown = true;
					break;
				}
				const dead = tmux('display-message', '-p', '-t', session, '#{pane_dead}').stdout.trim() === '1';
				if (dead || Number(process.hrtime.bigint() - started) / 1e6 > 15_000) break;
				await sleep(10);
			}
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			tmux('kill-session', '-t', session);
			const said = JSON.stringify(pane.replace(/\s+/g, ' ').trim().slice(0, 300));
			if (/not a terminal/.test(pane)) return {skipped: `the player did not see a terminal in the tmux pane (it said ${said})`};
			if (!shown) return {error: `the player never showed the first step's text "${text}" (its pane: ${said})`};
			times.push(ms);
		}
	} finally {
		tmux('kill-server');
		// tmux leaves its socket file behind: remove ours.
		rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {force: true});
	}
	return {ms: median(times), all: times};
}
