#!/usr/bin/env bash
# Stops the Docker lab's two hosts (hosts-start.sh): each dockerd (its containerd
# and containers with it), each sshd and whatever else runs in their network
# namespaces, then the namespaces (their links go with them), this machine's leg
# on the bridge, and the hosts' folders (data roots, keys). Idempotent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

# wait_gone PID...: up to 30 s for the processes to end; then SIGKILL.
wait_gone() {
  local pid
  for _ in $(seq 1 300); do
    local alive=
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -n "$alive" ] || return 0
    sleep 0.1
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      lab_log "pid $pid still running after 30s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

pids=()
for host in $LAB_HOSTS; do
  if lab_host_running "$host"; then
    pid=$(cat "$LAB_HOSTS_DIR/$host/dockerd.pid")
    lab_log "$host: stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    pids+=("$pid")
  fi
done
[ "${#pids[@]}" = 0 ] || wait_gone "${pids[@]}"
# sshd, its sessions, anything else still in a host's network namespace.
for host in $LAB_HOSTS; do
  ns=$(lab_host_netns "$host")
  [ -e "/run/netns/$ns" ] || continue
  mapfile -t pids < <(ip netns pids "$ns")
  if [ "${#pids[@]}" -gt 0 ]; then
    lab_log "$host: stopping its sshd and what else runs there (pids ${pids[*]})"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait_gone "${pids[@]}"
  fi
  ip netns del "$ns"
done
# The hosts' cgroups (dockerd --cgroup-parent): a container whose engine was
# killed would still run there; then the folders, deepest first.
for host in $LAB_HOSTS; do
  mapfile -t groups < <(find /sys/fs/cgroup/*/"$(lab_host_netns "$host")" -depth -type d 2>/dev/null)
  [ "${#groups[@]}" -gt 0 ] || continue
  mapfile -t pids < <(cat "${groups[@]/%//cgroup.procs}" 2>/dev/null | sort -u)
  if [ "${#pids[@]}" -gt 0 ]; then
    lab_log "$host: stopping its containers' processes (pids ${pids[*]})"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait_gone "${pids[@]}"
  fi
  rmdir "${groups[@]}"
done
# This machine's leg before the bridge's namespace: a namespace's links go with
# it some time after `ip netns del` returns, and a link asked for meanwhile may
# be gone by the time it is deleted.
if ip link show "$LAB_HOSTS_LINK" >/dev/null 2>&1; then ip link del "$LAB_HOSTS_LINK"; fi
if [ -e "/run/netns/$LAB_HOSTS_SWITCH" ]; then ip netns del "$LAB_HOSTS_SWITCH"; fi
rm -rf "$LAB_HOSTS_DIR"
rmdir --ignore-fail-on-non-empty "$(dirname "$LAB_HOSTS_DIR")" 2>/dev/null || true
lab_log "hosts stopped"
