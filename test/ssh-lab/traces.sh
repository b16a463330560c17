#!/usr/bin/env bash
# Prints what is on this machine of any ssh lab (all instances): namespaces,
# links, processes started with a lab's files, the labs' state folder. One
# line per thing; nothing, and exit status 0, when there is none; exit status
# 1 when there is some (CI's check that tests and runs left nothing behind).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"
found=$(
  ip netns list | awk '$1 ~ /^rbssh-/ {print "namespace " $1}'
  ip -o link show | awk -F': ' '$2 ~ /^rbs-/ {sub(/@.*/, "", $2); print "link " $2}'
  pgrep -a -f "$SSH_LAB_ROOT/" | sed 's/^/process /' || true
  if [ -e "$SSH_LAB_ROOT" ]; then echo "folder $SSH_LAB_ROOT"; fi
)
[ -z "$found" ] || { printf '%s\n' "$found"; exit 1; }
