#!/usr/bin/env bash
# Runs the Docker tests against a dockerd of our own: starts it (or reuses the one that is running),
# builds the local test images, compiles and runs out/test/docker/. The daemon is shared by everyone
# working in this tree, so it is left running; `--stop` stops it afterwards, and only when this run
# was the one that started it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
started=$(date +%s)

stop_after=0
[ "${1:-}" = --stop ] && stop_after=1
setup_log=$(mktemp)
env_lines=$(bash .ci/docker-setup.sh 2>"$setup_log") || { cat "$setup_log" >&2; exit 1; }
cat "$setup_log" >&2
if [ "$stop_after" = 1 ] && ! grep -q 'reusing dockerd' "$setup_log"; then
  trap 'bash .ci/docker-stop.sh' EXIT
fi
rm -f "$setup_log"
eval "$env_lines"

bash test/docker/build-images.sh
export PID1_TEST_IMAGES_READY=1
# Other engineers' work in progress may not compile yet; tsc still emits, and the tests below
# only need src/demo, src/cli and test/docker, whose errors are shown and fail the run.
if ! npx tsc -p tsconfig.json >.tmp/tsc-docker.log 2>&1; then
  if grep -E '^(src/demo|src/cli/demo|test/docker)' .tmp/tsc-docker.log; then
    echo "run.sh: the Docker tests' own files do not compile" >&2
    exit 1
  fi
  echo "run.sh: tsc reported errors outside the Docker tests' files (see .tmp/tsc-docker.log)" >&2
fi

node --test --test-concurrency=1 out/test/docker/
echo "run.sh: Docker suite took $(($(date +%s) - started)) s" >&2
