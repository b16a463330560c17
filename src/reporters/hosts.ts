import {hostOf, localHost, type Step} from '../model.js';

/**
 * How reports and the player name a step's host: the one home of those
 * words. A step on {@link localHost} reads as it always did (no host named);
 * a step on another host says so after its name (` on node2`) and before its
 * command (`node2 $ …`), as a shell prompt names its machine.
 */

/** The host of a step when it is not {@link localHost}; undefined for a local step. */
export function remoteHost(step: Pick<Step, 'attributes'>): string | undefined {
	const host = hostOf(step);
	return host === localHost ? undefined : host;
}

/**
 * What follows the name of what ran on `host` (a step, a leftover process):
 * ` on NAME` for a host other than local, '' for local or none (absent means
 * local, as in `Leftover.host`). As written: the caller makes it visible as
 * it does the name.
 */
export function onHostName(host: string | undefined): string {
	return host === undefined || host === localHost ? '' : ` on ${host}`;
}

/** What follows a step's name in a report: ` on NAME` for a step not on local, '' for a local one (`onHostName`). */
export function onHostText(step: Pick<Step, 'attributes'>): string {
	return onHostName(hostOf(step));
}

/**
 * The prompt before a command: `NAME $ ` when `host` is given, `$ `
 * otherwise. Reports give the host of a step not on local (`remoteHost`);
 * the player gives every step's host when the runbook has a step on another
 * host (`hasRemoteSteps`), `local $ ` included.
 */
export function promptText(host: string | undefined): string {
	return host === undefined ? '$ ' : `${host} $ `;
}

/** The host of a step not on local where room is short (the player's outline): ` @NAME`, as in `user@host`; '' for a local step. */
export function hostTag(step: Pick<Step, 'attributes'>): string {
	const host = remoteHost(step);
	return host === undefined ? '' : ` @${host}`;
}

/** Whether any of the steps runs on a host other than {@link localHost}. */
export function hasRemoteSteps(steps: readonly Pick<Step, 'attributes'>[]): boolean {
	return steps.some((step) => remoteHost(step) !== undefined);
}
