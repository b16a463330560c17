#!/usr/bin/env bash
# Starts the Docker lab's two hosts, docker1 and docker2: each a Docker engine in
# network, mount and UTS namespaces of its own, with an sshd, joined by a bridge
# (see lab.sh). Loads the lab's two images into each from start.sh's engine
# (`docker save | docker load`: built once), so start.sh and build-images.sh come
# first. Prints the path of the ssh configuration that names the hosts.
# Idempotent: a host already running is kept.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
# shellcheck source-path=SCRIPTDIR source=../ssh-lab/ssh-files.sh
. "$here/../ssh-lab/ssh-files.sh"
lab_require_root
if ! lab_dockerd_running; then
  lab_log "start.sh's engine is not running: the hosts take their images from it (start.sh, build-images.sh first)"
  exit 1
fi
mkdir -p "$LAB_HOSTS_DIR"

# --- network: a bridge in its own namespace, one leg per host and one here ------
sw=$LAB_HOSTS_SWITCH
[ -e "/run/netns/$sw" ] || ip netns add "$sw"
ip -n "$sw" link set lo up
ip -n "$sw" link show br0 >/dev/null 2>&1 || ip -n "$sw" link add br0 type bridge
ip -n "$sw" link set br0 up
if ! ip link show "$LAB_HOSTS_LINK" >/dev/null 2>&1; then
  ip link add "$LAB_HOSTS_LINK" type veth peer name here netns "$sw"
  ip addr add "$LAB_HOSTS_LINK_ADDR/24" dev "$LAB_HOSTS_LINK"
fi
ip -n "$sw" link set here master br0 up
ip link set "$LAB_HOSTS_LINK" up
for host in $LAB_HOSTS; do
  ns=$(lab_host_netns "$host")
  [ -e "/run/netns/$ns" ] || ip netns add "$ns"
  ip -n "$ns" link set lo up
  if ! ip -n "$sw" link show "$host" >/dev/null 2>&1; then
    ip -n "$sw" link add "$host" type veth peer name eth0 netns "$ns"
    ip -n "$ns" addr add "$(lab_host_addr "$host")/24" dev eth0
  fi
  ip -n "$sw" link set "$host" master br0 up
  ip -n "$ns" link set eth0 up
done

# --- ssh: the ssh lab's files (a client key, a host key each, known_hosts, the
# hosts' sshd configurations and the client's), made once per start ------------
keys=$LAB_HOSTS_DIR/ssh
if [ ! -s "$LAB_HOSTS_SSH_CONFIG" ]; then
  rm -rf "$keys"
  mkdir -m 0700 -p "$keys"
  ssh_files_client "$keys/id_ed25519" "$keys/authorized_keys" "$keys/known_hosts" docker-lab
  aliases=()
  for host in $LAB_HOSTS; do
    dir=$LAB_HOSTS_DIR/$host
    mkdir -p "$dir"
    rm -f "$dir/ssh_host_ed25519_key"*
    ssh_files_host "$host" "$(lab_host_addr "$host")" "$dir" "$keys/authorized_keys" "$keys/known_hosts" \
      "sshd of the Docker lab's host $host (test/docker-lab/hosts-start.sh)"
    aliases+=("$host=$(lab_host_addr "$host")")
  done
  ssh_files_client_config "$LAB_HOSTS_SSH_CONFIG.tmp" "$keys/id_ed25519" "$keys/known_hosts" \
    "The Docker lab's two hosts (test/docker-lab/hosts-start.sh): ssh -F $LAB_HOSTS_SSH_CONFIG docker1" "$LAB_HOSTS_NET.*" "${aliases[@]}"
  mv "$LAB_HOSTS_SSH_CONFIG.tmp" "$LAB_HOSTS_SSH_CONFIG"
fi

# --- the engines, in parallel --------------------------------------------------
started=$(date +%s%N)
for host in $LAB_HOSTS; do
  dir=$LAB_HOSTS_DIR/$host
  if lab_host_running "$host"; then
    lab_log "$host: already running (dockerd pid $(cat "$dir/dockerd.pid"))"
    continue
  fi
  # setsid: out of the caller's session (its Ctrl-C); nsenter enters the network
  # namespace, unshare makes the mount and UTS ones; neither forks, so $! is the
  # process that becomes dockerd.
  setsid nsenter --net="/run/netns/$(lab_host_netns "$host")" \
    unshare --mount --uts --propagation private \
    bash "$here/host-init.sh" "$host" "$dir" </dev/null >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/dockerd.pid"
done
# engine_is HOST: the engine answering in HOST's namespaces is HOST's own (named
# after its hostname). Until host-init.sh has mounted its own /run there, the
# socket at /run/docker.sock is start.sh's engine: its name is this machine's.
engine_is() { [ "$(lab_host_docker "$1" info --format '{{.Name}}' 2>/dev/null)" = "$1" ]; }
for host in $LAB_HOSTS; do
  dir=$LAB_HOSTS_DIR/$host
  for _ in $(seq 1 600); do
    engine_is "$host" && break
    if ! lab_host_running "$host"; then
      lab_log "$host: dockerd exited; last lines of its log:"
      tail -n 30 "$dir/dockerd.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  if ! engine_is "$host"; then
    lab_log "$host: dockerd did not answer within 60s; last lines of its log:"
    tail -n 30 "$dir/dockerd.log" >&2
    exit 1
  fi
done
lab_log "hosts' engines answer after $(( ($(date +%s%N) - started) / 1000000 )) ms"

# --- images: saved once, loaded into each ------------------------------------
images="nginx:latest radial/busyboxplus:curl"
# shellcheck disable=SC2086 # a list of names
docker save $images >"$LAB_HOSTS_DIR/images.tar"
for host in $LAB_HOSTS; do
  lab_host_docker "$host" load -q <"$LAB_HOSTS_DIR/images.tar" >/dev/null
done
rm -f "$LAB_HOSTS_DIR/images.tar"

# --- each host answers over ssh, and its docker is its own engine -------------
for host in $LAB_HOSTS; do
  seen=$(ssh -F "$LAB_HOSTS_SSH_CONFIG" -o BatchMode=yes "$host" 'echo "$(hostname) $(docker info --format "{{.Name}}")"')
  if [ "$seen" != "$host $host" ]; then
    lab_log "$host: over ssh, hostname and engine name are '$seen', not '$host $host'"
    exit 1
  fi
done
lab_log "hosts up: $LAB_HOSTS (ssh -F $LAB_HOSTS_SSH_CONFIG NAME)"
echo "$LAB_HOSTS_SSH_CONFIG"
