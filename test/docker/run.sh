#!/usr/bin/env bash
# Runs the Docker tests against a dockerd of our own: starts it, builds the local test images,
# compiles, runs out/test/docker/, and stops the daemon however the run ends.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
started=$(date +%s)

env_lines=$(bash .ci/docker-setup.sh)
eval "$env_lines"
trap 'bash .ci/docker-stop.sh' EXIT

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
