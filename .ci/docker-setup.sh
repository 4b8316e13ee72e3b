#!/usr/bin/env bash
# Starts a Docker daemon of our own for the Docker tests and prints the line that points a shell at it:
#   eval "$(bash .ci/docker-setup.sh)"
# Idempotent: installs only what is missing and reuses a daemon of ours that still answers.
# Everything it prints on stdout is meant for eval; progress goes to stderr.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${PID1_DOCKER_DIR:-$repo/.tmp/docker}

# A unix socket path must fit in 108 bytes, and containerd puts its own sockets a few levels below
# the exec root; a deep checkout would overflow, so such a checkout gets a short folder in /tmp.
if [ "${#dir}" -gt 60 ]; then
  dir=/tmp/pid1d-$(printf '%s' "$dir" | sha256sum | cut -c1-10)
  echo "docker-setup: $dir is used because the default path is too long for unix sockets" >&2
fi
mkdir -p "$dir"

log() { echo "docker-setup: $*" >&2; }

missing=()
for pkg in docker.io tini dumb-init busybox-static; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Debian's own client speaks the daemon's API version exactly; another docker earlier on PATH
# (a newer static CLI, say) would also work, but the tests measure with the engine's own pair.
docker_cli=/usr/bin/docker
[ -x "$docker_cli" ] || docker_cli=$(command -v docker)

if [ ! -e /usr/bin/docker-init ]; then
  log "WARNING: /usr/bin/docker-init is missing after installing docker.io and tini;" \
    "'docker run --init' will fail and every under-init scenario with it"
fi

host="unix://$dir/docker.sock"
pidfile="$dir/dockerd.pid"

answers() { DOCKER_HOST=$host "$docker_cli" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && answers; then
  log "reusing dockerd $(cat "$pidfile") on $host"
else
  # A stale pidfile from a crashed run makes dockerd refuse to start.
  rm -f "$pidfile" "$dir/docker.sock"
  mkdir -p "$dir/data" "$dir/exec"
  log "starting dockerd on $host (log: $dir/dockerd.log)"
  setsid dockerd \
    --host "$host" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$pidfile" \
    --storage-driver=vfs \
    --bridge=none \
    --iptables=false \
    --ip6tables=false \
    >"$dir/dockerd.log" 2>&1 </dev/null &

  # Bounded wait: a daemon that does not answer in a minute will not answer at all.
  for _ in $(seq 1 120); do
    if answers; then break; fi
    sleep 0.5
  done
  if ! answers; then
    log "dockerd did not answer on $host within 60 s; the end of its log:"
    tail -n 30 "$dir/dockerd.log" >&2 || true
    exit 1
  fi
  log "dockerd $(cat "$pidfile") is up"
fi

echo "export DOCKER_HOST=$host"
echo "export PID1_DOCKER_DIR=$dir"
echo "export PID1_DOCKER_CLI=$docker_cli"
