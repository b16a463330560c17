#!/usr/bin/env bash
# Installs what the Docker test lab needs, from Debian's packages only:
#   - docker.io: the engine (dockerd, with containerd and runc as dependencies);
#   - busybox-static, curl: copied into the lab's `radial/busyboxplus:curl` image;
#   - the libraries Debian's nginx binary links against: copied into the `nginx` image;
#   - iproute2: the lab's veth pairs and network namespaces;
#   - openssh-server, openssh-client: the two hosts' sshd, and ssh to reach them
#     (the packaged sshd is not started, as for docker.io below).
# and downloads Debian's nginx packages WITHOUT installing them (see below).
# Idempotent: it only asks apt for what is missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

export DEBIAN_FRONTEND=noninteractive

packages=(docker.io busybox-static curl iproute2 iptables openssh-server openssh-client
  libcrypt1 libpcre2-8-0 libssl3 zlib1g)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

apt_updated=
apt_update_once() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  lab_log "installing ${missing[*]}"
  apt_update_once
  # docker.io's maintainer scripts start the packaged daemon when they are
  # allowed to. The lab starts its own dockerd with its own settings, so forbid
  # service starts during this install (policy-rc.d exit 101 = "not allowed"),
  # unless the machine already has a policy of its own.
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    made_policy=1
  fi
  status=0
  apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
  if [ -n "$made_policy" ]; then rm -f "$policy"; fi
  [ "$status" = 0 ] || exit "$status"
fi

# Debian's nginx: downloaded and unpacked, never installed. Installing the
# package would start a host nginx on port 80, and the host-network section of
# the runbook needs that port free for the nginx container.
# The nginx binary is in `nginx`; the welcome page and mime.types in `nginx-common`.
version=$(apt-cache policy nginx 2>/dev/null | awk '/Candidate:/ {print $2}')
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  apt_update_once
  version=$(apt-cache policy nginx | awk '/Candidate:/ {print $2}')
fi
stamp=$LAB_NGINX_ROOT/.version
if [ "$(cat "$stamp" 2>/dev/null)" != "$version" ]; then
  lab_log "downloading nginx $version (unpacked, not installed)"
  debs=$LAB_CACHE/debs
  rm -rf "$debs" "$LAB_NGINX_ROOT"
  mkdir -p "$debs" "$LAB_NGINX_ROOT"
  # Root downloads into a root-owned folder: no sandbox user needed.
  download() { (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root nginx nginx-common); }
  # Stale package lists name versions the mirror no longer has: update, retry.
  if ! download; then
    apt_update_once
    download
    version=$(apt-cache policy nginx | awk '/Candidate:/ {print $2}')
  fi
  for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$LAB_NGINX_ROOT"
  done
  echo "$version" >"$stamp"
fi

lab_log "installed: $(dockerd --version)"
