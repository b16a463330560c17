#!/usr/bin/env bash
# Starts an ssh lab: three hosts node1..node3, each a network namespace running
# its own sshd, joined by a bridge (see lab.sh for the addresses), with a client
# key, host keys and a known_hosts made for this lab. Prints the path of the
# lab's ssh configuration, or with --env the lines to eval:
#
#     export RUNBOOK_SSH_CONFIG=/run/runbook-ssh-lab/lab/ssh_config
#     export SSH_LAB_NAME=lab SSH_LAB_NET=10.200.13
#
# Then `ssh -F "$RUNBOOK_SSH_CONFIG" node1` logs in as root on node1, its host
# key checked. Nothing under /root/.ssh or /etc/ssh is read or written.
#
# A lab already whole is kept (its path printed again). What is left of a lab
# that did not start whole (or whose sshd died) is removed and the lab started
# afresh. Exit status 3: the net is in use (by another lab or on this machine);
# 1: anything else. A start that fails removes what it made.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
# shellcheck source-path=SCRIPTDIR source=ssh-files.sh
. "$here/ssh-files.sh"

print_env=0
case "${1-}" in
  --env) print_env=1 ;;
  '') ;;
  *) printf 'usage: start.sh [--env]   (settings: SSH_LAB_NAME, SSH_LAB_NET)\n' >&2; exit 2 ;;
esac

lab_require_root
lab_check_settings
sshd_bin=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$sshd_bin" ] || lab_fail "needs sshd (apt-get install openssh-server)"
for command in ip ssh ssh-keygen flock; do
  command -v "$command" >/dev/null || lab_fail "needs $command on PATH"
done

announce() {
  if [ "$print_env" = 1 ]; then
    printf 'export RUNBOOK_SSH_CONFIG=%s\n' "$SSH_LAB_CONFIG"
    printf 'export SSH_LAB_NAME=%s SSH_LAB_NET=%s\n' "$SSH_LAB_NAME" "$SSH_LAB_NET"
  else
    printf '%s\n' "$SSH_LAB_CONFIG"
  fi
}

lab_lock

if [ -e "$SSH_LAB_READY" ] && lab_sshd_all_running; then
  [ "$(cat "$SSH_LAB_STATE/net")" = "$SSH_LAB_NET" ] ||
    lab_fail "already running on $(cat "$SSH_LAB_STATE/net").0/24, not $SSH_LAB_NET.0/24: stop it first"
  lab_log "already running"
  announce
  exit 0
fi
if lab_exists; then
  lab_log "removing what is left of a lab that is not whole"
  lab_teardown
  lab_lock
fi

# --- the claim on the net ----------------------------------------------------
claim=$SSH_LAB_CLAIMS/$SSH_LAB_NET
if [ -f "$claim/name" ]; then
  lab_log "$SSH_LAB_NET.0/24 is taken by the lab '$(cat "$claim/name")'"
  exit 3
fi
if [ -n "$(ip -4 route show root "$SSH_LAB_NET.0/24")$(ip -4 route show match "$SSH_LAB_NET.1" | grep -v '^default')" ]; then
  lab_log "$SSH_LAB_NET.0/24 is in use on this machine: $(ip -4 route show match "$SSH_LAB_NET.1" | grep -v '^default' | head -n 1)"
  exit 3
fi
mkdir -p "$claim"
printf '%s\n' "$SSH_LAB_NAME" >"$claim/name"
mkdir -m 0700 "$SSH_LAB_STATE"
printf '%s\n' "$SSH_LAB_NET" >"$SSH_LAB_STATE/net"

whole=0
# shellcheck disable=SC2317 # called by the trap
on_exit() {
  if [ "$whole" != 1 ]; then
    lab_log "start failed: removing what it made"
    lab_teardown
  fi
}
trap on_exit EXIT

# --- keys ----------------------------------------------------------------------
ssh_files_client "$SSH_LAB_KEY" "$SSH_LAB_AUTHORIZED_KEYS" "$SSH_LAB_KNOWN_HOSTS" "runbook-ssh-lab-$SSH_LAB_NAME"

# --- the network -------------------------------------------------------------------
ip link add "$SSH_LAB_BRIDGE" type bridge
ip addr add "$SSH_LAB_NET.1/24" dev "$SSH_LAB_BRIDGE"
ip link set "$SSH_LAB_BRIDGE" up
for node in "${SSH_LAB_NODES[@]}"; do
  ns=$(lab_netns "$node")
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "$(lab_port "$node")" type veth peer name eth0 netns "$ns"
  ip link set "$(lab_port "$node")" master "$SSH_LAB_BRIDGE" up
  ip -n "$ns" addr add "$(lab_address "$node")/24" dev eth0
  ip -n "$ns" link set eth0 up
done
ns1=$(lab_netns node1) ns2=$(lab_netns node2) ns3=$(lab_netns node3)
# link NS IFACE ADDRESS PEER_NS PEER_IFACE PEER_ADDRESS: a veth pair between two nodes.
link() {
  ip -n "$1" link add "$2" type veth peer name "$5" netns "$4"
  ip -n "$1" addr add "$3/24" dev "$2"
  ip -n "$4" addr add "$6/24" dev "$5"
  ip -n "$1" link set "$2" up
  ip -n "$4" link set "$5" up
}
link "$ns1" eth1 192.168.13.1 "$ns3" eth1 192.168.13.3
link "$ns2" eth1 192.168.23.2 "$ns3" eth2 192.168.23.3
ip -n "$ns1" route add 192.168.23.0/24 via 192.168.13.3
ip -n "$ns2" route add 192.168.13.0/24 via 192.168.23.3
ip netns exec "$ns3" sysctl -qw net.ipv4.ip_forward=1

# --- the sshd ---------------------------------------------------------------------
if [ ! -d "$SSH_LAB_PRIVSEP" ]; then
  mkdir -m 0755 "$SSH_LAB_PRIVSEP"
  : >"$SSH_LAB_PRIVSEP_MADE"
fi
for node in "${SSH_LAB_NODES[@]}"; do
  dir=$SSH_LAB_STATE/$node
  mkdir -m 0700 "$dir"
  ssh_files_host "$node" "$(lab_address "$node")" "$dir" "$SSH_LAB_AUTHORIZED_KEYS" "$SSH_LAB_KNOWN_HOSTS" \
    "sshd of $node in the ssh lab '$SSH_LAB_NAME' (test/ssh-lab/start.sh)"
  ip netns exec "$(lab_netns "$node")" "$sshd_bin" -f "$dir/sshd_config" -E "$dir/sshd.log"
done
# sshd writes its pid file once it listens.
for node in "${SSH_LAB_NODES[@]}"; do
  pidfile=$SSH_LAB_STATE/$node/sshd.pid
  for _ in $(seq 1 100); do
    [ -s "$pidfile" ] && break
    sleep 0.05
  done
  [ -s "$pidfile" ] || lab_fail "$node: sshd did not start: $(tail -n 5 "$SSH_LAB_STATE/$node/sshd.log" 2>/dev/null)"
done

# --- the client's configuration ------------------------------------------------
hosts=()
for node in "${SSH_LAB_NODES[@]}"; do hosts+=("$node=$(lab_address "$node")"); done
ssh_files_client_config "$SSH_LAB_CONFIG" "$SSH_LAB_KEY" "$SSH_LAB_KNOWN_HOSTS" \
  "The ssh lab $SSH_LAB_NAME (test/ssh-lab/start.sh): ssh -F $SSH_LAB_CONFIG node1" "$SSH_LAB_NET.*" "${hosts[@]}"

# Each node answers, its host key checked.
for node in "${SSH_LAB_NODES[@]}"; do
  if ! error=$(ssh -F "$SSH_LAB_CONFIG" -o BatchMode=yes -o ConnectTimeout=10 "$node" true 2>&1 </dev/null); then
    lab_fail "$node: ssh failed: $error"
  fi
done

touch "$SSH_LAB_READY"
whole=1
lab_log "started: node1..node3 on $SSH_LAB_NET.11..13"
announce
