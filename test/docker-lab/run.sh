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
#   RUNBOOK="..."   the runbook command (default: node <repo>/dist/bin.js, built
#                   with `npm run build` first if missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

runs=${LAB_RUNS:-1}
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
trap 'bash "$here/stop.sh"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
t=$(date +%s%N); bash "$here/start.sh"; lab_log "engine started in $(seconds_since "$t")"
t=$(date +%s%N); bash "$here/build-images.sh"; lab_log "images built in $(seconds_since "$t")"

env_args=()
while IFS= read -r kv; do env_args+=(--env "$kv"); done < <(lab_runbook_env)

# What the runbook left behind: containers, services, networks other than
# Docker's own three, swarm mode. Prints one line per thing; nothing when clean.
leftovers() {
  docker ps -a --format 'container {{.Names}}'
  if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
    echo "swarm mode still active"
    docker service ls --format 'service {{.Name}}'
  fi
  docker network ls --format '{{.Name}}' | grep -vxE 'bridge|host|none' | sed 's/^/network /' || true
}

# Remove whatever leftovers() found, so that the next run starts clean.
sweep() {
  docker ps -aq | xargs -r docker rm -f >/dev/null
  if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
    docker swarm leave --force >/dev/null
  fi
  docker network ls --format '{{.Name}}' | grep -vxE 'bridge|host|none' | xargs -r docker network rm >/dev/null || true
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
  [ "$run_status" = 0 ] || status=$run_status
done
if [ "$compare" = 1 ] && [ "$status" = 0 ]; then
  lab_log "pipelined (run 3) against step by step (runs 1 and 2):"
  node "$repo/test/pipeline/same-results.mjs" "$reports/run-1.json" "$reports/run-2.json" "$reports/run-3.json" || status=1
fi
exit "$status"
