import type {StepStopper} from '../in-flight.js';
import {interruptLadder} from '../terminate.js';
import {signalGroup} from './processes.js';
import type {SshTarget} from './ssh.js';

/**
 * How a remote session's step is stopped (a timeout, Ctrl-C), through a
 * second channel of the host's connection: the rungs of the local ladder
 * (`terminate.ts`: SIGINT, the grace period, SIGTERM, the grace period,
 * SIGKILL), each sent to the remote shell's process group, where the step's
 * foreground processes are (the shell runs without job control), as a
 * terminal's Ctrl-C is. The shell itself aborts the line at SIGINT and
 * ignores SIGTERM (interactive); SIGKILL ends it, and the session with it,
 * as a local shell stuck in a step is killed. What the step put in the
 * background is not reached (a process group of its own, or SIGINT ignored):
 * finding the step's processes on the host by their cookie is the remote
 * process accounting's job, not this.
 *
 * @param group the remote shell's pid (its process group), once known
 */
export function remoteStopper(target: SshTarget, group: () => number | undefined): StepStopper {
	return {
		async climb(line, _host, ended) {
			for (const rung of interruptLadder(line.io.graceMs)) {
				const pid = group();
				if (ended.aborted || pid === undefined) return;
				await signalGroup(target, pid, rung.signal === 'SIGINT' ? 'INT' : rung.signal === 'SIGTERM' ? 'TERM' : 'KILL');
				if (!(await endedWithin(ended, rung.thenWaitMs))) continue;
				return;
			}
		},
		pressAgain() {
			const pid = group();
			if (pid !== undefined) void signalGroup(target, pid, 'INT');
		},
		async sweep() {
			// What a stopped step left running on the host is the run's end's to stop (`remote-host.ts`).
		},
	};
}

/** Whether `ended` is aborted within `ms`. */
function endedWithin(ended: AbortSignal, ms: number): Promise<boolean> {
	if (ended.aborted) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			ended.removeEventListener('abort', done);
			resolve(false);
		}, ms);
		const done = () => {
			clearTimeout(timer);
			resolve(true);
		};
		ended.addEventListener('abort', done, {once: true});
	});
}
