#!/usr/bin/env bash
# Stops an ssh lab (SSH_LAB_NAME, default `lab`): every process in its
# namespaces (the sshd, their sessions and whatever those left running), the
# namespaces, the bridge and its ports, its state and keys. Idempotent: what is
# already gone is skipped, and stopping a lab that is not there succeeds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$here/lab.sh"

lab_require_root
lab_check_settings
lab_lock
if lab_exists; then
  lab_teardown
  lab_log "stopped"
else
  lab_forget_root
fi
