#!/usr/bin/env bash
# The first process of a Docker lab host (hosts-start.sh starts it in the host's
# new network, mount and UTS namespaces); it ends as that host's dockerd.
# Usage: host-init.sh NAME DIR   (DIR: the host's folder, from lab.sh)
#
# Its mount namespace gets, privately:
#   - a sysfs of its network namespace, with this machine's cgroup v1 mounts
#     carried onto it (dockerd needs them: "Devices cgroup isn't mounted"); plain
#     `ip netns exec` remounts /sys and drops them, hence this;
#   - an empty /run: the engine's socket is /run/docker.sock, its exec root
#     /run/docker, as on any host, so that `docker` in an ssh session on it talks
#     to this engine with no settings;
#   - /var/lib/docker (DIR/docker), /etc/docker (its own key.json, engine ID);
#   - /etc/hosts: its own name, and the registry names as 127.0.0.1 (offline).
# Its containers' cgroups are under /rblab-NAME (not the machine engine's
# /docker), so that hosts-stop.sh finds and removes whatever is left there.
set -euo pipefail
name=$1 dir=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"

hostname "$name"
aside=$dir/cgroup
mkdir -p "$aside"
mount --rbind /sys/fs/cgroup "$aside"
mount -t sysfs sysfs /sys
mount --move "$aside" /sys/fs/cgroup
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -m 0755 /run/sshd   # sshd's privilege separation folder
mkdir -p "$dir/docker"
mount --bind "$dir/docker" /var/lib/docker
mount -t tmpfs -o mode=0700 tmpfs /etc/docker
{
  printf '127.0.0.1 localhost\n'
  for host in $LAB_HOSTS; do printf '%s %s\n' "$(lab_host_addr "$host")" "$host"; done
  printf '127.0.0.1 %s\n' "$LAB_REGISTRY_NAMES"
} >"$dir/hosts"
mount --bind "$dir/hosts" /etc/hosts

/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
# The offline settings of start.sh's engine (see there).
exec env DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 \
  HTTP_PROXY="$LAB_DEAD_PROXY" HTTPS_PROXY="$LAB_DEAD_PROXY" \
  http_proxy="$LAB_DEAD_PROXY" https_proxy="$LAB_DEAD_PROXY" \
  NO_PROXY= no_proxy= \
  dockerd --ip-forward=false --cgroup-parent "/$(lab_host_netns "$name")"
