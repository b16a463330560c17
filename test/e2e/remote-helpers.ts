import {existsSync, readdirSync, readFileSync} from 'node:fs';

/** A step of `--reporter json`'s report, as the remote tests read it. */
export type ReportedStep = {
	host: string;
	status: string;
	output: string;
	stderr?: string;
	exitCode: number | null;
	attempts: number;
	message?: string;
	captures: Record<string, string>;
};

/** The steps of the first runbook of a JSON report. */
export function stepsOf(json: string): ReportedStep[] {
	return (JSON.parse(json) as {runbooks: Array<{steps: ReportedStep[]}>}).runbooks[0]?.steps ?? [];
}

/**
 * ssh control masters of runs that have ended: a master names its socket in
 * its process title (`ssh: /tmp/runbook-run-XXXX/ssh/HASH [mux]`), and a run's
 * folder is gone once it ended. Other runs' live masters are not counted,
 * nor those in `before` (`pid command` of {@link orphanMasters} taken before
 * the test: other runs on this machine may have left theirs).
 */
export function orphanMasters(before: readonly string[] = []): string[] {
	const found: string[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let command: string;
		try {
			command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
		} catch {
			continue;
		}
		const socket = /^ssh: (\S*\/runbook-run-[^/]+)\/ssh\/\S+ \[mux\]$/.exec(command);
		if (socket && !existsSync(socket[1] ?? '') && !before.includes(`${entry} ${command}`)) found.push(`${entry} ${command}`);
	}
	return found;
}
