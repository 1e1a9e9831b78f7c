#!/usr/bin/env bash
# Installs what the end-to-end tests and the demo need: a real VS Code (code-server from npm, kept
# outside the project's dependency tree in .vscode-test/) and Debian's Chromium for Playwright.
# Idempotent: when everything is present it only checks and returns in about a second.
# Why the workarounds: see ../shared/REAL-EDITOR-TESTING.md (no downloads outside npm and apt here).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
CODE_SERVER_DIR=.vscode-test/code-server
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/.bin/code-server"
RIPGREP_CACHE_VERSION=1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

say() { echo "setup-e2e: $*"; }
fail() { echo "setup-e2e: ERROR: $*" >&2; exit 1; }

# 1. Debian packages: chromium (the browser Playwright drives), libkrb5-dev (code-server's kerberos
#    module compiles against gssapi.h), ripgrep (stands in for the binary @vscode/ripgrep downloads).
needed_packages=(chromium libkrb5-dev ripgrep)
missing_packages=()
for package in "${needed_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing_packages+=("$package")
  fi
done
if ((${#missing_packages[@]} > 0)); then
  command -v apt-get >/dev/null || fail "missing ${missing_packages[*]} and no apt-get; install them by hand"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || fail "missing ${missing_packages[*]}; run as root or install them by hand"
    sudo_cmd=(sudo)
  fi
  say "installing Debian packages: ${missing_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing_packages[@]}"
else
  say "Debian packages present: ${needed_packages[*]}"
fi
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium not found after installing chromium"
[[ -x /usr/bin/rg ]] || fail "/usr/bin/rg not found after installing ripgrep"

# 2. code-server, unless the right version is already there.
# On its first run code-server logs a line (it writes a default config) before the version line.
code_server_version() {
  "$CODE_SERVER_BIN" --version 2>/dev/null | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+ ' | tr -d ' ' || true
}
installed_version=""
if [[ -x "$CODE_SERVER_BIN" ]]; then
  installed_version=$(code_server_version)
fi
if [[ "$installed_version" == "$CODE_SERVER_VERSION" ]]; then
  say "code-server $CODE_SERVER_VERSION present in $CODE_SERVER_DIR"
  exit 0
fi

say "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (about a minute: native modules compile)"
started=$(date +%s)

# @vscode/ripgrep's postinstall downloads from GitHub unless this cached archive exists.
ripgrep_cache_dir="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_CACHE_VERSION"
if [[ ! -s "$ripgrep_cache_dir/$RIPGREP_ARCHIVE" ]]; then
  mkdir -p "$ripgrep_cache_dir"
  staging=$(mktemp -d)
  cp /usr/bin/rg "$staging/rg"
  tar -czf "$ripgrep_cache_dir/$RIPGREP_ARCHIVE" -C "$staging" rg
  rm -rf "$staging"
  say "cached Debian's ripgrep as $ripgrep_cache_dir/$RIPGREP_ARCHIVE"
fi

rm -rf "$CODE_SERVER_DIR"
mkdir -p "$CODE_SERVER_DIR"
# A package.json of its own keeps npm from walking up into the project's dependency tree.
echo '{"name":"kantega-sso-e2e-code-server","private":true}' >"$CODE_SERVER_DIR/package.json"
(
  cd "$CODE_SERVER_DIR"
  # unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp`.
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION"
) || fail "npm install code-server@$CODE_SERVER_VERSION failed (see the npm output above)"

installed_version=$(code_server_version)
[[ "$installed_version" == "$CODE_SERVER_VERSION" ]] ||
  fail "code-server did not install correctly: '$CODE_SERVER_BIN --version' printed '$installed_version'"
say "installed code-server $CODE_SERVER_VERSION in $(($(date +%s) - started)) s"
