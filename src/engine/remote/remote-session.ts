import {spawn} from 'node:child_process';
import {closeSync, openSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {ShellName} from '../../model.js';
import {Session, type BackgroundStart, type ScriptFile} from '../session.js';
import {runCookie, shellQuote as quote, stepCookie} from '../shells.js';
import {spawnShell, type ShellListeners, type ShellProcess} from '../spawn-shell.js';
import {printed, remoteDirVariable, remoteLineFiles} from './remote-files.js';
import type {RemoteHost} from './remote-host.js';
import {reportingCommand, reportingShell} from './shell-exit.js';
import {exec, sshArgs, sshEnvironment, type SshTarget} from './ssh.js';
import {remoteStopper} from './step-control.js';

/**
 * A session whose shell runs on a remote host: the runbook's shell started
 * there through the host's control master
 * (`ssh … -- DEST exec sh -c '…' sh bash --noprofile --norc --noediting -i`),
 * fed and framed exactly as a local one (`session.ts`, `shells.ts`,
 * `framing.ts`). The `sh` around it tells when the shell has ended, which
 * ssh's own exit does not while a process the shell left holds the channel
 * (`shell-exit.ts`).
 *
 * - At its start the shell makes a folder of its own on the host
 *   (`mktemp -d` in `/dev/shm`, else `/tmp`) for the step files, value
 *   files, background scripts and logs: they come through the shell's input
 *   (`remote-files.ts`), so a step costs one round trip.
 * - Its environment is the remote login's own, plus `vars` (the runbook's
 *   `env:`, `--env`, `TERM=dumb`/`NO_COLOR=1`) and the cookies, set by lines
 *   of its input as data (base64), never on ssh's command line, which `ps`
 *   shows on both machines. The caller's environment is not sent.
 * - It starts in the remote user's login folder; `cwd=` is relative to it.
 * - No line is written ahead of its turn (`aheadAllowed` is false here):
 *   a line written ahead must not begin once the step before it was
 *   interrupted, which its stop file ensures only if the file exists before
 *   the shell reads the line; a remote stop file takes a round trip over a
 *   second channel, while the line is already in the host's pipe.
 * - A step is stopped through a second channel, on the host
 *   (`step-control.ts`, `control.ts`), and so is a background step at the
 *   run's end (its `stop`). Its shell's pid and folder go to the host's
 *   remote watchdog as soon as they are known (`remote-host.ts`).
 * - A background step writes its log on the host; a second channel
 *   (`tail -F`) copies it into a file of the run's folder here while the
 *   step runs, which `follow-log.ts` follows as a local one.
 * - The shell needs `mktemp`, `base64`, and for background steps GNU `tail`,
 *   on its PATH; without `setsid` it runs without reporting its exit.
 */
export class RemoteSession extends Session {
	private remote: {readonly pid: number; readonly dir: string; readonly home: string} | undefined;

	private readonly target: SshTarget;

	/**
	 * @param vars the variables the session's shell gets (beside its login's own)
	 * @param runDir the run's temporary folder here (background logs' copies)
	 * @param host the host it runs on: its connection, control and watchdog
	 */
	constructor(
		shell: ShellName,
		vars: Readonly<Record<string, string>>,
		runDir: string,
		runId: string,
		private readonly host: RemoteHost,
	) {
		const files = remoteLineFiles(
			() => this.remote?.dir,
			(paths) => void exec(host.target, 'touch -- "$@"', paths),
		);
		super(shell, runDir, vars, runDir, runId, shell, {files, stopper: remoteStopper(host.control, () => this.remote?.pid)});
		this.target = host.target;
	}

	/** The session's folder on the host, once it started. */
	get remoteDir(): string | undefined {
		return this.remote?.dir;
	}

	override get local(): boolean {
		return false;
	}

	/** Remote sessions never have lines written ahead (see the class). */
	override get aheadAllowed(): boolean {
		return false;
	}

	protected override spawn(listeners: ShellListeners): ShellProcess {
		// The shell by its name on the host's PATH: a `shell:` path names a program on this machine.
		const command = reportingCommand([this.shell, ...this.profile.args]);
		return reportingShell((told) => spawnShell('ssh', [...sshArgs(this.target), command], this.cwd, sshEnvironment(), told), listeners);
	}

	protected override setup(): string {
		const lines = [
			this.profile.setup(this.runId),
			`${remoteDirVariable}=$(mktemp -d /dev/shm/runbook-XXXXXXXXXX 2>/dev/null || mktemp -d /tmp/runbook-XXXXXXXXXX) || ${remoteDirVariable}=/nonexistent/runbook`,
			`export ${runCookie}=${this.runId} ${stepCookie}=${this.runId}/session`,
		];
		for (const [name, value] of Object.entries(this.env)) {
			if (/^[A-Za-z_]\w*$/.test(name)) lines.push(`__rb_v=$(${printed(value)}; printf x); export ${name}="\${__rb_v%x}"; unset __rb_v`);
		}
		return lines.join('\n');
	}

	protected override firstStep(): string {
		return `printf '%s\\n%s\\n%s' "$$" "$${remoteDirVariable}" "$PWD"`;
	}

	protected override started(stdout: string): string | undefined {
		const [pid = '', dir = '', ...home] = stdout.split('\n');
		if (!/^\d+$/.test(pid) || !dir.startsWith('/') || dir.startsWith('/nonexistent/')) return `could not make a folder on ${this.target.name} (is mktemp, base64 on its PATH?)`;
		this.remote = {pid: Number(pid), dir, home: home.join('\n')};
		this.host.sessionStarted(Number(pid), dir);
		return undefined;
	}

	protected override scriptFile(name: string, text: string): ScriptFile {
		const file = `${this.remote?.dir ?? '/nonexistent/runbook'}/${name}`;
		return {path: file, create: `${printed(text)} >${quote(file)}\n`};
	}

	protected override valueReader(value: string): string {
		return printed(value);
	}

	override folderOf(dir: string): string {
		return path.posix.resolve(this.remote?.home ?? '/', dir);
	}

	private workDir = '';

	override backgroundFiles(index: number, workDir: string): {log: string; statusFile: string} {
		this.workDir = workDir;
		const log = `${this.remote?.dir ?? '/nonexistent/runbook'}/background-${index}.log`;
		return {log, statusFile: `${log}.status`};
	}

	/**
	 * A copy of the step's log in the run's folder here, made by a second
	 * channel (`tail -F` until the step's process ends, then its status on
	 * stderr); the copy's ssh is the pid that is alive while the step runs.
	 */
	protected override followed(pid: number, files: {log: string; statusFile: string}): BackgroundStart['follow'] {
		const log = path.join(this.workDir, `background-${this.target.name}-${path.posix.basename(files.log)}`);
		const statusFile = `${log}.status`;
		const fd = openSync(log, 'w');
		const script = 'tail -c +1 -s 0.2 --pid="$1" -F -- "$2" 2>/dev/null; cat -- "$3" >&2 2>/dev/null; exit 0';
		const remoteCommand = ['sh', '-c', quote(script), 'sh', String(pid), quote(files.log), quote(files.statusFile)].join(' ');
		const copy = spawn('ssh', [...sshArgs(this.target), remoteCommand], {stdio: ['ignore', fd, 'pipe'], env: sshEnvironment()});
		closeSync(fd);
		let status = '';
		copy.stderr?.setEncoding('utf8').on('data', (text: string) => (status += text));
		copy.on('error', () => {});
		copy.once('close', () => {
			this.host.copies.delete(copy);
			if (/^\d+\s*$/.test(status)) writeFileSync(statusFile, status);
		});
		this.host.copies.add(copy);
		return {log, statusFile, pid: copy.pid ?? 0};
	}

	override async startBackground(...args: Parameters<Session['startBackground']>): Promise<BackgroundStart | undefined> {
		const started = await super.startBackground(...args);
		if (!started) return undefined;
		const {control} = this.host;
		const {cookie} = args[2];
		// Its process, what it started (by tree and by cookie), on the host: SIGTERM, the grace period, SIGKILL.
		return {...started, host: this.target.name, stop: (graceMs) => control.stopBackground(started.pid, cookie, graceMs)};
	}
}
