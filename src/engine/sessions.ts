import {ShellStartError, type Session} from './session.js';

/**
 * One host's session shells: the live one, and those that ended (a step ran
 * `exit`), kept until the run ends because background steps they started
 * may still serve. A new one starts when a step needs it, with the values
 * captured so far. The run has one of these per host name (`host-sessions.ts`).
 */
export class Sessions {
	private live: Session | undefined;
	private readonly all: Session[] = [];
	/** A shell that did not start will not start for the next step either. */
	private failure: ShellStartError | undefined;

	/** @param make a new session of the host, not started */
	constructor(
		private readonly make: () => Session,
		private readonly restarted: () => void,
	) {}

	/** The live session, started (again) if needed; throws `ShellStartError` when the shell does not start. */
	async get(bound: ReadonlyMap<string, string>): Promise<Session> {
		if (this.live?.alive) return this.live;
		if (this.failure) throw this.failure;
		if (this.live) this.restarted();
		const session = this.make();
		this.live = session;
		this.all.push(session);
		try {
			await session.start();
		} catch (error) {
			if (error instanceof ShellStartError) this.failure = error;
			throw error;
		}
		// Values captured so far belong to every later step, in any session.
		await session.setVariables(bound);
		return session;
	}

	/** The latest session, live or ended: where lines written ahead are claimed after a stop. */
	get latest(): Session | undefined {
		return this.live;
	}

	/** The live session, if it runs. */
	get current(): Session | undefined {
		return this.live?.alive ? this.live : undefined;
	}

	/** Whether the shell began the line written ahead for the step with this cookie, in the latest session (live or ended). */
	began(cookie: string): Promise<boolean> {
		return this.live?.began(cookie) ?? Promise.resolve(false);
	}

	/** Interrupt the live session's step, as Ctrl-C would; false when no step of the runbook runs there. */
	interrupt(): boolean {
		return this.live?.interrupt() ?? false;
	}

	/** The shells' pids, which are also their sessions' ids (this machine's shells only). */
	pids(): Set<number> {
		return new Set(this.all.filter((session) => session.local).map((session) => session.pid).filter((pid) => pid !== undefined));
	}

	/** End every shell (`Session.close`). */
	async close(graceMs: number): Promise<void> {
		for (const session of this.all) await session.close(graceMs);
	}
}
