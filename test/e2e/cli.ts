import {spawn, spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = path.join(root, 'dist', 'bin.js');
const fixtures = path.join(root, 'test', 'e2e', 'fixtures');

export type Ran = {code: number | null; stdout: string; stderr: string};

/** Not in GitHub Actions, whatever machine runs the tests: no annotations, no step summary (tests that want them set these). */
const notInGithub = {GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', GITHUB_WORKSPACE: ''};

/** Run the built CLI as a user would, without a terminal and without colour. */
export function runbook(args: readonly string[], options: {cwd?: string; env?: Record<string, string>; nodeArgs?: string[]} = {}): Ran {
	const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
		cwd: options.cwd ?? root,
		encoding: 'utf8',
		env: {...process.env, NO_COLOR: '1', CI: 'true', ...notInGithub, ...options.env},
		timeout: 60_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

export function spawnRunbook(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
	return spawn(process.execPath, [bin, ...args], {cwd, env: {...process.env, NO_COLOR: '1', CI: 'true', ...notInGithub, ...env}});
}

const dirs: string[] = [];

/** A fresh copy of the fixtures, for tests that run or change them. */
export function fixtureCopy(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-'));
	dirs.push(dir);
	cpSync(fixtures, dir, {recursive: true});
	return dir;
}

/** A fresh folder holding one runbook, `doc.md`, with `text`; removed by `removeCopies`. */
export function docFolder(text: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-e2e-doc-'));
	dirs.push(dir);
	writeFileSync(path.join(dir, 'doc.md'), text);
	return dir;
}

export function removeCopies(): void {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
}

/**
 * Bash for a step: a process in the background that, when it is sent
 * SIGTERM, writes to `file` whether the folder of the step's own file
 * (`$BASH_SOURCE`'s) is still there: `present` or `gone` and a newline.
 * SIGPIPE is ignored and its output goes nowhere, so that only SIGTERM
 * (or SIGKILL, writing nothing) ends it.
 */
export function folderAtSigterm(file: string): string {
	return `folder=\${BASH_SOURCE%/*}; ( trap '' PIPE; trap 'if [ -e "$folder" ]; then echo present; else echo gone; fi > ${file}; exit' TERM; while :; do sleep 1; done ) >/dev/null 2>&1 &`;
}

/** What `folderAtSigterm` wrote to `file`, once it has written it. */
export async function notedFolder(file: string): Promise<string> {
	await until(() => existsSync(file) && readFileSync(file, 'utf8') !== '');
	return readFileSync(file, 'utf8');
}

/** Wait until `check` holds, looking again every 20ms; the test's own timeout bounds it. */
export async function until(check: () => boolean): Promise<void> {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const running = new Set<ReturnType<typeof spawnRunbook>>();

/** A running CLI: its output so far, and its exit. `env` adds to the environment. `killStarted` ends it if a test fails first. */
export function started(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
	const child = spawnRunbook(args, cwd, env);
	running.add(child);
	const output = {stdout: '', stderr: ''};
	child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
	const exited = new Promise<number | null>((resolve) =>
		child.on('close', (code) => {
			running.delete(child);
			resolve(code);
		}),
	);
	return {child, output, exited};
}

/**
 * SIGKILL every CLI `started` that has not ended (after each test): a test
 * that fails before it stops its CLI (a `--watch` never ends by itself) must
 * not leave it running. The CLI's watchdog then stops what its runs started.
 */
export function killStarted(): void {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
}
