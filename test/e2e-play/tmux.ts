import {execFileSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll} from 'vitest';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = path.join(root, 'test', 'e2e-play', 'fixtures');

export const hasTmux = (() => {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

function newest(dir: string): number {
	let latest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const full = path.join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
	}
	return latest;
}

/** The tests run the built CLI (`npm test` builds it first): say so when it is missing or older than the sources. */
export function ensureBuilt(): void {
	// Never skipped quietly: without tmux these tests cannot see the screen.
	if (!hasTmux) throw new Error('the player\'s terminal tests need tmux: apt-get install tmux');
	const bin = path.join(root, 'dist', 'bin.js');
	if (existsSync(bin) && statSync(bin).mtimeMs >= newest(path.join(root, 'src'))) return;
	throw new Error('dist/ is missing or older than src/: run `npm run build` first');
}

// One tmux server per test file (files may run in threads of one process).
const socket = `runbook-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let sessions = 0;
let serverUp = false;

/** A session that lives as long as the server: killing the last test session would stop it while the next one starts. */
function keepServer(): void {
	if (serverUp) return;
	execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-s', 'keeper', 'sleep 86400']);
	serverUp = true;
}

/**
 * A terminal of a fixed size running one command, on a tmux server of its own
 * (never the user's): keys go in with `send-keys`, the screen comes out with
 * `capture-pane`.
 */
export class Terminal {
	readonly name = `play-${++sessions}`;

	constructor(
		readonly columns = 80,
		readonly rows = 24,
	) {}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	}

	/** Run `command` (a shell command line) in `cwd`; once it ends, the shell prints its status and waits. */
	start(command: string, cwd: string, env: Record<string, string> = {}): void {
		const exports = Object.entries(env).map(([key, value]) => `export ${key}='${value.replace(/'/g, `'\\''`)}'; `).join('');
		const line = `unset CI; ${exports}cd '${cwd}' && ${command}; echo "EXITED $?"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 600`;
		keepServer();
		this.tmux('new-session', '-d', '-s', this.name, '-x', String(this.columns), '-y', String(this.rows), 'bash', '--norc', '--noprofile', '-c', line);
	}

	/** The screen as text, one line per row. */
	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.name);
	}

	/** The screen with its colours and attributes, as SGR escape sequences (`capture-pane -e`). */
	styledScreen(): string {
		return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
	}

	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.name, ...keys);
	}

	/** Type text literally (no key names). */
	type(text: string): void {
		this.tmux('send-keys', '-t', this.name, '-l', text);
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	cursorVisible(): boolean {
		return this.tmux('display-message', '-p', '-t', this.name, '#{cursor_flag}').trim() === '1';
	}

	/**
	 * Wait until the screen matches. The deadline is no limit on speed: it
	 * only fails a screen that never comes with the screen shown, before
	 * vitest's own test timeout would end the test without it.
	 */
	async waitFor(expected: RegExp | string | ((screen: string) => boolean), timeoutMs = 25_000): Promise<string> {
		const test = typeof expected === 'function' ? expected : typeof expected === 'string' ? (screen: string) => screen.includes(expected) : (screen: string) => expected.test(screen);
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		for (;;) {
			screen = this.screen();
			if (test(screen)) return screen;
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${String(expected)}; the screen:\n${screen}`);
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
	}

	kill(): void {
		try {
			this.tmux('kill-session', '-t', this.name);
		} catch {
			// Already gone.
		}
	}
}

/** Stop this file's tmux server. */
export function killServer(): void {
	if (!serverUp) return;
	serverUp = false;
	try {
		const file = execFileSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], {encoding: 'utf8'}).trim();
		execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
		if (file) rmSync(file, {force: true});
	} catch {
		// Not running.
	}
}

/** Play a copy of a fixture, made in `dir`, with the built CLI in a terminal of its own. */
export function playFixture(dir: string, name: string, options: {args?: string; columns?: number; rows?: number} = {}): Terminal {
	cpSync(path.join(fixtures, name), path.join(dir, name));
	const terminal = new Terminal(options.columns ?? 80, options.rows ?? 24);
	terminal.start(`node '${path.join(root, 'dist', 'bin.js')}' play ${name} ${options.args ?? ''}`, dir);
	return terminal;
}

/**
 * The hooks of a file of terminal tests: the CLI built once, and after each
 * test its terminal killed and its folder removed. `play` starts a copy of a
 * fixture in a fresh folder; `folder` is that folder.
 */
export function terminalTests(): {play(name: string, options?: {args?: string; columns?: number; rows?: number}): Terminal; folder(): string} {
	let dir: string | undefined;
	let terminal: Terminal | undefined;
	beforeAll(() => ensureBuilt(), 120_000);
	afterEach(() => {
		terminal?.kill();
		terminal = undefined;
		if (dir) rmSync(dir, {recursive: true, force: true});
		dir = undefined;
	});
	afterAll(() => killServer());
	return {
		folder: () => dir ?? '',
		play(name, options = {}) {
			dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
			terminal = playFixture(dir, name, options);
			return terminal;
		},
	};
}
