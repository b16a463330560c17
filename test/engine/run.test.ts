import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {isAlive} from '../../src/engine/process-tree.js';
import {cleanDirs, out, runMarkdown, sh} from './helpers.js';

afterEach(cleanDirs);

const status = (ran: Awaited<ReturnType<typeof runMarkdown>>, name: string) => ran.results.get(name)?.status;

describe('one shell session', () => {
	it('keeps folder, variables, functions, aliases and options from step to step', async () => {
		const ran = await runMarkdown(
			sh('a', 'mkdir sub && cd sub\nplain=1; export exported=2\ngreet() { echo "hi $1"; }\nalias ll="echo aliased"\nset -o pipefail') +
				sh('b', 'basename "$PWD"; echo "$plain $exported"; greet you; ll; set -o | grep pipefail') +
				out('sub\n1 2\nhi you\naliased\npipefail       \ton'),
		);
		expect(ran.results.get('b')?.output).toContain('hi you');
		expect(status(ran, 'b')).toBe('passed');
	});

	it('gives each step an empty stdin, so a reader never swallows the runbook', async () => {
		const ran = await runMarkdown(sh('read', 'cat; read -r line || echo eof') + out('eof') + sh('after', 'echo after') + out('after'));
		expect(status(ran, 'read')).toBe('passed');
		expect(status(ran, 'after')).toBe('passed');
	});

	it('merges stderr in order, keeps it apart, or drops it', async () => {
		const body = 'echo 1; echo 2 >&2; echo 3';
		const ran = await runMarkdown(sh('merge', body) + out('1\n2\n3') + sh('separate', body, 'stderr=separate') + out('1\n3') + sh('ignore', body, 'stderr=ignore') + out('1\n3'));
		expect(status(ran, 'merge')).toBe('passed');
		expect(status(ran, 'separate')).toBe('passed');
		expect(ran.results.get('separate')?.stderr).toBe('2\n');
		expect(status(ran, 'ignore')).toBe('passed');
	});

	it('streams output while the step runs', async () => {
		// The step goes on only once its first line has reached the engine.
		const ran = await runMarkdown(sh('slow', 'echo first; while [ ! -e go ]; do sleep 0.01; done; echo second'), {}, (_handle, event, dir) => {
			if (event?.kind === 'output' && event.text.includes('first') && dir) writeFileSync(path.join(dir, 'go'), '');
		});
		const outputs = ran.events.filter((e) => e.kind === 'output').map((e) => (e.kind === 'output' ? e.text : ''));
		expect(outputs.join('')).toBe('first\nsecond\n');
		expect(outputs[0]).toBe('first\n');
	});

	it('cannot be fooled by output that looks like a step boundary', async () => {
		const ran = await runMarkdown(sh('fake', "printf '\\036deadbeef:0\\036'; echo real") + sh('next', 'echo next') + out('next'));
		expect(ran.results.get('fake')?.output).toContain('real');
		expect(status(ran, 'next')).toBe('passed');
	});

	it('sets TERM=dumb and NO_COLOR=1 and layers env: runbook < caller < --env', async () => {
		const md = `---\nenv:\n  A: runbook\n  B: runbook\n  C: runbook\n---\n\n${sh('env', 'echo "$TERM $NO_COLOR $A $B $C"')}${out('dumb 1 runbook caller flag')}`;
		const ran = await runMarkdown(md, {callerEnv: {PATH: process.env.PATH, B: 'caller', C: 'caller', TERM: 'xterm'}, env: {C: 'flag'}});
		expect(ran.results.get('env')?.output).toBe('dumb 1 runbook caller flag\n');
	});

	it('stops before any step when a required command is missing, naming it', async () => {
		const md = `---\nrequires: [sh, no-such-command-xyz]\n---\n\n${sh('a', 'touch ran')}`;
		const ran = await runMarkdown(md);
		const error = ran.events.find((e) => e.kind === 'run-error');
		expect(error?.kind === 'run-error' && error.message).toContain('no-such-command-xyz');
		expect(ran.results.size).toBe(0);
		expect(existsSync(path.join(ran.dir, 'ran'))).toBe(false);
	});
});

describe('timeouts and interrupts', () => {
	it('kills the whole process tree on timeout and goes on with the same session', async () => {
		const ran = await runMarkdown(
			sh('setup', 'kept=yes') +
				sh('slow', 'sh -c "sleep 101 & sleep 102" & sleep 103; echo never', 'timeout=500ms') +
				sh('after', 'echo "after $kept"; pgrep -f "sleep 10[123]" || echo none') +
				out('after yes\nnone'),
		);
		const slow = ran.results.get('slow');
		expect(slow?.status).toBe('failed');
		expect(slow?.message).toBe('timed out after 500ms');
		expect(slow?.output).not.toContain('never');
		expect(ran.results.get('after')?.output).toBe('after yes\nnone\n');
	});

	it('kills a command that ignores SIGINT', async () => {
		const ran = await runMarkdown(sh('stubborn', "sh -c 'trap \"\" INT; sleep 104'", 'timeout=300ms') + sh('after', 'pgrep -f "sleep 104" || echo none') + out('none'));
		expect(ran.results.get('stubborn')?.message).toBe('timed out after 300ms');
		expect(status(ran, 'after')).toBe('passed');
	});

	it('interrupts the running step on request, and the run goes on', async () => {
		const ran = await runMarkdown(sh('long', 'sleep 100') + sh('next', 'echo next') + out('next'), {}, (handle, event) => {
			if (event?.kind === 'step-start' && event.step.name === 'long') handle.interrupt();
		});
		expect(ran.results.get('long')?.message).toBe('interrupted');
		expect(status(ran, 'next')).toBe('passed');
	});

	it('keeps an interrupt that comes while the shell starts, for the step that waits for it', async () => {
		// A bash that comes up only once the test says so: the interrupt surely comes while it starts.
		const bin = mkdtempSync(path.join(tmpdir(), 'runbook-slow-shell-'));
		const go = path.join(bin, 'go');
		writeFileSync(path.join(bin, 'bash'), `#!/bin/sh\nwhile [ ! -e '${go}' ]; do sleep 0.01; done\nexec /bin/bash "$@"\n`, {mode: 0o755});
		let handle: Parameters<NonNullable<Parameters<typeof runMarkdown>[2]>>[0] | undefined;
		let gated = 0;
		const gate = async () => {
			if (gated++ === 0) {
				// The step is let through; its shell is held until after the interrupt.
				setImmediate(() => {
					handle?.interrupt();
					writeFileSync(go, '');
				});
			}
			return {action: 'run' as const};
		};
		try {
			const ran = await runMarkdown(sh('long', 'touch ran; sleep 100') + sh('next', 'echo next') + out('next'), {gate, callerEnv: {PATH: `${bin}:${process.env.PATH}`}}, (control) => {
				handle = control;
			});
			expect(ran.results.get('long')?.message).toBe('interrupted before it started');
			expect(existsSync(path.join(ran.dir, 'ran'))).toBe(false);
			expect(status(ran, 'next')).toBe('passed');
		} finally {
			rmSync(bin, {recursive: true, force: true});
		}
	});

	it('names what a step left running, and stops it at the end', async () => {
		// The step ends once `sleep` runs: a fork that has not yet become `sleep` carries the shell's own cookie.
		const ran = await runMarkdown(sh('forgot', 'sleep 271 & echo $! > left.pid; until [ "$(cat /proc/$!/comm)" = sleep ]; do :; done'));
		const pid = Number(readFileSync(path.join(ran.dir, 'left.pid'), 'utf8'));
		const leftovers = ran.events.flatMap((e) => (e.kind === 'leftover' ? [e.leftover] : []));
		expect(leftovers).toEqual([{pid, command: 'sleep 271', step: 'forgot'}]);
		expect(isAlive(pid)).toBe(false);
		const end = ran.events.at(-1);
		expect(end?.kind === 'run-end' && end.report.leftovers).toEqual(leftovers);
	});
});

describe('exit status', () => {
	it('checks exit=N, nonzero and any', async () => {
		const ran = await runMarkdown(sh('n', 'exit_with() { return $1; }; exit_with 3', 'exit=3') + sh('nz', 'false', 'exit=nonzero') + sh('any', 'false', 'exit=any') + sh('bad', 'false'));
		expect([status(ran, 'n'), status(ran, 'nz'), status(ran, 'any'), status(ran, 'bad')]).toEqual(['passed', 'passed', 'passed', 'failed']);
		expect(ran.results.get('bad')?.message).toBe('exit status 1, expected 0');
	});

	it('reports a shell killed by a signal with 128 + its number: SIGSEGV is 139', async () => {
		const ran = await runMarkdown(sh('crash', 'kill -SEGV $$', 'exit=any') + sh('after', 'echo after') + out('after'));
		expect(ran.results.get('crash')?.exitCode).toBe(139);
		expect(ran.results.get('crash')?.message).toMatch(/ended the shell session \(exit 139\)/);
		expect(status(ran, 'after')).toBe('passed');
	});

	it('fails a step that ends the shell and runs the next ones in a new session', async () => {
		const ran = await runMarkdown(sh('a', 'x=1') + sh('quit', 'exit 3') + sh('b', 'echo "x=${x:-unset}"') + out('x=unset'));
		expect(ran.results.get('quit')?.message).toMatch(/ended the shell session \(exit 3\)/);
		expect(ran.events.some((e) => e.kind === 'session-restart')).toBe(true);
		expect(status(ran, 'b')).toBe('passed');
	});
});

describe('retry, background, cleanup', () => {
	it('retries until output and exit status match', async () => {
		const ran = await runMarkdown(sh('converge', 'echo x >> n; test "$(wc -l < n)" -ge 3 && echo ready', 'retry=5s every=50ms') + out('ready'));
		expect(status(ran, 'converge')).toBe('passed');
		expect(ran.results.get('converge')?.attempts).toBe(3);
	});

	it('gives up after the retry duration', async () => {
		const ran = await runMarkdown(sh('never', 'echo no', 'retry=300ms every=100ms') + out('yes'));
		expect(status(ran, 'never')).toBe('failed');
		expect(ran.results.get('never')?.message).toMatch(/after \d+ attempts/);
	});

	it('starts a background step, waits for ready, and stops it at the end', async () => {
		const ran = await runMarkdown(sh('server', 'echo $BASHPID > pid; echo starting; sleep 0.2; echo listening; sleep 100', 'background ready=/listening/') + sh('uses', 'echo running'));
		expect(status(ran, 'server')).toBe('passed');
		expect(ran.results.get('server')?.output).toContain('listening');
		const pid = Number(readFileSync(path.join(ran.dir, 'pid'), 'utf8'));
		expect(isAlive(pid)).toBe(false);
		expect(ran.events.some((e) => e.kind === 'background-stop')).toBe(true);
	});

	it('goes on sending a background step’s output after ready, until the run ends', async () => {
		// The server prints again only once the next step asked it to, and that step waits for it: no timing involved.
		const server = 'echo listening; while [ ! -f go ]; do sleep 0.05; done; echo "after ready"; touch said; sleep 100';
		const ran = await runMarkdown(sh('server', server, 'background ready=/listening/') + sh('client', 'touch go; while [ ! -f said ]; do sleep 0.05; done'));
		expect(ran.results.get('server')?.output).toBe('listening\n');
		const kinds = ran.events.map((e) => (e.kind === 'output' && e.step.name === 'server' ? `output:${e.text}` : e.kind === 'step-end' ? `end:${e.step.name}` : e.kind));
		const after = kinds.findIndex((kind) => kind.includes('after ready'));
		expect(after).toBeGreaterThan(kinds.indexOf('end:server'));
		expect(after).toBeLessThan(kinds.indexOf('run-end'));
	});

	it('runs cleanup steps at the end in reverse order, after failures too', async () => {
		const ran = await runMarkdown(sh('c1', 'echo c1 >> log', 'cleanup') + sh('fail', 'false') + sh('c2', 'echo c2 >> log', 'cleanup') + sh('last', 'echo last >> log'));
		expect(readFileSync(path.join(ran.dir, 'log'), 'utf8')).toBe('last\nc2\nc1\n');
		const ends = ran.events.filter((e) => e.kind === 'step-end').map((e) => (e.kind === 'step-end' ? `${e.step.name}:${e.phase}` : ''));
		expect(ends).toEqual(['fail:main', 'last:main', 'c2:cleanup', 'c1:cleanup']);
	});

	it('with bail, skips the rest after a failure but still cleans up', async () => {
		const ran = await runMarkdown(sh('fail', 'false') + sh('skipped', 'touch nope') + sh('clean', 'echo cleaned', 'cleanup'), {bail: true});
		expect(status(ran, 'skipped')).toBe('skipped');
		expect(status(ran, 'clean')).toBe('passed');
		expect(existsSync(path.join(ran.dir, 'nope'))).toBe(false);
	});

	it('runs cleanup and stops background steps when the run is stopped', async () => {
		const ran = await runMarkdown(
			sh('bg', 'echo $BASHPID > bgpid; sleep 100', 'background') + sh('long', 'sleep 100') + sh('never', 'touch never') + sh('clean', 'echo cleaned > cleaned', 'cleanup'),
			{},
			(handle, event) => {
				if (event?.kind === 'step-start' && event.step.name === 'long') handle.stop();
			},
		);
		expect(ran.results.get('long')?.message).toBe('interrupted');
		expect(status(ran, 'never')).toBe('skipped');
		expect(readFileSync(path.join(ran.dir, 'cleaned'), 'utf8')).toBe('cleaned\n');
		expect(isAlive(Number(readFileSync(path.join(ran.dir, 'bgpid'), 'utf8')))).toBe(false);
	});
});

describe('captures', () => {
	it('passes captured values to later steps as data, never as code', async () => {
		const dangerous = "$(touch pwned)'; touch pwned2; echo '`touch pwned3`";
		const ran = await runMarkdown(
			sh('emit', `cat <<'EOF'\nvalue: ${dangerous}\nEOF`) + out('value: {{v:/.*/}}') + sh('use', 'printf "%s\\n" "$v"; ls') + out(`${dangerous}\n...`),
		);
		expect(status(ran, 'use')).toBe('passed');
		expect(ran.results.get('use')?.output).toBe(`${dangerous}\nrunbook.md\n`);
		expect(existsSync(path.join(ran.dir, 'pwned'))).toBe(false);
	});

	it('keeps captured values across a session restart', async () => {
		const ran = await runMarkdown(sh('emit', 'echo id=abc123') + out('id={{id}}') + sh('quit', 'exit 1', 'exit=any') + sh('use', 'echo "$id"') + out('abc123'));
		expect(status(ran, 'use')).toBe('passed');
	});
});

describe('large output', () => {
	it('keeps a bounded head and tail and says it was cut', async () => {
		const ran = await runMarkdown(sh('big', 'head -c 5000000 /dev/zero | tr "\\0" x | fold -w 100; echo end'));
		const result = ran.results.get('big');
		expect(result?.cut).toBe(true);
		expect(result?.output.length).toBeLessThan(3_000_000);
		expect(result?.output).toMatch(/characters of output cut/);
		expect(result?.output.endsWith('end\n')).toBe(true);
	});
});

describe('other shells', () => {
	it.each(['sh', 'zsh'])('keeps state and survives a timeout in %s', async (shell) => {
		const ran = await runMarkdown(
			`---\nshell: ${shell}\n---\n\n` +
				sh('a', 'cd /tmp; x=1; f() { echo "fn $1"; }') +
				sh('b', 'pwd; echo $x; f a; cat') +
				out('/tmp\n1\nfn a') +
				sh('slow', 'sleep 10', 'timeout=300ms') +
				sh('c', 'echo still $x') +
				out('still 1'),
		);
		expect([...ran.results.values()].map((r) => r.status)).toEqual(['passed', 'passed', 'failed', 'passed']);
	});

	it('stops before any step when the shell is not installed', async () => {
		const ran = await runMarkdown(`---\nshell: zsh\n---\n\n${sh('a', 'true')}`, {callerEnv: {PATH: '/nonexistent'}});
		const error = ran.events.find((e) => e.kind === 'run-error');
		expect(error?.kind === 'run-error' && error.message).toContain('`zsh` is not on PATH');
	});
});

describe('the gate', () => {
	it('goes back from the end with atEnd, and runs a step as the gate gives it', async () => {
		let ends = 0;
		const ran = await runMarkdown(sh('count', 'echo x >> n; wc -l < n | tr -d " "') + out('2'), {
			atEnd: async () => (++ends === 1 ? {action: 'goto', index: 0} : {action: 'stop'}),
		});
		expect(ends).toBe(2);
		const ends2 = ran.events.filter((e) => e.kind === 'step-end');
		expect(ends2.map((e) => (e.kind === 'step-end' ? e.result.status : ''))).toEqual(['failed', 'passed']);
	});

	it('uses the step and command the gate answers with', async () => {
		const ran = await runMarkdown(sh('edit', 'echo original') + out('original'), {
			gate: async (step) => {
				if (!step.expected) throw new Error('the step has an expected output');
				return {action: 'run', command: 'echo edited', step: {...step, expected: {...step.expected, text: 'edited'}}};
			},
		});
		expect(ran.results.get('edit')?.status).toBe('passed');
		expect(ran.results.get('edit')?.output).toBe('edited\n');
	});
});

describe('interrupts spare background steps', () => {
	it('does not signal a background step when a later step times out', async () => {
		const ran = await runMarkdown(
			// perl sets its own SIGINT handler, as servers do: a signal would reach it.
			sh('server', `perl -e '$| = 1; $SIG{INT} = sub { open my $f, ">>", "signals"; print $f "got-int\\n"; exit 1 }; print "ready\\n"; sleep 100'`, 'background ready=/ready/') +
				sh('slow', 'sleep 10', 'timeout=300ms'),
		);
		expect(ran.results.get('slow')?.message).toBe('timed out after 300ms');
		// The server ended on the run's SIGTERM; a SIGINT sent before it would have been handled first.
		expect(existsSync(path.join(ran.dir, 'signals'))).toBe(false);
	});
});

describe('a shell that died', () => {
	it('leaves nothing running once the run ends', async () => {
		const ran = await runMarkdown(sh('orphan', 'sleep 314 >/dev/null 2>&1 & echo $! > orphan.pid; kill -9 $$', 'exit=any') + sh('after', 'echo after') + out('after'));
		expect(ran.results.get('after')?.status).toBe('passed');
		const pid = Number(readFileSync(path.join(ran.dir, 'orphan.pid'), 'utf8'));
		expect(isAlive(pid)).toBe(false);
	});
});

describe('what the review and a hostile trial found', () => {
	it('keeps the last output of a step that ends the shell', async () => {
		const quits = Array.from({length: 30}, (_, k) => sh(`quit-${k}`, `echo one; echo last-${k}; exit 3`, 'exit=any')).join('');
		const ran = await runMarkdown(quits);
		for (let k = 0; k < 30; k++) expect(ran.results.get(`quit-${k}`)?.output).toContain(`last-${k}\n`);
	});

	it('fails a step that takes over the prompt hook, instead of hanging', async () => {
		const ran = await runMarkdown(sh('hook', 'PROMPT_COMMAND="echo hi"') + sh('after', 'echo after') + out('after'));
		expect(status(ran, 'hook')).toBe('failed');
		expect(ran.results.get('hook')?.timedOut).toBe(false);
		expect(status(ran, 'after')).toBe('passed');
	});

	it('traces only the step with set -x, also on a stderr of its own', async () => {
		const ran = await runMarkdown(sh('on', 'set -x') + sh('traced', 'echo traced', 'stderr=separate') + out('traced') + sh('off', 'set +x', 'stderr=separate'));
		expect(ran.results.get('traced')?.stderr).toBe('+ echo traced\n');
		expect(ran.results.get('off')?.stderr).toBe('+ set +x\n');
	});

	it('stops waiting for a background step\'s ready line on Ctrl-C', async () => {
		const ran = await runMarkdown(sh('server', 'echo starting; sleep 100', 'background ready=/never/') + sh('next', 'echo next') + out('next'), {}, (handle, event) => {
			if (event?.kind === 'output' && event.step.name === 'server') handle.interrupt();
		});
		expect(ran.results.get('server')?.message).toBe('interrupted');
		expect(status(ran, 'next')).toBe('passed');
	});

	it('lets a cleanup step finish when the run is stopped during it', async () => {
		const ran = await runMarkdown(sh('main', 'echo main') + sh('tidy', 'touch tidy-started; sleep 0.2; echo tidied', 'cleanup') + out('tidied'), {}, (handle, event) => {
			if (event?.kind === 'step-start' && event.step.name === 'tidy') handle.stop();
		});
		expect(status(ran, 'tidy')).toBe('passed');
	});

	it('names the rest of the cleanup as not run when the run is killed during it', async () => {
		const ran = await runMarkdown(sh('main', 'echo main') + sh('second', 'echo second', 'cleanup') + sh('first', 'sleep 100', 'cleanup'), {}, (handle, event) => {
			if (event?.kind === 'step-start' && event.step.name === 'first') handle.kill();
		});
		expect(ran.results.get('first')?.message).toBe('interrupted');
		expect(ran.results.get('second')?.message).toBe('not run: the run was killed');
		expect(ran.events.some((e) => e.kind === 'session-restart')).toBe(false);
	});

	it('ends as could not run when the shell does not start, in its own words', async () => {
		const bin = mkdtempSync(path.join(tmpdir(), 'runbook-fake-shell-'));
		writeFileSync(path.join(bin, 'bash'), '#!/bin/sh\necho "fake bash: broken" >&2\nexit 1\n', {mode: 0o755});
		try {
			const ran = await runMarkdown(sh('a', 'echo a') + sh('b', 'echo b'), {callerEnv: {PATH: `${bin}:${process.env.PATH}`}});
			const end = ran.events.at(-1);
			expect(end?.kind === 'run-end' && end.report.reason).toBe('could-not-run');
			expect(end?.kind === 'run-end' && end.report.error?.message).toContain('fake bash: broken');
			expect(ran.events.filter((e) => e.kind === 'session-restart')).toHaveLength(0);
		} finally {
			rmSync(bin, {recursive: true, force: true});
		}
	});

	it('reads a background step\'s messages without temporary paths', async () => {
		const ran = await runMarkdown(sh('server', 'nosuchtool_xyz; echo listening; sleep 100', 'background ready=/listening/'));
		expect(ran.results.get('server')?.output).toBe('bash: line 1: nosuchtool_xyz: command not found\nlistening\n');
	});
});
