#!/usr/bin/env bash
# Builds the two images the runbook uses, locally and FROM scratch, out of
# Debian's packages, because no container registry is reachable from here and
# nothing may be pulled:
#   nginx                    Debian's nginx binary + its libraries + welcome page
#   radial/busyboxplus:curl  Debian's static busybox + Debian's curl + its libraries
# Needs install.sh (the packages) and start.sh (the engine) first.
# Idempotent: the build contexts are made anew each time; Docker's build cache
# makes an unchanged rebuild cheap.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
lab_require_root

# The client here has no buildx plugin: use the classic builder.
export DOCKER_BUILDKIT=0

build=$LAB_STATE/build
rm -rf "$build"
mkdir -p "$build"

# copy_with_libs ROOT SRC [DEST]: copies the executable SRC to ROOT/DEST (default:
# the same path as SRC), then every shared library `ldd` lists for it, including
# the dynamic loader, each at the path the loader will look for it.
copy_with_libs() {
  local root=$1 src=$2 dest=${3:-$2} lib
  install -D -m 0755 "$src" "$root$dest"
  # ldd lines: "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and
  # "/lib64/ld-linux-x86-64.so.2 (0x...)"; linux-vdso has no file.
  if ldd "$src" | grep -q 'not found'; then
    lab_log "$src: a library is missing on this machine:"
    ldd "$src" | grep 'not found' >&2
    exit 1
  fi
  for lib in $(ldd "$src" | grep -o '/[^ ]*'); do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"   # -L: the file itself, not the .so symlink
  done
}

# The few files any small image needs: users for nginx's workers, name lookup.
base_files() {
  local root=$1
  mkdir -p "$root"/{etc,tmp,run,var/tmp}
  chmod 1777 "$root/tmp" "$root/var/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
}

# --- nginx -------------------------------------------------------------------
ctx=$build/nginx
root=$ctx/rootfs
base_files "$root"
copy_with_libs "$root" "$LAB_NGINX_ROOT/usr/sbin/nginx" /usr/sbin/nginx
install -D -m 0644 "$LAB_NGINX_ROOT/etc/nginx/mime.types" "$root/etc/nginx/mime.types"
install -D -m 0644 "$here/images/nginx/nginx.conf" "$root/etc/nginx/nginx.conf"
# The welcome page ships in nginx-common.
install -D -m 0644 "$LAB_NGINX_ROOT/usr/share/nginx/html/index.html" "$root/usr/share/nginx/html/index.html"
# Temp dirs (created by the master at start, but their parent must exist) and
# the compiled-in log folder.
mkdir -p "$root/var/lib/nginx" "$root/var/log/nginx"
cp "$here/images/nginx/Dockerfile" "$ctx/"

# --- radial/busyboxplus:curl ---------------------------------------------------
ctx=$build/busyboxplus
root=$ctx/rootfs
base_files "$root"
install -D -m 0755 /bin/busybox "$root/bin/busybox"
# One link per applet, where busybox itself would install it (bin/sh, sbin/ip...).
for applet in $(/bin/busybox --list-full); do
  [ -e "$root/$applet" ] && continue
  mkdir -p "$root/$(dirname "$applet")"
  ln -s /bin/busybox "$root/$applet"
done
copy_with_libs "$root" /usr/bin/curl
cp "$here/images/busyboxplus/Dockerfile" "$ctx/"

# --- build -----------------------------------------------------------------------
started=$(date +%s)
# build TAG CONTEXT: quietly; the whole log only if the build fails. (A recent
# client prints a deprecation notice for the classic builder: noise here.)
build() {
  local log=$2.log
  if ! docker build -t "$1" "$2" >"$log" 2>&1; then
    lab_log "docker build -t $1 failed:"
    cat "$log" >&2
    exit 1
  fi
}
build nginx:latest "$build/nginx"
build radial/busyboxplus:curl "$build/busyboxplus"
lab_log "built in $(( $(date +%s) - started ))s:"
for image in nginx:latest radial/busyboxplus:curl; do
  docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' "$image" | sed 's/^/  /' >&2
done
