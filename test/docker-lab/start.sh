#!/usr/bin/env bash
# Starts the Docker test lab: its network plumbing, then a Docker engine in the
# background, and waits until `docker version` answers.
# Idempotent: what already exists is kept; a lab dockerd already running is reused.
#
# Nothing may leave the machine, so:
#   - the macvlan parent is one end of a veth pair whose other end sits, up and
#     unaddressed, in an empty namespace (never the machine's real interface);
#   - swarm advertises and listens on a local-only address on another such pair;
#   - dockerd runs with DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 (swarm tasks use the
#     local image instead of pulling it first) and with HTTP_PROXY/HTTPS_PROXY set
#     to a closed local port (so every registry look-up fails at once, locally);
#   - --ip-forward=false: the host does not route for the containers, so they can
#     reach each other but nothing beyond the machine;
#   - dockerd looks registry host names up (docker.io) before it turns to the
#     proxy, and those DNS queries would go to the machine's resolver: it runs in
#     a mount namespace of its own whose /etc/hosts maps them to 127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root
mkdir -p "$LAB_STATE"

# --- network plumbing -------------------------------------------------------
[ -e "/run/netns/$LAB_NETNS" ] || ip netns add "$LAB_NETNS"
ip -n "$LAB_NETNS" link set lo up

# make_veth HOST_END PEER_END: a veth pair, the peer up and unaddressed in $LAB_NETNS.
make_veth() {
  local end=$1 peer=$2
  if ! ip link show "$end" >/dev/null 2>&1; then
    ip link add "$end" type veth peer name "$peer" netns "$LAB_NETNS"
  fi
  ip -n "$LAB_NETNS" link set "$peer" up
  ip link set "$end" up
}
make_veth "$LAB_MACVLAN_PARENT" "$LAB_MACVLAN_PEER"
make_veth "$LAB_SWARM_IFACE" "$LAB_SWARM_PEER"
if ! ip -4 -o addr show dev "$LAB_SWARM_IFACE" | grep -q " $LAB_SWARM_ADDR/"; then
  ip addr add "$LAB_SWARM_ADDR/$LAB_SWARM_PREFIX" dev "$LAB_SWARM_IFACE"
fi

# --- the engine -------------------------------------------------------------
if lab_dockerd_running; then
  lab_log "dockerd already running (pid $(cat "$LAB_PIDFILE"))"
else
  if docker version >/dev/null 2>&1; then
    lab_log "another Docker engine answers on this machine; stop it first (the lab needs its own)"
    exit 1
  fi
  # A dockerd killed without cleanup leaves its pid files behind; dockerd refuses
  # to start while /var/run/docker.pid names a live process, and that check is
  # enough: a stale file of a dead one is replaced.
  lab_log "starting dockerd (log: $LAB_LOG)"
  started=$(date +%s%N)
  hosts=$LAB_STATE/hosts
  { cat /etc/hosts; echo "127.0.0.1 $LAB_REGISTRY_NAMES"; } >"$hosts"
  # setsid: its own session, so that the caller's Ctrl-C does not reach it and
  # stop.sh decides when it ends. unshare --mount: a private mount namespace, in
  # which $hosts is bind-mounted on /etc/hosts for dockerd (and its children)
  # alone; it goes away with dockerd.
  # shellcheck disable=SC2016 # $1 and $@ are for the inner sh
  env DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 \
    HTTP_PROXY="$LAB_DEAD_PROXY" HTTPS_PROXY="$LAB_DEAD_PROXY" \
    http_proxy="$LAB_DEAD_PROXY" https_proxy="$LAB_DEAD_PROXY" \
    NO_PROXY= no_proxy= \
    setsid unshare --mount --propagation private \
    sh -c 'mount --bind "$1" /etc/hosts && shift && exec dockerd "$@"' sh "$hosts" \
    --pidfile "$LAB_PIDFILE" --ip-forward=false \
    </dev/null >"$LAB_LOG" 2>&1 &
  # Wait for the API (dockerd writes its pid file early, so poll `docker version`).
  for _ in $(seq 1 600); do
    if docker version >/dev/null 2>&1; then break; fi
    if ! kill -0 $! 2>/dev/null; then
      lab_log "dockerd exited; last lines of its log:"
      tail -n 30 "$LAB_LOG" >&2
      exit 1
    fi
    sleep 0.1
  done
  if ! docker version >/dev/null 2>&1; then
    lab_log "dockerd did not answer within 60s; last lines of its log:"
    tail -n 30 "$LAB_LOG" >&2
    exit 1
  fi
  lab_log "dockerd answers after $(( ($(date +%s%N) - started) / 1000000 )) ms"
fi
docker version --format 'docker-lab: engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}' >&2
