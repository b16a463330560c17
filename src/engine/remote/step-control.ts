import type {Line, ShellHost, StepStopper} from '../step-line.js';
import type {RemoteControl, RemoteLadder, RemoteStepScope} from './control.js';

/**
 * A remote session's {@link StepStopper} (`ShellHost.stopper`): a step's
 * timeout and interrupt run their ladder ON the host
 * (`RemoteControl.interruptStep`, over a second channel of the session's
 * connection), not only on the local ssh; Ctrl-C again is a line on that
 * channel; what a stopped step left is stopped there too.
 *
 * The session's background steps' pids on the host (`ShellHost.backgroundPids`)
 * are spared: they are not the step's.
 *
 * @param shell the remote session shell's pid (on the host), once known
 */
export function remoteStopper(control: RemoteControl, shell: () => number | undefined): StepStopper {
	const ladders = new WeakMap<Line, RemoteLadder>();
	const scope = (line: Line, pid: number, host: ShellHost): RemoteStepScope => ({shell: pid, cookie: line.io.cookie, sinceMs: line.sinceMs, spared: host.backgroundPids});
	return {
		async climb(line, host, ended) {
			const pid = shell();
			if (pid === undefined) return;
			const ladder = control.interruptStep(scope(line, pid, host), line.io.graceMs, ended, () => host.write(''));
			ladders.set(line, ladder);
			await ladder.done;
		},
		pressAgain(line) {
			ladders.get(line)?.press();
		},
		async sweep(line, host) {
			const pid = shell();
			if (pid !== undefined) await control.stopStep(scope(line, pid, host), line.io.graceMs);
		},
	};
}
