import {readdirSync, readFileSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureCopy, folderAtSigterm, notedFolder, removeCopies, runbook, spawnRunbook} from './cli.js';
import {alive, pidIn, waitFor} from './wait.js';
import {countsLine} from './blank.js';

afterEach(removeCopies);

const step = (body: string, attributes = '') => `\`\`\`sh${attributes ? ` {${attributes}}` : ''}\n${body}\n\`\`\`\n\n`;
const output = (body: string) => `\`\`\`output\n${body}\n\`\`\`\n\n`;

/** A command that starts `sleep`, leaves the process tree, and says its pid in `file` before the step goes on. */
const detached = (file: string, seconds: number) => `setsid -f sh -c 'echo $$ > ${file}; exec sleep ${seconds}'; while [ ! -s ${file} ]; do sleep 0.01; done`;

/** A step's check whether the process in `file` runs: a zombie (ended, not yet reaped) does not. */
const running = (file: string) => `state=$(sed 's/.*) //' /proc/"$(cat ${file})"/stat 2>/dev/null | cut -c1); [ -n "$state" ] && [ "$state" != Z ] && echo alive || echo gone`;

describe('processes a run starts', () => {
	it('ends when the steps end although a daemon holds the output pipe, and stops and names the daemon', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'daemon.md'), step(`${detached('daemon.pid', 120)}; echo daemon started`) + output('daemon started'));
		const ran = runbook(['test', '--reporter', 'json', 'daemon.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		const pid = Number(readFileSync(path.join(dir, 'daemon.pid'), 'utf8'));
		expect(alive(pid)).toBe(false);
		const report = JSON.parse(ran.stdout);
		expect(JSON.stringify(report)).toContain(`"pid":${pid}`);
	});

	it('stops what a timed-out step started, even double-forked, before the next step', () => {
		const dir = fixtureCopy();
		const forked = `(sh -c 'echo $$ > forked.pid; exec sleep 34' &); while [ ! -s forked.pid ]; do sleep 0.01; done; sleep 30`;
		writeFileSync(path.join(dir, 'fork.md'), step(forked, 'timeout=1s') + step(running('forked.pid')) + output('gone'));
		const ran = runbook(['test', 'fork.md'], {cwd: dir});
		expect(ran.stdout).toContain('timed out after 1s');
		expect(countsLine(ran.stdout)).toBe('1 passed, 1 failed (time)');
	});

	it('lets a step that times out run its SIGINT handler for the grace period before SIGTERM', () => {
		const dir = fixtureCopy();
		const handler = `perl -e '$| = 1; $SIG{INT} = sub { sleep 2; open my $f, ">", "handled"; print $f "done\\n"; exit 1 }; print "ready\\n"; sleep 100'`;
		writeFileSync(path.join(dir, 'handler.md'), step(handler, 'timeout=1s'));
		const ran = runbook(['test', 'handler.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		expect(readFileSync(path.join(dir, 'handled'), 'utf8')).toBe('done\n');
	});

	it('stops a background step with SIGTERM, so that it can clean up', () => {
		const dir = fixtureCopy();
		const server = `perl -e '$| = 1; $SIG{TERM} = sub { open my $f, ">", "terminated"; print $f "cleaned up\\n"; exit 0 }; print "listening\\n"; sleep 1 while 1'`;
		writeFileSync(path.join(dir, 'server.md'), step(server, 'background ready=/listening/') + step('echo using it'));
		const ran = runbook(['test', 'server.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		expect(readFileSync(path.join(dir, 'terminated'), 'utf8')).toBe('cleaned up\n');
	});

	it('stops a subshell loop that a timed-out step put in the background, before the next step', () => {
		const dir = fixtureCopy();
		const loop = `( ( echo $BASHPID > loop.pid; while :; do sleep 0.05; done ) & ); while [ ! -s loop.pid ]; do sleep 0.01; done; sleep 30`;
		writeFileSync(path.join(dir, 'loop.md'), step(loop, 'timeout=1s') + step(running('loop.pid')) + output('gone'));
		const ran = runbook(['test', 'loop.md'], {cwd: dir});
		expect(countsLine(ran.stdout)).toBe('1 passed, 1 failed (time)');
	});

	it('gives a signal handler that cleans up the whole grace period, its own commands included', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'trap.md'), step(`trap 'sleep 1; echo cleaned > cleaned' INT; touch started; sleep 100`, 'timeout=1s'));
		const ran = runbook(['test', 'trap.md'], {cwd: dir});
		expect(ran.code).toBe(1);
		expect(readFileSync(path.join(dir, 'cleaned'), 'utf8')).toBe('cleaned\n');
	});

	it('leaves a detach background step running, and names what another step left', () => {
		const dir = fixtureCopy();
		const server = `exec sh -c 'echo $$ > server.pid; echo listening; exec sleep 60'`;
		writeFileSync(path.join(dir, 'serve.md'), step(server, 'background detach ready=/listening/') + step(`( while :; do sleep 0.05; done ) & echo $! > forgot.pid`));
		const ran = runbook(['test', '--reporter', 'json', 'serve.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		const server_ = Number(readFileSync(path.join(dir, 'server.pid'), 'utf8'));
		const forgot = Number(readFileSync(path.join(dir, 'forgot.pid'), 'utf8'));
		expect(alive(server_)).toBe(true);
		expect(alive(forgot)).toBe(false);
		const leftovers = JSON.parse(ran.stdout).runbooks[0].leftovers as Array<{pid: number; step?: string}>;
		expect(leftovers.map((leftover) => leftover.pid)).toContain(forgot);
		expect(leftovers.map((leftover) => leftover.pid)).not.toContain(server_);
		process.kill(server_, 'SIGKILL');
	});

	it('leaves the processes of a detach step running', () => {
		const dir = fixtureCopy();
		writeFileSync(path.join(dir, 'keep.md'), step(detached('kept.pid', 60), 'detach'));
		const ran = runbook(['test', 'keep.md'], {cwd: dir});
		expect(ran.code).toBe(0);
		const pid = Number(readFileSync(path.join(dir, 'kept.pid'), 'utf8'));
		expect(alive(pid)).toBe(true);
		process.kill(pid, 'SIGKILL');
	});

	it('leaves nothing behind when runbook itself is killed with SIGKILL', async () => {
		const dir = fixtureCopy();
		// A process that notes, as it is told to stop, whether the run's folder of step files is still there: the watchdog removes the folders first.
		const seen = path.join(dir, 'folder-at-sigterm');
		writeFileSync(path.join(dir, 'killed.md'), step(`echo $$ > shell.pid; ${folderAtSigterm(seen)} ${detached('daemon.pid', 120)}; sleep 100 & echo $! > child.pid; wait`));
		const child = spawnRunbook(['test', 'killed.md'], dir);
		const pids = [await pidIn(path.join(dir, 'shell.pid')), await pidIn(path.join(dir, 'daemon.pid')), await pidIn(path.join(dir, 'child.pid'))];
		const runDirs = () => readdirSync(tmpdir()).filter((entry) => entry.startsWith('runbook-run-') && existsSync(path.join(tmpdir(), entry, 'pid')) && readFileSync(path.join(tmpdir(), entry, 'pid'), 'utf8') === String(child.pid));
		expect(runDirs()).toHaveLength(1);
		child.kill('SIGKILL');
		await waitFor(() => pids.every((pid) => !alive(pid)));
		await waitFor(() => runDirs().length === 0);
		expect(await notedFolder(seen)).toBe('gone\n');
	});
});
