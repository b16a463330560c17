import type {StepControl} from '../step-line.js';
import type {RemoteControl} from './control.js';

/**
 * A remote session's {@link StepControl}: a step's timeout and interrupt run
 * their ladder on the host (`RemoteControl.interruptStep`), over a second
 * channel of the session's connection, not only on the local ssh.
 *
 * @param shell the remote session shell's pid (on the host), once known
 * @param backgroundPids the session's background steps' pids on the host
 */
export function remoteStepControl(control: RemoteControl, shell: () => number | undefined, backgroundPids: ReadonlySet<number>): StepControl {
	return {
		interrupt(line, graceMs, ended, nudge) {
			const pid = shell();
			if (pid === undefined) return {press() {}};
			return control.interruptStep({shell: pid, cookie: line.cookie, sinceMs: line.sinceMs, spared: backgroundPids}, graceMs, ended, nudge);
		},
		async stopAfter(line, graceMs) {
			const pid = shell();
			if (pid !== undefined) await control.stopStep({shell: pid, cookie: line.cookie, sinceMs: line.sinceMs, spared: backgroundPids}, graceMs);
		},
	};
}
