#!/usr/bin/env bash
# Stops the Docker test lab: the two hosts (hosts-stop.sh), the lab's dockerd
# (and the containerd it started), then the lab's network plumbing.
# Idempotent: what is already gone is skipped.
# The images and /var/lib/docker stay, so that the next build is cached.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

# The two hosts first (hosts-start.sh), if they run: they took their images from
# this engine, and their links hang off their own namespaces.
bash "$here/hosts-stop.sh"

if lab_dockerd_running; then
  pid=$(cat "$LAB_PIDFILE")
  lab_log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  # dockerd stops its containers (10 s grace each, in parallel) and containerd.
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    lab_log "dockerd still running after 30s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$LAB_PIDFILE"

# dockerd's iptables rules and chains stay after it exits too (inert without its
# bridges); the next dockerd makes them again. Delete the rules of the built-in
# chains that jump to Docker's chains or name its bridges, then those chains.
for table in filter nat; do
  iptables -t "$table" -S 2>/dev/null |
    grep -E '^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) .*(DOCKER|docker0|docker_gwbridge)' |
    while read -r -a rule; do
      iptables -t "$table" -D "${rule[@]:1}"
    done || true
  chains=$(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^DOCKER/ {print $2}')
  for chain in $chains; do iptables -t "$table" -F "$chain"; done
  for chain in $chains; do iptables -t "$table" -X "$chain"; done
done

# The bridges dockerd made stay after it exits; the next dockerd makes them again.
for link in docker0 docker_gwbridge; do
  if ip link show "$link" >/dev/null 2>&1; then ip link del "$link"; fi
done

# Deleting a veth end deletes its peer; deleting the namespace deletes the rest.
for link in "$LAB_MACVLAN_PARENT" "$LAB_SWARM_IFACE"; do
  if ip link show "$link" >/dev/null 2>&1; then ip link del "$link"; fi
done
if [ -e "/run/netns/$LAB_NETNS" ]; then ip netns del "$LAB_NETNS"; fi
lab_log "stopped"
