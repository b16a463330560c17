#!/usr/bin/env bash
# The three-host runbook in the ssh lab, end to end: start a lab → `runbook test
# runbooks/across-hosts.md` with the lab's ssh configuration → check that the run
# left nothing on the hosts or on this machine → stop the lab (always, even on
# failure or Ctrl-C) → check that the lab left nothing. Exits non-zero if a run
# failed or anything was left behind.
#
# Usage, as root on a Debian machine, from anywhere:
#   bash test/ssh-lab/run.sh [extra `runbook test` options...]
# Environment:
#   SSH_LAB_RUNS=N            run the runbook N times in a row (default 1): each
#                             run must pass and clean up for the next one to pass.
#   SSH_LAB_NAME, SSH_LAB_NET the lab's instance (see lab.sh).
#   RUNBOOK="..."             the runbook command (default: node <repo>/dist/bin.js,
#                             built with `npm run build` first if missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

runs=${SSH_LAB_RUNS:-1}
runbook_file=runbooks/across-hosts.md
if [ -z "${RUNBOOK:-}" ]; then
  if [ ! -f "$repo/dist/bin.js" ]; then
    lab_log "dist/bin.js missing: npm run build"
    (cd "$repo" && npm run build)
  fi
  RUNBOOK="node $repo/dist/bin.js"
fi

trap 'bash "$here/stop.sh"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
config=$(bash "$here/start.sh")

# A node's firewall rules: its rules, chains of its own and policies other
# than ACCEPT, without counters (a table that iptables made empty, or kept
# after its last rule was deleted, is no rule).
rules() {
  ip netns exec "$(lab_netns "$1")" iptables-save |
    { grep -E '^(-A|:)' || true; } |
    { grep -vE '^:(INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) ACCEPT ' || true; } |
    sed 's/ \[[0-9]*:[0-9]*\]$//'
}
# Each node's firewall, as the run found it, to compare with what it leaves.
declare -A rules_before
for node in "${SSH_LAB_NODES[@]}"; do rules_before[$node]=$(rules "$node"); done

# The runbook's folders already on this machine (the hosts share its files):
# another run's (a person trying the runbook meanwhile) are not this run's.
folders_before=$(for folder in /tmp/across-hosts*; do if [ -e "$folder" ]; then echo "$folder"; fi; done)

# What a run left: processes on a host other than its sshd listener (the sshd of
# a session that just closed may take a moment to end: waited for, up to 10 s),
# firewall rules that were not there before, the runbook's folders that were
# not there before, and ssh processes on this machine that use the lab's
# configuration (control masters).
leftovers() {
  local node ns pid others
  for node in "${SSH_LAB_NODES[@]}"; do
    ns=$(lab_netns "$node")
    for _ in $(seq 1 100); do
      others=
      for pid in $(ip netns pids "$ns"); do
        [ "$pid" = "$(cat "$SSH_LAB_STATE/$node/sshd.pid")" ] && continue
        others+="$pid "
      done
      [ -z "$others" ] && break
      sleep 0.1
    done
    for pid in $others; do
      echo "$node: process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
    done
    diff <(printf '%s' "${rules_before[$node]}") <(rules "$node") |
      grep '^[<>]' | sed "s/^/$node: iptables /" || true
  done
  for folder in /tmp/across-hosts*; do
    if [ -e "$folder" ] && ! grep -qxF -- "$folder" <<<"$folders_before"; then echo "folder $folder"; fi
  done
  pgrep -a -f -- "-F $config" | sed 's/^/this machine: process /' || true
}

status=0
cd "$repo"
for run in $(seq 1 "$runs"); do
  lab_log "run $run/$runs: $RUNBOOK test $runbook_file --ssh-config $config $*"
  run_status=0
  # shellcheck disable=SC2086 # RUNBOOK is a command line
  $RUNBOOK test "$runbook_file" --ssh-config "$config" "$@" || run_status=$?
  lab_log "run $run/$runs: exit status $run_status"
  left=$(leftovers)
  if [ -n "$left" ]; then
    lab_log "run $run/$runs left things behind:"
    printf '%s\n' "$left" | sed 's/^/  /' >&2
    [ "$run_status" != 0 ] || run_status=1
  fi
  [ "$run_status" = 0 ] || status=$run_status
done

trap - EXIT
bash "$here/stop.sh"
left=$(lab_traces)
if [ -n "$left" ]; then
  lab_log "stop.sh left things behind:"
  printf '%s\n' "$left" | sed 's/^/  /' >&2
  status=1
fi
exit "$status"
