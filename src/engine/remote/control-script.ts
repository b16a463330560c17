import {runCookie, stepCookie} from '../shells.js';
import {startTimeSlackMs} from '../process-table.js';
import type {Rung} from '../terminate.js';

/**
 * The script that stops processes on a remote host, run there over a second
 * channel of the session's connection (`sh -c SCRIPT`): POSIX sh, awk, grep
 * and Linux `/proc`, nothing to install. It is the remote twin of
 * `step-processes.ts`, `end-of-run.ts` and `terminate.ts`'s `climb`: the same
 * rules for what a step started, the same ladders (the rungs, with their
 * delays, are `terminate.ts`'s, handed over as data), the same stop-all-then-
 * kill at SIGKILL; and of `watchdog.ts`'s script.
 *
 * It prints `up` as it starts; its parameters come then, as the first line
 * of its input, never on a command line (`ps` shows those):
 * `KIND RUN COOKIE SHELLS SPARED MINE AGO RUNGS`, lists comma-separated,
 * `-` for an empty one:
 *
 * - `interrupt`: a foreground step (Ctrl-C, timeout). SIGINT goes to the
 *   shell too (it aborts the line) and, as a terminal's, only to the step's
 *   processes in the shell's process group; each rung waits until its time
 *   is over (the local side ends the channel when the shell is back at its
 *   prompt: the step's end frame). `quiet` is printed when a rung has found
 *   nothing alive for a while (the local side then nudges the shell). After
 *   the ladder and one more grace period, a shell still not back holds the
 *   step itself and gets SIGKILL. A line `int` on the input is a second
 *   Ctrl-C.
 * - `step`: what a timed-out or interrupted step left, after it ended.
 * - `background`: a background step (SHELLS holds its pid) and what it
 *   started, by tree and by cookie.
 * - `leftovers`: what the run left on the host; each is printed as
 *   `leftover PID AGE_TICKS COOKIE CMDLINE` before the ladder climbs.
 * - `watchdog`: reads lines `shell PID` and `dir PATH` until its input ends
 *   (runbook ended, however), then removes the folders (first: nothing the
 *   run left needs its step files once they are open, and the grace below
 *   may be cut short when the host goes down) and stops what the run left
 *   (SIGTERM, GRACE seconds in RUNGS, SIGKILL).
 *
 * Which processes are a step's, on the host (as `step-processes.ts`): those
 * with the step's cookie, and those in a session shell's session that
 * started since the step began (AGO: hundredths of a second before the
 * script said `up`, measured on this machine when that line came, so that
 * no clock is compared across hosts and the time the channel took to open,
 * a few tenths of a second on a busy machine, does not count: the step is
 * seen to begin a little early, never late), but for those below SPARED (background steps) and those
 * with another step's cookie. Leftovers: processes in a session shell's
 * session and processes with the cookie of a step on this host (MINE, step
 * indexes), but for `detach` steps' (SPARED, step indexes): on a lab host
 * that shares this machine's process table, the local steps' processes are
 * not named twice.
 */
const script = String.raw`
trap '' HUP PIPE
now() { read -r u _ < /proc/uptime; echo $(( \${u%.*} * 100 + 1\${u#*.} - 100 )); }
up=$(now); echo up
read -r kind run cookie shells spared mine ago rungs || exit 0
[ "$kind" = watchdog ] || trap '' INT
since=$(( up - ago ))
select='
BEGIN {
  n = split(shells, a, ","); for (i = 1; i <= n; i++) shell[a[i]] = 1
  n = split(spared, a, ","); for (i = 1; i <= n; i++) sparedSet[a[i]] = 1
  n = split(mine, a, ","); for (i = 1; i <= n; i++) mineSet[a[i]] = 1
  session = run "/session"
}
$1 == "m" { mark[$2] = $3; next }
$1 == "r" { inrun[$2] = 1; next }
$1 == "t" {
  if ($3 == "Z" || $3 == "X") next
  p = $2; alive[p] = 1; pgid[p] = $5; sid[p] = $6; start[p] = $22; kids[$4] = kids[$4] " " p
}
function under(root, into,   q, h, t, p, n, a, i) {
  if (!(root in alive)) return
  h = 0; t = 0; q[t++] = root
  while (h < t) { p = q[h++]; if (p in into) continue; into[p] = 1; n = split(kids[p], a, " "); for (i = 1; i <= n; i++) q[t++] = a[i] }
}
function index_of(m) { return substr(m, length(run) + 2) }
END {
  if (kind == "interrupt" || kind == "step") {
    for (r in sparedSet) under(r, sp)
    for (s in shell) sp[s] = 1
    for (p in mark) if (mark[p] == cookie) own[p] = 1; else if (mark[p] != session) sp[p] = 1
    for (p in alive) if (((p in own) || ((sid[p] in shell) && start[p] >= since)) && !(p in sp) && (sig != "INT" || (pgid[p] in shell))) print p
  } else if (kind == "background") {
    for (s in shell) under(s, got)
    for (p in mark) if (mark[p] == cookie && (p in alive)) got[p] = 1
    for (p in got) print p
  } else if (kind == "leftovers") {
    for (p in alive) {
      if (p in shell) continue
      m = (p in mark) ? mark[p] : ""
      ours = m != "" && m != session
      if (ours && (index_of(m) in sparedSet)) continue
      if ((sid[p] in shell) || (ours && (index_of(m) in mineSet))) print p, start[p], (m == "" ? "-" : m)
    }
  } else {
    for (p in alive) {
      m = (p in mark) ? mark[p] : ""
      if ((p in inrun) || (p in shell) || ((sid[p] in shell) && (m == "" || m == session))) print p
    }
  }
}'
find() {
  {
    grep -Hzoa "^${stepCookie}=$run/[^[:cntrl:]]*" /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | sed -n "s,^/proc/\([0-9]*\)/environ:${stepCookie}=,m \1 ,p"
    [ "$kind" = watchdog ] && grep -lzx "${runCookie}=$run" /proc/[0-9]*/environ 2>/dev/null | sed -n 's,^/proc/\([0-9]*\)/environ$,r \1,p'
    for d in /proc/[0-9]*; do { read -r l < $d/stat; } 2>/dev/null && echo "t \${d#/proc/} \${l##*) }"; done
  } | awk -v kind="$kind" -v run="$run" -v cookie="$cookie" -v shells="$shells" -v spared="$spared" -v mine="$mine" -v since="$since" -v sig="$1" "$select" | { [ "$kind" = leftovers ] && [ "$2" != full ] && cut -d' ' -f1 || cat; }
}
alive() {
  for p in "$@"; do
    { read -r l < /proc/$p/stat; } 2>/dev/null || continue
    case \${l##*) } in Z*|X*) ;; *) return 0;; esac
  done
  return 1
}
kill_all() {
  seen=' '; round=0
  while [ $round -lt 5 ]; do
    fresh=
    for p in $(find KILL); do case "$seen" in *" $p "*) ;; *) fresh="$fresh $p"; seen="$seen$p ";; esac; done
    [ -n "$fresh" ] || break
    kill -STOP $fresh 2>/dev/null
    round=$((round + 1))
  done
  [ "$seen" = ' ' ] && return
  kill -KILL $seen 2>/dev/null; kill -CONT $seen 2>/dev/null
}
climb() {
  for rung in $(echo "$rungs" | tr , ' '); do
    sig=\${rung%:*}; wait=\${rung#*:}
    targets=$(find $sig)
    if [ $sig = KILL ]; then [ -z "$targets" ] || kill_all; break; fi
    [ $kind = interrupt ] && [ $sig = INT ] && kill -INT $shells 2>/dev/null
    last=$(cat /proc/sys/kernel/ns_last_pid 2>/dev/null || echo 0)
    [ -z "$targets" ] || kill -$sig $targets 2>/dev/null
    if [ $kind = interrupt ] && [ $sig = INT ]; then
      for p in $(find INT); do case " $targets " in *" $p "*) ;; *) [ "$p" -gt "$last" ] || kill -INT $p 2>/dev/null;; esac; done
    fi
    [ $kind = interrupt ] || [ -n "$targets" ] || break
    deadline=$(( $(now) + wait )); quiet=0
    while [ $(now) -lt $deadline ]; do
      if alive $(find $sig); then quiet=0
      else
        [ $kind = interrupt ] || break
        quiet=$((quiet + 1)); [ $quiet = 4 ] && echo quiet
      fi
      sleep 0.05
    done
  done
}
case $kind in
interrupt)
  {
    climb
    grace=\${rungs#*:}; grace=\${grace%%,*}; deadline=$(( $(now) + grace ))
    while [ $(now) -lt $deadline ]; do sleep 0.05; done
    kill -KILL $shells 2>/dev/null
  } &
  ladder=$!
  while read -r line; do
    [ "$line" = int ] && kill -INT $shells $(find INT) 2>/dev/null
  done
  kill $ladder 2>/dev/null ;;
leftovers)
  find - full | while read -r pid started mark; do
    echo "leftover $pid $(( $(now) - started )) $mark $(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null)"
  done
  echo named
  climb ;;
watchdog)
  trap '' INT
  dirs=
  while read -r key value; do
    case $key in
    shell) shells="$shells,$value" ;;
    dir) dirs="$dirs
$value" ;;
    esac
  done
  printf '%s\n' "$dirs" | while IFS= read -r dir; do [ -z "$dir" ] || rm -rf -- "$dir"; done
  pids=$(find)
  if [ -n "$pids" ]; then
    kill -TERM $pids 2>/dev/null
    sleep "$rungs"
    pids=$(find)
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
  fi ;;
*) climb ;;
esac
`.replace(/\\\$\{/g, '${');

/** The script's kinds of work (see the module's comment). */
export type ControlKind = 'interrupt' | 'step' | 'background' | 'leftovers' | 'watchdog';

export type ControlParameters = {
	readonly kind: ControlKind;
	/** `RUNBOOK_RUN`'s value. */
	readonly runId: string;
	/** `RUNBOOK_STEP`'s value of the step (`-` when none). */
	readonly cookie?: string;
	/** Remote session shells' pids (for `background`: the background step's pid). */
	readonly shells?: readonly number[];
	/** `interrupt`/`step`: background steps' pids; `leftovers`: `detach` steps' indexes. */
	readonly spared?: readonly number[];
	/** `leftovers`: the indexes of the steps on this host. */
	readonly mine?: readonly number[];
	/** `interrupt`/`step`: when the step began, on this machine's clock (`Date.now()`): AGO is measured from it when the script said `up`. */
	readonly sinceMs?: number;
	/** The ladder (`terminate.ts`); `watchdog`: the seconds between SIGTERM and SIGKILL. */
	readonly rungs?: readonly Rung[] | number;
};

/** Hundredths of a second: the unit of a process's start time in `/proc` (USER_HZ). */
const ticks = (ms: number) => Math.max(0, Math.ceil(ms / 10));

const list = (values: readonly number[] | undefined) => (values && values.length > 0 ? values.join(',') : '-');

/** The first line of the script's input: its parameters (only words without blanks: hex ids, numbers, signal names). */
export function controlParameters(parameters: ControlParameters, nowMs: number = Date.now()): string {
	const {kind, runId, cookie, shells, spared, mine, sinceMs, rungs} = parameters;
	// Within the clocks' slack, a process may have started a little before its step was seen to begin.
	const ago = ticks((sinceMs === undefined ? 0 : nowMs - sinceMs) + startTimeSlackMs);
	const ladder = typeof rungs === 'number' ? String(rungs) : (rungs ?? []).map((rung) => `${rung.signal.replace(/^SIG/, '')}:${ticks(rung.thenWaitMs)}`).join(',') || '-';
	return [kind, runId, cookie ?? '-', list(shells), list(spared), list(mine), String(ago), ladder].join(' ');
}

/** The command the remote login shell is given: the script, as `sh -c` runs it. */
export const controlCommand = `sh -c '${script.replace(/'/g, `'\\''`)}' runbook-control`;
