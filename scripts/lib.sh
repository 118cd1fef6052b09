# Helpers shared by start.sh and test.sh. Sourced after bootstrap.sh.

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Kill a process group started with setsid, and wait for it.
stop_group() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# Stop one process (SIGTERM, then SIGKILL after 10 s), and wait for it.
stop_backend() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Wait until FILE contains LINE; fail early if PID died.
wait_for_line() {
  local file="$1" line="$2" pid="$3" timeout="$4" start=$SECONDS
  while (( SECONDS - start < timeout )); do
    grep -q "$line" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "[start] process $pid exited (log $file)" >&2; return 1; }
    sleep 0.3
  done
  echo "[start] no '$line' in $file after ${timeout}s" >&2
  return 1
}

# Wait until the backend answers its readiness probe; fail early if it died.
wait_ready() {
  local url="$1" pid="$2" timeout="$3" start=$SECONDS
  while (( SECONDS - start < timeout )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "[start] the backend exited before it was ready" >&2
      return 1
    fi
    if curl -fsS -o /dev/null "$url/.backstage/health/v1/readiness" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "[start] the backend was not ready after ${timeout}s" >&2
  return 1
}

# Rebuild packages/app/dist when any frontend source is newer than the last build.
build_app_if_stale() {
  local stamp="$PIER_ROOT/packages/app/dist/.pier-build-stamp"
  if [ "${PIER_NO_BUILD:-0}" = 1 ] && [ -f "$stamp" ]; then return 0; fi
  if [ -f "$stamp" ] && [ -z "$(find "$PIER_ROOT/packages/app" "$PIER_ROOT/plugins" "$PIER_ROOT/yarn.lock" \
    \( -name node_modules -o -name dist -o -name dist-types \) -prune -o \
    -type f -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "[build] building the app (production bundle)" >&2
  (cd "$PIER_ROOT" && yarn workspace app build)
  touch "$stamp"
}

# Each config file must exist and be valid YAML; names the file that is not.
check_config_files() {
  node -e '
    const fs = require("fs");
    const yaml = require("yaml");
    for (const file of process.argv.slice(1)) {
      if (!fs.existsSync(file)) { console.error(`[start] config file not found: ${file}`); process.exit(1); }
      const docs = yaml.parseAllDocuments(fs.readFileSync(file, "utf8"));
      const err = docs.flatMap(d => d.errors)[0];
      if (err) { console.error(`[start] ${err.message.split("\n")[0]}\n[start] fix ${file}`); process.exit(1); }
    }' "$@"
}
