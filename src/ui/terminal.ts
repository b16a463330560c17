import {signalExitStatus} from '../engine/outcome.js';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const altScreenOn = '\u001B[?1049h';
const altScreenOff = '\u001B[?1049l';
const clearHome = '\u001B[2J\u001B[H';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';

/** What the controller needs from the terminal: hand it to a command, and take it back. */
export type TerminalHost = {
	suspend(banner: string): Promise<void>;
	resume(): void;
};

export type Mountable = {unmount(): void; waitUntilExit(): Promise<unknown>; clear(): void};

/**
 * Owns the screen while the player runs: the alternate screen (so the
 * terminal is left as it was), Ink mounted on it, and the hand-over of the
 * real terminal to `interactive` steps and the editor (Ink unmounted, raw mode
 * off, keys no longer read, back on the normal screen).
 */
export class ScreenHost implements TerminalHost {
	private instance: Mountable | undefined;
	private mount: (() => Mountable) | undefined;
	private active = false;
	private readonly restoreOnExit = () => this.restore();

	constructor(
		private readonly stdout: NodeJS.WriteStream,
		private readonly stdin: NodeJS.ReadStream,
		private readonly onResize: () => void,
	) {}

	private readonly resized = () => {
		// While a command has the terminal, its screen is not ours to clear.
		if (!this.instance) return;
		// A full redraw: what the terminal kept of the old frame cannot be trusted.
		this.instance.clear();
		this.stdout.write(clearHome);
		this.onResize();
	};

	/**
	 * Take the screen and draw the first frame at once, before Ink is even
	 * loaded; keys typed meanwhile wait in raw mode, unechoed, for Ink to read.
	 */
	open(firstFrame: string): void {
		this.active = true;
		process.on('exit', this.restoreOnExit);
		this.stdout.on('resize', this.resized);
		if (this.stdin.isTTY) this.stdin.setRawMode(true);
		this.stdout.write(`${altScreenOn}${clearHome}${hideCursor}${firstFrame}\u001B[H`);
	}

	/**
	 * Ink takes over the screen from the first frame (it draws the same lines
	 * over it). `onCrash` hears of an error thrown while drawing.
	 */
	attach(mount: () => Mountable, onCrash: (error: Error) => void): void {
		this.mount = () => {
			const instance = mount();
			instance.waitUntilExit().catch(onCrash);
			return instance;
		};
		if (!this.active) return;
		this.instance = this.mount();
		// The terminal may have changed size since the first frame.
		this.onResize();
	}

	async suspend(banner: string): Promise<void> {
		await this.unmount();
		this.stdout.write(`${altScreenOff}${showCursor}\n${banner}\n`);
	}

	resume(): void {
		if (!this.active || !this.mount) return;
		this.stdout.write(altScreenOn + clearHome);
		this.instance = this.mount();
		this.onResize();
	}

	async close(): Promise<void> {
		await this.unmount();
		this.restore();
		process.off('exit', this.restoreOnExit);
		this.stdout.off('resize', this.resized);
	}

	private async unmount(): Promise<void> {
		const instance = this.instance;
		this.instance = undefined;
		if (instance) {
			instance.unmount();
			await instance.waitUntilExit().catch(() => {});
		}
		if (this.stdin.isTTY) this.stdin.setRawMode(false);
		this.stdin.pause();
	}

	/** Leave the alternate screen with the cursor shown and raw mode off, whatever happened. */
	private restore(): void {
		if (!this.active) return;
		this.active = false;
		try {
			if (this.stdin.isTTY) this.stdin.setRawMode(false);
		} catch {
			// The terminal is gone.
		}
		this.stdout.write(altScreenOff + showCursor);
	}
}

/** Run a command on the real terminal (stdin, stdout and stderr inherited); resolves to its exit status. */
export function runOnTerminal(file: string, args: readonly string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<number | null> {
	return new Promise((resolve) => {
		const child = spawn(file, args, {stdio: 'inherit', ...options});
		child.on('error', () => resolve(127));
		child.on('exit', (code, signal) => resolve(code ?? (signal ? signalExitStatus(signal) : null)));
	});
}

export type Edited = {readonly command?: string; readonly message?: string};

/**
 * Open `command` in `$EDITOR` (else `vi`) in a temporary file; the saved text
 * is the command. Exiting the editor with an error, or saving nothing, cancels.
 */
export async function editCommand(command: string, name: string, host: TerminalHost): Promise<Edited> {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-edit-'));
	const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-') || 'step'}.sh`);
	writeFileSync(file, command.endsWith('\n') ? command : `${command}\n`);
	const editor = process.env.EDITOR || process.env.VISUAL || 'vi';
	await host.suspend(`runbook: editing the command of ${name} with ${editor}; save and quit to run it (quit with an error to cancel)`);
	try {
		const status = await runOnTerminal('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file]);
		if (status !== 0) return {message: `the editor exited with status ${status ?? 'unknown'}: nothing was run`};
		const text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
		if (text.trim() === '') return {message: 'the command is empty: nothing was run'};
		return {command: text};
	} catch (error) {
		return {message: `could not edit the command: ${(error as Error).message}`};
	} finally {
		rmSync(dir, {recursive: true, force: true});
		host.resume();
	}
}
