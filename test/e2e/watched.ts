import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {alive} from './wait.js';

/**
 * A runbook whose one step notes its shell's pid in NAME.shells (one line a
 * run) and prints `hello`; `expected` is its expected output. `before` is
 * shell text run first in the step.
 */
export function watchedRunbook(name: string, expected = 'hello', before = ''): string {
	return `# ${name}\n\n\`\`\`sh\necho $$ >> ${name}.shells\n${before}echo hello\n\`\`\`\n\n\`\`\`output\n${expected}\n\`\`\`\n`;
}

/** How many times the runbook NAME ran in `dir`. */
export function runsOf(dir: string, name: string): number {
	const file = path.join(dir, `${name}.shells`);
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** No shell a run started is alive. */
export function shellsGone(dir: string, names: readonly string[]): boolean {
	return names.every((name) => {
		const file = path.join(dir, `${name}.shells`);
		return !existsSync(file) || readFileSync(file, 'utf8').split('\n').filter(Boolean).every((pid) => !alive(Number(pid)));
	});
}
