#!/usr/bin/env bash
# Prepares a machine to run the extension's suite inside a real VS Code: Debian chromium as the
# workbench's browser and code-server 4.100.3 (VS Code 1.100.3) as the server with a Node
# extension host. Desktop VS Code cannot be downloaded here; see
# /work/shared/notes/vscode-test-runtime.md for why each step exists. Safe to run again: every step
# is skipped when its result is already in place.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# Pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json; both change with code-server.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_TAG=v13.0.0-10

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INSTALL_DIR="$ROOT/.vscode-test/code-server"
CODE_SERVER_BIN="$INSTALL_DIR/node_modules/.bin/code-server"

started=$EPOCHREALTIME
step_started=$started

elapsed() {
  # Bash has no floating point; awk does the subtraction.
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'
}

step_done() {
  echo "vscode-setup: $1 ($(elapsed "$step_started"))"
  step_started=$EPOCHREALTIME
}

# 1. Debian packages. libkrb5-dev lets the kerberos addon compile (its prebuilt binary lives on
# github.com); ripgrep stands in for the rg that @vscode/ripgrep would download.
missing=()
for package in chromium libkrb5-dev ripgrep; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  if ((EUID != 0)); then
    echo "vscode-setup: missing Debian packages (${missing[*]}) and not root to install them" >&2
    exit 1
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  step_done "installed ${missing[*]}"
else
  step_done "Debian packages already installed (chromium libkrb5-dev ripgrep)"
fi

# Skip the rest when the right code-server is already there. --version starts code-server, which
# writes a default config.yaml (into ~/.config unless XDG says otherwise) and logs that it did, so
# the version is picked out of the output rather than taken from the first line.
installed_version() {
  [[ -x "$CODE_SERVER_BIN" ]] || return 0
  local scratch
  scratch="$(mktemp -d)"
  XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$CODE_SERVER_BIN" --version 2>/dev/null |
    awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ { print $1; exit }' || true
  rm -rf "$scratch"
}

version="$(installed_version)"
if [[ "$version" == "$CODE_SERVER_VERSION" ]]; then
  step_done "code-server $CODE_SERVER_VERSION already installed in ${INSTALL_DIR#"$ROOT"/}"
  echo "vscode-setup: done in $(elapsed "$started")"
  exit 0
fi

# 2. @vscode/ripgrep's postinstall looks in this cache before it asks api.github.com. The cache
# sits under node's os.tmpdir(), so TMPDIR must stay the same between here and the npm install.
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *)
    echo "vscode-setup: no known @vscode/ripgrep asset name for $(uname -m)" >&2
    exit 1
    ;;
esac
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
rg_archive="$rg_cache/ripgrep-$RIPGREP_TAG-$rg_target.tar.gz"
if [[ -s "$rg_archive" ]]; then
  step_done "ripgrep cache already seeded at $rg_archive"
else
  mkdir -p "$rg_cache"
  tar czf "$rg_archive" -C "$(dirname "$(command -v rg)")" rg
  step_done "seeded $rg_archive from $(command -v rg)"
fi

# 3. code-server in its own folder, away from the extension's node_modules.
#   npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11
#     no longer knows the option, but the script reads the variable).
#   npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which a user config of yes=false
#     would cancel.
# argon2 and kerberos then warn ENOTFOUND github.com and compile from source; that is expected.
if [[ -n "$version" ]]; then
  echo "vscode-setup: found code-server '$version', want $CODE_SERVER_VERSION; reinstalling"
fi
mkdir -p "$INSTALL_DIR"
cd "$INSTALL_DIR"
[[ -f package.json ]] || npm init -y >/dev/null
log="$INSTALL_DIR/npm-install.log"
if ! npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --foreground-scripts --save-exact \
  "code-server@$CODE_SERVER_VERSION" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "vscode-setup: npm install code-server@$CODE_SERVER_VERSION failed; full log in $log" >&2
  exit 1
fi

version="$(installed_version)"
if [[ "$version" != "$CODE_SERVER_VERSION" ]]; then
  echo "vscode-setup: code-server installed but --version says '$version'; log in $log" >&2
  exit 1
fi
step_done "installed code-server $CODE_SERVER_VERSION in ${INSTALL_DIR#"$ROOT"/} (log: $log)"
echo "vscode-setup: done in $(elapsed "$started")"
