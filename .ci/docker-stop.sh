#!/usr/bin/env bash
# Stops the dockerd that .ci/docker-setup.sh started, by the pid in its pidfile, and nothing else.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${PID1_DOCKER_DIR:-$repo/.tmp/docker}
if [ "${#dir}" -gt 60 ]; then
  dir=/tmp/pid1d-$(printf '%s' "$dir" | sha256sum | cut -c1-10)
fi
pidfile="$dir/dockerd.pid"

if [ ! -s "$pidfile" ]; then
  echo "docker-stop: no pidfile at $pidfile; nothing to stop" >&2
  exit 0
fi
pid=$(cat "$pidfile")
if ! kill -0 "$pid" 2>/dev/null; then
  echo "docker-stop: dockerd $pid is not running" >&2
  rm -f "$pidfile"
  exit 0
fi

kill -TERM "$pid"
# dockerd stops its containers and its containerd first; give it a bounded while, then insist.
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
  echo "docker-stop: dockerd $pid ignored SIGTERM for 30 s; sending SIGKILL" >&2
  kill -KILL "$pid"
fi
echo "docker-stop: dockerd $pid stopped" >&2
