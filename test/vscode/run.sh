#!/usr/bin/env bash
# Builds the extension and the suite, makes sure code-server and chromium are in place, and runs the
# integration suite inside VS Code. Extra arguments go to the harness (e.g. --grep smoke).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

npx tsc -p tsconfig.json
node esbuild.mjs
.ci/vscode-setup.sh
exec node test/vscode/run-vscode-tests.mjs --workspace test/vscode/workspace "$@"
