# shellcheck shell=bash disable=SC2034 # settings used by the scripts that source this
# Shared settings of the ssh lab. Sourced by start.sh and stop.sh, never run.
#
# A lab is one instance, named by SSH_LAB_NAME (default `lab`) on the /24 given
# by SSH_LAB_NET (its first three octets, default `10.200.13`), so that several
# labs can run at once on one machine. Every name it makes starts with `rbs-`
# (links) or `rbssh-` (namespaces) and holds the instance's name, so that what a
# lab made can be told apart from anything else and removed without guessing.
#
# The fleet: hosts node1, node2, node3, each a network namespace whose `eth0` is
# on the lab's bridge (in the machine's namespace, which holds the address .1):
#
#     machine  rbs-NAME-br  SSH_LAB_NET.1/24
#     node1    eth0 SSH_LAB_NET.11/24   eth1 192.168.13.1/24 ─┐
#     node2    eth0 SSH_LAB_NET.12/24   eth1 192.168.23.2/24 ─┤
#     node3    eth0 SSH_LAB_NET.13/24   eth1 192.168.13.3/24 ─┘ (to node1)
#                                       eth2 192.168.23.3/24    (to node2)
#
# node1 and node2 reach each other's 192.168 address only through node3, which
# forwards between its eth1 and eth2 (ip_forward in node3's namespace only): a
# firewall rule there cuts the path. The 192.168 links live inside the nodes'
# namespaces only, so they clash with nothing, in another lab or on the machine.
# No node has a default route: nothing a node sends can leave the machine.

SSH_LAB_NAME=${SSH_LAB_NAME:-lab}
SSH_LAB_NET=${SSH_LAB_NET:-10.200.13}

# Where the labs keep their state, under /run so that a reboot forgets it.
SSH_LAB_ROOT=${SSH_LAB_ROOT:-/run/runbook-ssh-lab}
SSH_LAB_STATE=$SSH_LAB_ROOT/$SSH_LAB_NAME
# Claims on a /24: the directory $SSH_LAB_CLAIMS/NET holds the file `name`.
SSH_LAB_CLAIMS=$SSH_LAB_ROOT/.nets

SSH_LAB_NODES=(node1 node2 node3)
SSH_LAB_BRIDGE=rbs-$SSH_LAB_NAME-br
SSH_LAB_CONFIG=$SSH_LAB_STATE/ssh_config
SSH_LAB_KEY=$SSH_LAB_STATE/id_ed25519
SSH_LAB_KNOWN_HOSTS=$SSH_LAB_STATE/known_hosts
SSH_LAB_AUTHORIZED_KEYS=$SSH_LAB_STATE/authorized_keys
# Written last by start.sh: the lab is whole.
SSH_LAB_READY=$SSH_LAB_STATE/ready

# The directory sshd chroots its unprivileged child into (Debian's sshd refuses
# to start without it). The packaged service makes it at boot; a lab makes it if
# it is missing and the last lab to stop removes it again.
SSH_LAB_PRIVSEP=/run/sshd
SSH_LAB_PRIVSEP_MADE=$SSH_LAB_ROOT/.made-run-sshd

lab_log() { printf 'ssh-lab %s: %s\n' "$SSH_LAB_NAME" "$*" >&2; }
lab_fail() { lab_log "$*"; exit 1; }

lab_require_root() {
  [ "$(id -u)" = 0 ] || lab_fail "must run as root (it creates network namespaces and starts sshd)"
}

# Refuse names that would not fit an interface name (15 characters) or a net
# that is not the first three octets of an IPv4 /24.
lab_check_settings() {
  [[ $SSH_LAB_NAME =~ ^[a-z0-9]{1,8}$ ]] ||
    lab_fail "SSH_LAB_NAME='$SSH_LAB_NAME': 1 to 8 of a-z and 0-9 (it goes into 15-character interface names)"
  local octet='(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
  [[ $SSH_LAB_NET =~ ^$octet\.$octet\.$octet$ ]] ||
    lab_fail "SSH_LAB_NET='$SSH_LAB_NET': the first three octets of a /24, e.g. 10.200.13"
}

# lab_netns NODE: the node's network namespace.
lab_netns() { printf 'rbssh-%s-%s' "$SSH_LAB_NAME" "$1"; }
# lab_port NODE: the node's port on the bridge (the machine's end of its eth0).
lab_port() { printf 'rbs-%s-%s' "$SSH_LAB_NAME" "${1/node/n}"; }
# lab_address NODE: the node's address on the bridge.
lab_address() { printf '%s.%s' "$SSH_LAB_NET" "$((10 + ${1#node}))"; }

# Take the lock on all labs for the rest of the script: a flock on the labs'
# root folder (fd 9). The last lab to stop removes that folder, so a lock taken
# on a folder removed meanwhile is dropped and taken again on the new one.
lab_lock() {
  while :; do
    mkdir -p "$SSH_LAB_ROOT"
    exec 9<"$SSH_LAB_ROOT"
    flock 9
    [ "$(stat -c %d:%i "$SSH_LAB_ROOT" 2>/dev/null)" = "$(stat -L -c %d:%i /proc/$$/fd/9)" ] && return 0
    exec 9<&-
  done
}

# True when every node's sshd of this lab is running: the process its pid file
# names is an sshd started with the node's configuration (not a zombie, whose
# command line is empty, nor another process that took the pid).
lab_sshd_all_running() {
  local node dir pid
  for node in "${SSH_LAB_NODES[@]}"; do
    dir=$SSH_LAB_STATE/$node
    [ -s "$dir/sshd.pid" ] || return 1
    pid=$(cat "$dir/sshd.pid")
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-f $dir/sshd_config " || return 1
  done
}

# True when anything of this lab is there: its state, a namespace or a link.
lab_exists() {
  local node
  [ -e "$SSH_LAB_STATE" ] && return 0
  ip link show "$SSH_LAB_BRIDGE" >/dev/null 2>&1 && return 0
  for node in "${SSH_LAB_NODES[@]}"; do
    [ -e "/run/netns/$(lab_netns "$node")" ] && return 0
    ip link show "$(lab_port "$node")" >/dev/null 2>&1 && return 0
  done
  return 1
}

# True when no link of this lab is left on the machine.
lab_links_gone() {
  local node
  for node in "${SSH_LAB_NODES[@]}"; do
    ip link show "$(lab_port "$node")" >/dev/null 2>&1 && return 1
  done
  ! ip link show "$SSH_LAB_BRIDGE" >/dev/null 2>&1
}

# Remove everything of this lab, whatever is there of it: every process in its
# namespaces (the sshd, their sessions, what the sessions left running), the
# namespaces (and with them the links inside and the iptables rules made in
# them), the bridge and its ports, the state and the claim on the net. Call
# with the lock held.
lab_teardown() {
  local node ns pids claim
  for node in "${SSH_LAB_NODES[@]}"; do
    ns=$(lab_netns "$node")
    [ -e "/run/netns/$ns" ] || continue
    pids=$(ip netns pids "$ns")
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086 # one pid a word
      kill -TERM $pids 2>/dev/null || true
      for _ in $(seq 1 50); do
        [ -z "$(ip netns pids "$ns")" ] && break
        sleep 0.1
      done
      pids=$(ip netns pids "$ns")
      # shellcheck disable=SC2086
      if [ -n "$pids" ]; then kill -KILL $pids 2>/dev/null || true; fi
    fi
    ip netns del "$ns"
  done
  # A namespace's deletion takes the peers of its veths with it, but the kernel
  # finishes it in the background: a port may still be there, or vanish while
  # it is deleted here (hence no error), and is waited for. A port whose
  # namespace was never made (a start that failed between the two) goes here.
  for node in "${SSH_LAB_NODES[@]}"; do
    ip link del "$(lab_port "$node")" 2>/dev/null || true
  done
  ip link del "$SSH_LAB_BRIDGE" 2>/dev/null || true
  for _ in $(seq 1 100); do
    lab_links_gone && break
    sleep 0.05
  done
  lab_links_gone || lab_fail "links still there after 5 s: $(ip -o link show | awk -F': ' -v p="rbs-$SSH_LAB_NAME-" 'index($2, p) == 1 {print $2}')"
  rm -rf "$SSH_LAB_STATE"
  for claim in "$SSH_LAB_CLAIMS"/*/; do
    [ -f "$claim/name" ] && [ "$(cat "$claim/name")" = "$SSH_LAB_NAME" ] && rm -rf "$claim"
  done
  lab_forget_root
}

# When no lab is left: remove /run/sshd if a lab made it (and no other sshd
# runs), then the labs' root folder.
lab_forget_root() {
  local entry
  for entry in "$SSH_LAB_ROOT"/*; do
    [ -e "$entry" ] && return 0
  done
  if [ -e "$SSH_LAB_PRIVSEP_MADE" ] && ! pgrep -x sshd >/dev/null; then
    rmdir "$SSH_LAB_PRIVSEP" 2>/dev/null || true
  fi
  rm -f "$SSH_LAB_PRIVSEP_MADE"
  rmdir "$SSH_LAB_CLAIMS" 2>/dev/null || true
  rmdir "$SSH_LAB_ROOT" 2>/dev/null || true
}

# What of this lab is on the machine: its namespaces, links, state folder and
# processes (sshd and any other process started with its files). One line per
# thing; nothing once it is stopped.
lab_traces() {
  local node
  for node in "${SSH_LAB_NODES[@]}"; do
    if [ -e "/run/netns/$(lab_netns "$node")" ]; then echo "namespace $(lab_netns "$node")"; fi
    if ip link show "$(lab_port "$node")" >/dev/null 2>&1; then echo "link $(lab_port "$node")"; fi
  done
  if ip link show "$SSH_LAB_BRIDGE" >/dev/null 2>&1; then echo "bridge $SSH_LAB_BRIDGE"; fi
  if [ -e "$SSH_LAB_STATE" ]; then echo "folder $SSH_LAB_STATE"; fi
  pgrep -a -f "$SSH_LAB_STATE/" | sed 's/^/process /' || true
}
