import path from 'node:path';
import {localHost, type ShellName} from '../model.js';
import {UserError} from '../errors.js';
import {isLocalDestination, type HostPlace} from './remote/hosts.js';
import {RemoteHost} from './remote/remote-host.js';
import {RemoteSession} from './remote/remote-session.js';
import {Session} from './session.js';
import {Sessions} from './sessions.js';

/** What the sessions of every host need of the run. */
export type HostSessionsOptions = {
	readonly shell: ShellName;
	/** The local shell's program (`shell:` as a path, or its name). */
	readonly program: string;
	/** The run's working folder: local sessions start there. */
	readonly cwd: string;
	/** Local sessions' environment (the caller's included). */
	readonly env: Readonly<Record<string, string>>;
	/** Remote sessions' variables: the runbook's `env:`, `--env`, `TERM`/`NO_COLOR` (not the caller's). */
	readonly remoteEnv: Readonly<Record<string, string>>;
	/** Local sessions' step files. */
	readonly stepsDir: string;
	/** The run's temporary folder: the control folder (`ssh/`) and copies of remote logs. */
	readonly runDir: string;
	readonly runId: string;
	readonly hosts: ReadonlyMap<string, HostPlace>;
};

/**
 * The run's sessions, one host name at a time (`sessions.ts` for each): a
 * name whose destination is `local` gets shells on this machine, as `local`
 * itself; any other, shells on its host over ssh (`remote/`), and a
 * `RemoteHost` for its connection check and its end of run.
 */
export class HostSessions {
	private readonly byName = new Map<string, Sessions>();
	private readonly remotes = new Map<string, RemoteHost>();

	constructor(
		private readonly options: HostSessionsOptions,
		private readonly restarted: (host: string) => void,
	) {}

	/** The remote host of a name, or undefined for one on this machine. Throws `unknown-host` for a name the run does not define. */
	remote(name: string): RemoteHost | undefined {
		const place = this.options.hosts.get(name);
		if (!place) throw new UserError('unknown-host', `unknown host ${name}: the runbook's hosts are ${[...this.options.hosts.keys()].join(', ')}`);
		if (isLocalDestination(place)) return undefined;
		let remote = this.remotes.get(name);
		if (!remote) {
			const controlDir = RemoteHost.controlFolder(path.join(this.options.runDir, 'ssh'));
			remote = new RemoteHost({name, destination: place.destination, ...(place.sshConfig === undefined ? {} : {config: place.sshConfig}), controlDir});
			this.remotes.set(name, remote);
		}
		return remote;
	}

	/** The sessions of a host name (`local` by default). */
	of(name: string = localHost): Sessions {
		let sessions = this.byName.get(name);
		if (!sessions) {
			const remote = this.remote(name);
			const {shell, program, cwd, env, remoteEnv, stepsDir, runDir, runId} = this.options;
			const make = remote ? () => new RemoteSession(shell, remoteEnv, runDir, runId, remote.target, remote.tracking) : () => new Session(shell, cwd, env, stepsDir, runId, program);
			sessions = new Sessions(make, () => this.restarted(name));
			this.byName.set(name, sessions);
		}
		return sessions;
	}

	/** Every live session, of every host. */
	live(): Session[] {
		return [...this.byName.values()].map((sessions) => sessions.current).filter((session) => session !== undefined);
	}

	/** The remote hosts used so far. */
	remoteHosts(): RemoteHost[] {
		return [...this.remotes.values()];
	}

	/** Interrupt the step under way, on whichever host it runs; false when none runs. */
	interrupt(): boolean {
		let any = false;
		for (const sessions of this.byName.values()) any = sessions.interrupt() || any;
		return any;
	}

	/** The local shells' pids (`Sessions.pids`). */
	pids(): Set<number> {
		return new Set([...this.byName.values()].flatMap((sessions) => [...sessions.pids()]));
	}

	/** End every shell of every host. */
	async close(graceMs: number): Promise<void> {
		await Promise.all([...this.byName.values()].map((sessions) => sessions.close(graceMs)));
	}
}
