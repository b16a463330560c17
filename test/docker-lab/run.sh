#!/usr/bin/env bash
# The Docker test lab, end to end: install → start the engine → build the images →
# `runbook test runbooks/docker-network.md` with the lab's parameters → check that
# the runbook left nothing behind → stop the engine (always, even on failure or
# Ctrl-C). Exits non-zero if the runbook failed or left something behind.
#
# Usage, as root on a Debian machine, from anywhere:
#   bash test/docker-lab/run.sh [extra `runbook test` options...]
# Environment:
#   LAB_RUNS=N      run the runbook N times in a row (default 1): each run must
#                   pass and clean up after itself for the next one to pass.
#   LAB_HOSTS_FORM=two  the runbook's two-host form: the lab's two hosts
#                   (hosts-start.sh) are its `manager` and `worker`, reached over
#                   ssh, and its overlay section spans them (default: one, every
#                   step on this machine's engine).
#   RUNBOOK="..."   the runbook command (default: node <repo>/dist/bin.js, built
#                   with `npm run build` first if missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

runs=${LAB_RUNS:-1}
form=${LAB_HOSTS_FORM:-one}
case $form in
  one | two) ;;
  *) lab_log "LAB_HOSTS_FORM=$form: one or two"; exit 2 ;;
esac
# LAB_COMPARE=1: three runs, step by step twice (--no-pipeline) then pipelined,
# each with a JSON report, compared at the end (test/pipeline/same-results.mjs):
# pipelining changes no result, output or capture.
compare=${LAB_COMPARE:-0}
if [ "$compare" = 1 ]; then
  runs=3
  reports=$(mktemp -d)
fi
if [ -z "${RUNBOOK:-}" ]; then
  if [ ! -f "$repo/dist/bin.js" ]; then
    lab_log "dist/bin.js missing: npm run build"
    (cd "$repo" && npm run build)
  fi
  RUNBOOK="node $repo/dist/bin.js"
fi

seconds_since() { echo $(( ($(date +%s%N) - $1) / 1000000 ))ms; }

bash "$here/install.sh"
# Stop the engine however this script ends: an INT or TERM becomes an exit,
# so that the EXIT trap runs for them too.
# The compared reports' folder (LAB_COMPARE) goes too.
trap 'bash "$here/stop.sh"; if [ -n "${reports:-}" ]; then rm -rf "$reports"; fi' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
t=$(date +%s%N); bash "$here/start.sh"; lab_log "engine started in $(seconds_since "$t")"
t=$(date +%s%N); bash "$here/build-images.sh"; lab_log "images built in $(seconds_since "$t")"

env_args=()
while IFS= read -r kv; do env_args+=(--env "$kv"); done < <(lab_runbook_env)
# The engines the runbook uses: this machine's ("local"), and the two hosts' in
# the two-host form.
engines=(local)
if [ "$form" = two ]; then
  t=$(date +%s%N); bash "$here/hosts-start.sh" >/dev/null; lab_log "hosts started in $(seconds_since "$t")"
  while IFS= read -r arg; do env_args+=("$arg"); done < <(lab_hosts_runbook_args)
  # shellcheck disable=SC2206 # a list of names
  engines+=($LAB_HOSTS)
fi

# on ENGINE ARGS...: the docker client, talking to ENGINE.
on() {
  local engine=$1
  shift
  if [ "$engine" = local ]; then docker "$@"; else lab_host_docker "$engine" "$@"; fi
}

# What the runbook left behind on ENGINE: containers, services, networks other
# than Docker's own three, swarm mode. Prints one line per thing; nothing when clean.
leftovers_on() {
  on "$1" ps -a --format 'container {{.Names}}'
  if [ "$(on "$1" info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
    echo "swarm mode still active"
    if [ "$(on "$1" info --format '{{.Swarm.ControlAvailable}}')" = true ]; then
      on "$1" service ls --format 'service {{.Name}}'
    fi
  fi
  on "$1" network ls --format '{{.Name}}' | grep -vxE 'bridge|host|none' | sed 's/^/network /' || true
}
# The same for every engine, each line prefixed with the engine's name.
leftovers() {
  local engine
  for engine in "${engines[@]}"; do leftovers_on "$engine" | sed "s/^/$engine: /"; done
}

# Remove whatever leftovers() found, so that the next run starts clean.
sweep() {
  local engine ids
  for engine in "${engines[@]}"; do
    mapfile -t ids < <(on "$engine" ps -aq)
    [ "${#ids[@]}" = 0 ] || on "$engine" rm -f "${ids[@]}" >/dev/null
    if [ "$(on "$engine" info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
      on "$engine" swarm leave --force >/dev/null
    fi
    mapfile -t ids < <(on "$engine" network ls --format '{{.Name}}' | grep -vxE 'bridge|host|none')
    [ "${#ids[@]}" = 0 ] || on "$engine" network rm "${ids[@]}" >/dev/null || true
  done
}

if [ -n "$(leftovers)" ]; then
  lab_log "the engine is not clean before the first run (an earlier run was killed?):"
  leftovers | sed 's/^/  /' >&2
  sweep
fi

status=0
cd "$repo"
for run in $(seq 1 "$runs"); do
  run_args=()
  if [ "$compare" = 1 ]; then
    [ "$run" = 3 ] || run_args+=(--no-pipeline)
    run_args+=(--reporter pretty --reporter json "--output-file.json=$reports/run-$run.json")
  fi
  lab_log "run $run/$runs: $RUNBOOK test runbooks/docker-network.md ${env_args[*]} ${run_args[*]} $*"
  t=$(date +%s%N)
  run_status=0
  # shellcheck disable=SC2086 # RUNBOOK is a command line
  $RUNBOOK test runbooks/docker-network.md "${env_args[@]}" "${run_args[@]}" "$@" || run_status=$?
  lab_log "run $run/$runs: exit status $run_status after $(seconds_since "$t")"
  left=$(leftovers)
  if [ -n "$left" ]; then
    lab_log "run $run/$runs left things behind:"
    printf '%s\n' "$left" | sed 's/^/  /' >&2
    sweep
    [ "$run_status" != 0 ] || run_status=1
  fi
  if [ "$run_status" != 0 ] && [ "$form" = two ]; then
    for host in $LAB_HOSTS; do
      lab_log "$host: the last lines of its sshd's log:"
      tail -n 20 "$LAB_HOSTS_DIR/$host/sshd.log" | sed 's/^/  /' >&2 || true
    done
  fi
  [ "$run_status" = 0 ] || status=$run_status
done
if [ "$compare" = 1 ] && [ "$status" = 0 ]; then
  lab_log "pipelined (run 3) against step by step (runs 1 and 2):"
  node "$repo/test/pipeline/same-results.mjs" "$reports/run-1.json" "$reports/run-2.json" "$reports/run-3.json" || status=1
fi
exit "$status"
