# shellcheck shell=bash
# The ssh files of a lab of hosts on this machine: a client key and the
# authorized_keys that lets it in, each host's key, its known_hosts line and its
# sshd configuration, and the client's configuration that names the hosts.
# Sourced, never run, by test/ssh-lab/start.sh and test/docker-lab/hosts-start.sh
# (the Docker lab's two hosts), so that both labs are reached the same way.

# ssh_files_client KEY AUTHORIZED_KEYS KNOWN_HOSTS COMMENT: a new ed25519 key pair
# KEY (no passphrase), AUTHORIZED_KEYS holding its public half, KNOWN_HOSTS empty.
ssh_files_client() {
  local key=$1 authorized_keys=$2 known_hosts=$3 comment=$4
  ssh-keygen -q -t ed25519 -N '' -C "$comment" -f "$key"
  cp "$key.pub" "$authorized_keys"
  : >"$known_hosts"
}

# ssh_files_host NAME ADDRESS DIR AUTHORIZED_KEYS KNOWN_HOSTS HEADER: in DIR (which
# exists), a new host key and DIR/sshd_config: listen on ADDRESS port 22 only, pid
# file DIR/sshd.pid, root login by a key of AUTHORIZED_KEYS only, no PAM. Adds the
# host key to KNOWN_HOSTS under ADDRESS. HEADER is the configuration's first comment.
ssh_files_host() {
  local name=$1 address=$2 dir=$3 authorized_keys=$4 known_hosts=$5 header=$6
  ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$dir/ssh_host_ed25519_key"
  printf '%s %s\n' "$address" "$(cut -d' ' -f1-2 "$dir/ssh_host_ed25519_key.pub")" >>"$known_hosts"
  cat >"$dir/sshd_config" <<CONFIG
# $header
ListenAddress $address:22
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
PrintLastLog no
Subsystem sftp internal-sftp
CONFIG
}

# ssh_files_client_config CONFIG KEY KNOWN_HOSTS HEADER PATTERN NAME=ADDRESS...: the
# client's configuration CONFIG: each NAME an alias of its ADDRESS; for them and
# for PATTERN (e.g. `10.200.13.*`), user root, the key KEY only, KNOWN_HOSTS only,
# host keys checked (StrictHostKeyChecking yes), no password or keyboard prompt.
ssh_files_client_config() {
  local config=$1 key=$2 known_hosts=$3 header=$4 pattern=$5 host
  local names=()
  shift 5
  {
    printf '# %s\n' "$header"
    for host in "$@"; do
      printf 'Host %s\n  HostName %s\n' "${host%%=*}" "${host#*=}"
      names+=("${host%%=*}")
    done
    printf 'Host %s %s\n' "${names[*]}" "$pattern"
    printf '  User root\n'
    printf '  IdentityFile %s\n' "$key"
    printf '  IdentitiesOnly yes\n'
    printf '  UserKnownHostsFile %s\n' "$known_hosts"
    printf '  GlobalKnownHostsFile /dev/null\n'
    printf '  StrictHostKeyChecking yes\n'
    printf '  PasswordAuthentication no\n'
    printf '  KbdInteractiveAuthentication no\n'
  } >"$config"
}
