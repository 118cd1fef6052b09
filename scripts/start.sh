#!/usr/bin/env bash
# Start Pier locally: the backend serves the production build of the app on http://127.0.0.1:7007,
# with file-backed SQLite under .data/ (kept across restarts). Ctrl-C stops everything it started.
#
#   PIER_PORT      backend port (default 7007)
#   PIER_DATA_DIR  SQLite files (default .data)
#   PIER_CONFIG    extra config files, space separated, loaded after app-config.yaml + app-config.sim.yaml
#   PIER_NO_BUILD=1  do not rebuild the app even if sources changed
#   PIER_SIM=0     do not start platform-sim (one is already running on 127.0.0.1:7300-7309 and 7311,
#                  its OIDC IdP: the sign-in page sends people there)
#   PIER_GIT_PORT  the local git host the templates publish to (default 7310; scripts/git-server.mjs)
#   PIER_GIT_TOKEN its token (default: a new random one per run, given to the git host and the backend)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh
. scripts/lib.sh

PORT="${PIER_PORT:-7007}"
export PIER_GIT_PORT="${PIER_GIT_PORT:-7310}"
DATA_DIR="$(mkdir -p "${PIER_DATA_DIR:-$ROOT/.data}" && cd "${PIER_DATA_DIR:-$ROOT/.data}" && pwd)"

if port_in_use "$PORT"; then
  echo "[start] port $PORT on 127.0.0.1 is already in use: stop what holds it, or set PIER_PORT" >&2
  exit 1
fi

if port_in_use "$PIER_GIT_PORT"; then
  echo "[start] port $PIER_GIT_PORT on 127.0.0.1 (local git host) is already in use: stop what holds it, or set PIER_GIT_PORT" >&2
  exit 1
fi

# platform-sim's upstreams, and its OIDC IdP on 7311 (7310 is the git host's)
SIM_PORTS="7300 7301 7302 7303 7304 7305 7306 7307 7308 7309 7311"
if [ "${PIER_SIM:-1}" != 0 ]; then
  for p in $SIM_PORTS; do
    if port_in_use "$p"; then
      echo "[start] port $p on 127.0.0.1 (platform-sim) is already in use: stop what holds it, or run with PIER_SIM=0 to use the platform-sim already running" >&2
      exit 1
    fi
  done
fi

build_app_if_stale

config_files=("$ROOT/app-config.yaml" "$ROOT/app-config.sim.yaml")
for f in ${PIER_CONFIG:-}; do config_files+=("$f"); done
# Backstage's YAML errors do not name the file; check each file first so the message can.
check_config_files "${config_files[@]}" || exit 1
config_args=()
for f in "${config_files[@]}"; do config_args+=(--config "$f"); done

mkdir -p "$DATA_DIR/logs"
log="$DATA_DIR/logs/backend.log"
pids_to_stop=()
trap 'for p in "${pids_to_stop[@]}"; do stop_backend "$p"; done' EXIT INT TERM

if [ "${PIER_SIM:-1}" != 0 ]; then
  sim_log="$DATA_DIR/logs/platform-sim.log"
  echo "[start] platform-sim on 127.0.0.1:7300-7309, its OIDC IdP on 127.0.0.1:7311 (log $sim_log)"
  node --require "$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")')" \
    packages/platform-sim/src/cli.ts >"$sim_log" 2>&1 &
  pids_to_stop+=($!)
  if ! wait_for_line "$sim_log" "platform-sim ready" "${pids_to_stop[0]}" 60; then
    tail -20 "$sim_log" >&2
    exit 1
  fi
fi
# The templates publish new repositories and infra/GitOps changes here, as they do to GitHub in
# production; the GitOps repository starts as a copy of this repository's infra/.
# Its token: every write and git request must carry it; the backend gets it as PIER_GIT_TOKEN
# (templates.publishing.git.token in app-config.sim.yaml). A new one per run unless set.
PIER_GIT_TOKEN="${PIER_GIT_TOKEN:-$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')}"
export PIER_GIT_TOKEN
git_log="$DATA_DIR/logs/git-server.log"
echo "[start] local git host on 127.0.0.1:$PIER_GIT_PORT (repositories in $DATA_DIR/git, log $git_log)"
node scripts/git-server.mjs --port "$PIER_GIT_PORT" --dir "$DATA_DIR/git" --seed "infra=$ROOT/infra" >"$git_log" 2>&1 &
pids_to_stop+=($!)
if ! wait_for_line "$git_log" "git server ready" "$!" 30; then
  tail -20 "$git_log" >&2
  exit 1
fi
echo "[start] backend on 127.0.0.1:$PORT (SQLite in $DATA_DIR/sqlite, log $log)"
# The backend stays in this script's process group: Ctrl-C, or killing the group, stops both.
# The local sign-in session secret (no config file has a default, so production cannot inherit one).
PIER_AUTH_SESSION_SECRET="${PIER_AUTH_SESSION_SECRET:-pier-local-session-secret-not-for-production}" \
PIER_PORT="$PORT" PIER_DATA_DIR="$DATA_DIR" PIER_REPO_ROOT="$ROOT" NODE_ENV=production \
  node --enable-source-maps --require "$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")')" \
  packages/backend/src/index.ts "${config_args[@]}" > >(tee "$log") 2>&1 &
backend_pid=$!
pids_to_stop=("$backend_pid" "${pids_to_stop[@]}")

if ! wait_ready "http://127.0.0.1:$PORT" "$backend_pid" "${PIER_READY_TIMEOUT:-180}"; then
  if grep -qE 'Config validation failed|Missing required config|Invalid type in config|Failed to read config' "$log"; then
    echo "[start] the configuration is wrong (key named above): fix it in ${config_files[*]}" >&2
  fi
  exit 1
fi
echo
echo "Pier is ready: http://127.0.0.1:$PORT"
echo
wait "$backend_pid"
