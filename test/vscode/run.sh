#!/usr/bin/env bash
# Runs the integration suite inside a real VS Code (code-server) on a throwaway copy of examples/:
# builds the extension and the suite, makes sure code-server and chromium are in place, then hands
# over to the harness. Extra arguments go to the harness (e.g. --grep smoke, --workspace DIR).
#
#   bash test/vscode/run.sh [--skip-build] [harness options]
#
# The last line of output is always `N passed, N failed`, and the exit status is non-zero on any
# failure, including a build or an install that did not work.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

could_not_run() {
  echo "vscode-tests: $1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

build=true
if [[ "${1:-}" == --skip-build ]]; then
  build=false
  shift
fi

if $build; then
  npx tsc -p tsconfig.json || could_not_run "the TypeScript build failed"
  node esbuild.mjs || could_not_run "the extension bundle failed"
fi
[[ -d examples ]] || could_not_run "examples/ is missing: the suite runs on a copy of it"
bash .ci/vscode-setup.sh || could_not_run "code-server or chromium could not be installed"

# The harness copies the workspace into its own temporary folder, so tests may change files.
exec node test/vscode/run-vscode-tests.mjs --workspace examples "$@"
