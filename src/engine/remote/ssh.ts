import {spawn} from 'node:child_process';
import {shellQuote} from '../shells.js';

/**
 * The transport to a remote host: the system's OpenSSH client, one
 * connection per host multiplexed by a control master (`ControlMaster`,
 * `ssh_config(5)`), so that a session and every second channel (a remote
 * command run beside the session: `exec`) ride the same TCP connection and
 * authentication, and a step costs one round trip.
 *
 * Every ssh runs as
 * `ssh [-F CONFIG] -o BatchMode=yes -o ControlMaster=auto -o ControlPath=DIR/%C -o ControlPersist=… -T -- DEST …`:
 * - `BatchMode=yes`: a missing key or an unknown host key fails at once
 *   instead of prompting (there is no terminal to prompt on);
 * - the control socket is in the run's own folder (0700), named by `%C` (a
 *   hash of the local host, the destination's host, port and user), so that
 *   two runs never share a master and the run's end removes it;
 * - the first connection (the check, {@link connect}) becomes the master and
 *   stays in the background (`ControlPersist`) until `ssh -O exit`
 *   ({@link closeMaster}) at the run's end, or until the watchdog runs that
 *   when runbook died (`watchdog.ts`), or at worst {@link controlPersist}
 *   after its last channel closed;
 * - `-T`: no terminal on the remote host (the session is fed through pipes,
 *   as locally);
 * - `--` before the destination: it is never read as an option.
 *
 * ssh runs without the run's cookies (`RUNBOOK_RUN`): it is the engine's, not
 * a step's, and never a leftover.
 */

/** One remote host of the run, as ssh reaches it. */
export type SshTarget = {
	/** The host's name in the runbook (`node2`). */
	readonly name: string;
	/** The destination as written (`root@10.0.0.2`, `ssh://u@h:2222`, an alias). */
	readonly destination: string;
	/** `-F`: the ssh configuration file (an absolute path); absent: the user's own. */
	readonly config?: string;
	/** The run's control folder (mode 0700): the masters' sockets. */
	readonly controlDir: string;
};

/**
 * How long an idle master (no channel open) outlives its last channel: a
 * backstop only. The run's end closes masters (`closeMaster`), and so does
 * the watchdog when runbook died; a master that timed out while no session
 * used it is opened again by the next ssh (`ControlMaster=auto`).
 */
export const controlPersist = '60s';

/** The control socket's path pattern (`%C`, `ssh_config(5)`'s TOKENS). */
export const controlPathOf = (target: Pick<SshTarget, 'controlDir'>) => `${target.controlDir}/%C`;

/** ssh's options for `target`, up to and including the destination; what to run on the host comes after. */
export function sshArgs(target: SshTarget, extra: readonly string[] = []): string[] {
	return [
		...(target.config === undefined ? [] : ['-F', target.config]),
		'-o',
		'BatchMode=yes',
		'-o',
		'ControlMaster=auto',
		'-o',
		`ControlPath=${controlPathOf(target)}`,
		'-o',
		`ControlPersist=${controlPersist}`,
		...extra,
		'-T',
		'--',
		target.destination,
	];
}

/** ssh's environment: the caller's, without the run's cookies (ssh is never a leftover nor a step's process). */
export function sshEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) if (value !== undefined && key !== 'RUNBOOK_RUN' && key !== 'RUNBOOK_STEP') result[key] = value;
	return result;
}

/** What a remote command did: its exit status (255: ssh's own failure; null: ended by a signal), and what it printed. */
export type Executed = {readonly code: number | null; readonly stdout: string; readonly stderr: string};

/**
 * Run `script` with `sh -c` on the host, over a second channel of the
 * host's connection, with `args` as `$1…` (each quoted for the remote shell;
 * they show in `ps` on both machines: no secrets there). `input` is written
 * to its stdin (then closed; empty when absent). `signal` aborted: the local
 * ssh gets SIGTERM (the remote command sees its channel close). Never rejects.
 *
 * @example
 * const {code, stdout} = await exec(target, 'kill -INT -- -"$1"', ['4242']);
 */
export function exec(target: SshTarget, script: string, args: readonly string[] = [], options: {input?: string; signal?: AbortSignal} = {}): Promise<Executed> {
	const remote = ['sh', '-c', shellQuote(script), 'sh', ...args.map(shellQuote)].join(' ');
	return new Promise((resolve) => {
		let stdout = '';
		let stderr = '';
		const child = spawn('ssh', [...sshArgs(target), remote], {stdio: 'pipe', env: sshEnvironment()});
		child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
		child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
		for (const stream of [child.stdin, child.stdout, child.stderr]) stream.on('error', () => {});
		const abort = () => child.kill('SIGTERM');
		options.signal?.addEventListener('abort', abort, {once: true});
		if (options.signal?.aborted) abort();
		child.once('error', (error) => {
			options.signal?.removeEventListener('abort', abort);
			resolve({code: 255, stdout, stderr: `${stderr}${error.message}\n`});
		});
		child.once('close', (code) => {
			options.signal?.removeEventListener('abort', abort);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

/**
 * Connect to the host (the run's reachability check, before any step): the
 * connection made becomes the host's control master. Resolves to undefined,
 * or to ssh's reason when it could not connect: its last line on stderr,
 * without the `user@host: ` or `ssh: ` it starts with (`Permission denied
 * (publickey).`, `Host key verification failed.`, `connect to host … port
 * 22: No route to host`).
 */
export async function connect(target: SshTarget): Promise<string | undefined> {
	const {code, stderr} = await exec(target, 'exit 0');
	if (code === 0) return undefined;
	return lastLine(stderr) || `ssh ended with status ${code ?? 'unknown'}`;
}

/** ssh's last line on stderr, without its `user@host: ` or `ssh: ` head. */
export function lastLine(stderr: string): string {
	const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
	return (lines.at(-1) ?? '').replace(/^(?:ssh|[^\s:@]+@[^\s:]+): /, '');
}

/** `ssh -O exit`: the host's master ends (and with it any channel still open). Never rejects. */
export function closeMaster(target: SshTarget): Promise<void> {
	return new Promise((resolve) => {
		const args = [...(target.config === undefined ? [] : ['-F', target.config]), '-o', `ControlPath=${controlPathOf(target)}`, '-O', 'exit', '--', target.destination];
		const child = spawn('ssh', args, {stdio: 'ignore', env: sshEnvironment()});
		child.once('error', () => resolve());
		child.once('close', () => resolve());
	});
}
