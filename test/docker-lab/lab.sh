# shellcheck shell=bash disable=SC2034 # settings used by the scripts that source this
# Shared settings of the Docker test lab. Sourced by the other scripts, never run.
#
# Every name here is prefixed `rblab` so that the lab's links and namespace can be
# told apart from anything else on the machine, and removed without guessing.

# Where the lab keeps its state: dockerd's pid file and log, the image build
# contexts. Under /run so that a reboot forgets it.
LAB_STATE=${LAB_STATE:-/run/runbook-docker-lab}
LAB_PIDFILE=$LAB_STATE/dockerd.pid
LAB_LOG=$LAB_STATE/dockerd.log

# Where the downloaded nginx packages are unpacked (kept between runs: they are
# only fetched again when Debian's candidate version changes).
LAB_CACHE=${LAB_CACHE:-/var/cache/runbook-docker-lab}
LAB_NGINX_ROOT=$LAB_CACHE/nginx-root

# An empty network namespace. It holds the far ends of the lab's veth pairs: up,
# unaddressed, connected to nothing, so whatever is sent into them goes nowhere.
LAB_NETNS=rblab-void

# The macvlan parent: one end of a veth pair whose other end sits in $LAB_NETNS.
# The machine's real interface (eth0) must never be a macvlan parent here: that
# would put the containers on the real network. These kernels have no `dummy`
# driver, hence the veth pair.
LAB_MACVLAN_PARENT=rblab-mv
LAB_MACVLAN_PEER=rblab-mv-p
LAB_MACVLAN_SUBNET=10.213.0.0/24
LAB_MACVLAN_GATEWAY=10.213.0.1

# The interface that swarm advertises and listens on, and that the host-network
# section greps for. A local-only address on another veth pair into $LAB_NETNS:
# without it, `docker swarm init` would pick the interface of the default route.
LAB_SWARM_IFACE=rblab-sw
LAB_SWARM_PEER=rblab-sw-p
LAB_SWARM_ADDR=10.213.255.1
LAB_SWARM_PREFIX=30

# dockerd is told to use a proxy on this closed local port, so that any attempt to
# reach a registry fails at once instead of leaving the machine; and, in its own
# view of /etc/hosts, these registry names are 127.0.0.1, so that it does not
# ask the machine's DNS resolver about them either.
LAB_DEAD_PROXY=http://127.0.0.1:9
LAB_REGISTRY_NAMES="docker.io index.docker.io registry-1.docker.io auth.docker.io registry.docker.io"

# The parameters that `runbook test runbooks/docker-network.md` gets in the lab.
# OVERLAY_ENDPOINT_MODE=dnsrr: these kernels have no IPVS, so swarm's virtual-IP
# load balancing (the default, vip) cannot work: `curl overlay_nginx` fails and
# the busybox service never converges.
lab_runbook_env() {
  printf '%s\n' \
    "HOST_IFACE=$LAB_SWARM_IFACE" \
    "MACVLAN_PARENT=$LAB_MACVLAN_PARENT" \
    "MACVLAN_SUBNET=$LAB_MACVLAN_SUBNET" \
    "MACVLAN_GATEWAY=$LAB_MACVLAN_GATEWAY" \
    "SWARM_ADVERTISE_ADDR=$LAB_SWARM_ADDR" \
    "OVERLAY_ENDPOINT_MODE=dnsrr"
}

lab_log() { printf 'docker-lab: %s\n' "$*" >&2; }

lab_require_root() {
  if [ "$(id -u)" != 0 ]; then
    lab_log "must run as root (it starts dockerd and creates network links)"
    exit 1
  fi
}

# True when the lab's own dockerd is running.
lab_dockerd_running() {
  [ -s "$LAB_PIDFILE" ] && kill -0 "$(cat "$LAB_PIDFILE")" 2>/dev/null
}

# --- Two Docker hosts (hosts-start.sh, hosts-stop.sh) --------------------------
# Two more engines, each a "host" of its own: its own network namespace (an
# `eth0` on a bridge shared with the other host and with this machine), mount
# namespace (its own /run, /var/lib/docker, /etc/docker, /etc/hosts, sysfs) and
# UTS namespace (its own hostname), and an sshd through which the runbook
# reaches it. The bridge sits in a namespace of its own ($LAB_HOSTS_SWITCH), so
# that this machine's firewall (br_netfilter) never sees the hosts' traffic;
# this machine's leg on it is $LAB_HOSTS_LINK, a local-only address. No host has
# a default route: nothing they send can leave the machine.
LAB_HOSTS="docker1 docker2"
LAB_HOSTS_NET=10.213.254
LAB_HOSTS_SWITCH=rblab-switch
LAB_HOSTS_LINK=rblab-hosts
LAB_HOSTS_LINK_ADDR=$LAB_HOSTS_NET.1
# On disk: each host's data root is there. Removed by hosts-stop.sh.
LAB_HOSTS_DIR=${LAB_HOSTS_DIR:-/var/lib/runbook-docker-lab/hosts}
# The ssh configuration that names the hosts (aliases docker1, docker2), with the
# lab's key and known_hosts; hosts-start.sh writes it and prints its path.
LAB_HOSTS_SSH_CONFIG=$LAB_HOSTS_DIR/ssh_config

# lab_host_addr NAME: the address of host NAME (docker1 → .11, docker2 → .12).
lab_host_addr() { echo "$LAB_HOSTS_NET.$((10 + ${1#docker}))"; }
# lab_host_netns NAME: its network namespace.
lab_host_netns() { echo "rblab-$1"; }

# The hosts of the runbook's two-host form (its frontmatter maps both to local),
# and the address its swarm's manager advertises.
lab_hosts_runbook_args() {
  printf '%s\n' --host manager=docker1 --host worker=docker2 --ssh-config "$LAB_HOSTS_SSH_CONFIG" \
    --env "SWARM_ADVERTISE_ADDR=$(lab_host_addr docker1)"
}

# True when host NAME's dockerd (the first process of its namespaces) runs.
lab_host_running() {
  local pidfile=$LAB_HOSTS_DIR/$1/dockerd.pid
  [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# lab_host_docker NAME ARGS...: the docker client, in host NAME's namespaces
# (its /run/docker.sock), without ssh: for the lab's own setup and checks.
lab_host_docker() {
  local name=$1
  shift
  nsenter --target "$(cat "$LAB_HOSTS_DIR/$name/dockerd.pid")" --mount --net --uts docker "$@"
}
