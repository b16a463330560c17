import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startRun, type RunOptions} from '../../src/engine/run.js';
import type {EngineEvent, StepResult} from '../../src/engine/events.js';
import {parseRunbook} from '../../src/parse/index.js';

export type Ran = {events: EngineEvent[]; results: Map<string, StepResult>; dir: string};

const dirs: string[] = [];

/**
 * Write a runbook into a fresh folder and run it with the real engine and a
 * real shell. `control` gets the handle at once and each event as it comes
 * (to interrupt or stop on a condition, never after a fixed time).
 */
export async function runMarkdown(
	markdown: string,
	options: Partial<RunOptions> = {},
	control?: (handle: ReturnType<typeof startRun>, event?: EngineEvent, dir?: string) => void,
): Promise<Ran> {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-test-'));
	dirs.push(dir);
	const file = path.join(dir, 'runbook.md');
	writeFileSync(file, markdown);
	const {runbook, diagnostics} = parseRunbook(markdown, {path: file});
	if (diagnostics.some((d) => d.severity === 'error')) throw new Error(JSON.stringify(diagnostics));
	const handle = startRun(runbook, {file, callerEnv: {PATH: process.env.PATH}, ...options});
	control?.(handle);
	const events: EngineEvent[] = [];
	const results = new Map<string, StepResult>();
	for await (const event of handle.events) {
		events.push(event);
		control?.(handle, event, dir);
		if (event.kind === 'step-end') results.set(event.step.name, event.result);
	}
	await handle.done;
	return {events, results, dir};
}

export function cleanDirs(): void {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
}

export const sh = (name: string, body: string, attrs = '') => `\`\`\`sh {#${name}${attrs ? ` ${attrs}` : ''}}\n${body}\n\`\`\`\n\n`;
export const out = (body: string) => `\`\`\`output\n${body}\n\`\`\`\n\n`;
