import type {Line, StepStopper} from '../step-line.js';
import type {RemoteControl, RemoteLadder, RemoteStepScope} from './control.js';

/**
 * A remote session's {@link StepStopper} (`ShellHost.stopper`): a step's
 * timeout and interrupt run their ladder ON the host
 * (`RemoteControl.interruptStep`, over a second channel of the session's
 * connection), not only on the local ssh; Ctrl-C again is a line on that
 * channel; what a stopped step left is stopped there too.
 *
 * @param shell the remote session shell's pid (on the host), once known
 * @param backgroundPids the session's background steps' pids on the host
 */
export function remoteStopper(control: RemoteControl, shell: () => number | undefined, backgroundPids: ReadonlySet<number>): StepStopper {
	const ladders = new WeakMap<Line, RemoteLadder>();
	const scope = (line: Line, pid: number): RemoteStepScope => ({shell: pid, cookie: line.io.cookie, sinceMs: line.sinceMs, spared: backgroundPids});
	return {
		async climb(line, host, ended) {
			const pid = shell();
			if (pid === undefined) return;
			const ladder = control.interruptStep(scope(line, pid), line.io.graceMs, ended, () => host.write(''));
			ladders.set(line, ladder);
			await ladder.done;
		},
		pressAgain(line) {
			ladders.get(line)?.press();
		},
		async sweep(line) {
			const pid = shell();
			if (pid !== undefined) await control.stopStep(scope(line, pid), line.io.graceMs);
		},
	};
}
