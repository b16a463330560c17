import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ExitReportReader, exitToken, reportingCommand, reportingShell} from '../../src/engine/remote/shell-exit.js';
import {spawnShell, type ShellListeners, type ShellProcess} from '../../src/engine/spawn-shell.js';

const token = '__rb_exit_0123456789abcdef_';

/** Feed `chunks` to a reader; what it passed on, and the statuses it found. */
function read(chunks: readonly string[]): {text: string; statuses: Array<number | null>} {
	const reader = new ExitReportReader(token);
	let text = '';
	const statuses: Array<number | null> = [];
	for (const chunk of chunks) {
		const said = reader.push(chunk);
		text += said.text;
		if (said.status !== undefined) statuses.push(said.status);
	}
	return {text: text + reader.flush(), statuses};
}

describe('the exit report reader', () => {
	it('takes the report out of the stream, and the status from it, wherever the chunks split', () => {
		const stream = `out without newline${token}4\nafter`;
		for (let cut = 0; cut <= stream.length; cut++) {
			for (let second = cut; second <= stream.length; second += 7) {
				expect(read([stream.slice(0, cut), stream.slice(cut, second), stream.slice(second)])).toEqual({text: 'out without newlineafter', statuses: [4]});
			}
		}
	});

	it('passes on text that only begins like the token, once the next chunk shows it is not', () => {
		const reader = new ExitReportReader(token);
		expect(reader.push('a __rb_ex')).toEqual({text: 'a '});
		expect(reader.push('tra\n')).toEqual({text: '__rb_extra\n'});
		expect(read(['__rb_exit_', '0123 other\n'])).toEqual({text: '__rb_exit_0123 other\n', statuses: []});
	});

	it('gives back at the end what it held, and reads a status that is not a number as null', () => {
		expect(read([`x${token}`])).toEqual({text: `x${token}`, statuses: []});
		expect(read([`${token}oops\n`])).toEqual({text: '', statuses: [null]});
	});

	it('makes a new token for each session', () => {
		expect(exitToken()).not.toBe(exitToken());
		expect(exitToken()).toMatch(/^__rb_exit_[0-9a-f]{24}_$/);
	});
});

/** Whether a process runs (not gone, not a zombie). */
async function alive(pid: number): Promise<boolean> {
	try {
		return !/^\d+ \(.*\) Z/.test(await readFile(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

describe('a shell run by the reporting command', () => {
	/** Run the reporting command with this machine's `sh` as the login shell; its shell is fed `input`. */
	function start(input: string, path = process.env.PATH ?? '/usr/bin:/bin'): {shell: ShellProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null>} {
		let stdout = '';
		let stderr = '';
		let told!: (code: number | null) => void;
		const exited = new Promise<number | null>((resolve) => (told = resolve));
		const listeners: ShellListeners = {
			output(stream, text) {
				if (stream === 'stdout') stdout += text;
				else stderr += text;
			},
			exit: (code) => told(code),
		};
		const command = reportingCommand(['bash', '--noprofile', '--norc', '--noediting', '-i']);
		const shell = reportingShell((heard) => spawnShell('sh', ['-c', command], process.cwd(), {PATH: path}, heard), listeners);
		shell.write(input);
		return {shell, stdout: () => stdout, stderr: () => stderr, exited};
	}

	it('tells the shell has ended while a process it left holds its output open, without the report in the output', async () => {
		const {shell, stdout, exited} = start('sleep 3600 & echo "left $!"; printf partial; exit 4\n');
		expect(await exited).toBe(4);
		await shell.ended;
		const pid = Number(/left (\d+)/.exec(stdout())?.[1]);
		// The `sleep` still holds the pipe: only the report can have told the exit.
		expect(await alive(pid)).toBe(true);
		expect(stdout()).toBe(`left ${pid}\npartial`);
		process.kill(pid, 'SIGKILL');
		shell.release();
	});

	it('runs the shell as the leader of a session of its own, its pid being the session\'s', async () => {
		const {shell, stdout, exited} = start('echo "$$ $(ps -o sid= -p $$) $(ps -o pgid= -p $$)"; exit 0\n');
		expect(await exited).toBe(0);
		const [pid, sid, pgid] = stdout().trim().split(/\s+/);
		expect([sid, pgid]).toEqual([pid, pid]);
		shell.release();
	});

	it('never gives the token to the shell: its first line is the first it was fed', async () => {
		const {shell, stdout, stderr, exited} = start('echo first; exit 0\n');
		expect(await exited).toBe(0);
		expect(stdout()).toBe('first\n');
		// bash -i without a terminal says so on stderr; a token it had read would be `…: command not found` there.
		expect(stderr()).not.toContain('__rb_exit_');
		shell.release();
	});

	it('runs the shell by exec on a host without setsid: its exit is then ssh\'s, and nothing is printed for it', async () => {
		const bin = mkdtempSync(path.join(tmpdir(), 'runbook-no-setsid-'));
		for (const program of ['sh', 'bash']) symlinkSync(execFileSync('sh', ['-c', `command -v ${program}`], {encoding: 'utf8'}).trim(), path.join(bin, program));
		try {
			const {shell, stdout, exited} = start('echo "${BASH_VERSION%%.*}"; exit 3\n', bin);
			expect(await exited).toBe(3);
			await shell.drained(10_000);
			expect(stdout()).toMatch(/^\d\n$/);
			shell.release();
		} finally {
			rmSync(bin, {recursive: true, force: true});
		}
	});
});

