#!/usr/bin/env bash
# Everything CI runs, on a fresh Debian machine or a developer's: `yarn test` or `bash scripts/test.sh`.
#   lint, type-check, unit tests (Jest), production build, Playwright e2e in Debian's Chromium against
#   the production build on SQLite, the same backend on a throwaway PostgreSQL (catalog parity), and
#   the start command's failure modes. Ends with one line: `N passed, N failed`.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PIER_EXTRA_DEBIAN_PACKAGES="chromium postgresql redis-server"
# shellcheck source=scripts/bootstrap.sh
. scripts/bootstrap.sh || { echo "bootstrap failed"; echo "0 passed, 1 failed"; exit 1; }
set +e
. scripts/lib.sh

OUT="$ROOT/test-results"
rm -rf "$OUT" && mkdir -p "$OUT"
TIMINGS="$OUT/timings.txt"
export PIER_E2E_METRICS="$OUT/e2e-metrics.txt"
passed=0
failed=0
failures=()
pids=()
RUN_START=$SECONDS

SIM_PID=""
cleanup() {
  for pid in "${pids[@]}"; do stop_group "$pid"; done
  [ -n "$SIM_PID" ] && stop_backend "$SIM_PID"
  stop_postgres
  stop_valkey
}
trap cleanup EXIT

timed() { # timed NAME CMD... : run, record seconds
  local name="$1" t0=$SECONDS
  shift
  echo "==> $name"
  "$@"
  local rc=$?
  echo "$name=$((SECONDS - t0))s" >>"$TIMINGS"
  return $rc
}

check() { # a single pass/fail check (lint, tsc, build)
  local name="$1"
  shift
  if timed "$name" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

add_counts() { # add_counts NAME PASSED FAILED RC
  local name="$1" p="$2" f="$3" rc="$4"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # a runner that crashed counts as a failure
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$f" -gt 0 ] && failures+=("$name")
  echo "    $name: $p passed, $f failed"
}

start_backend() { # start_backend PORT DATA_DIR [CONFIG...] ; sets BACKEND_PID
  local port="$1" data="$2"
  shift 2
  # Each backend gets its own local git host (start.sh), so two backends can run at once.
  PIER_PORT="$port" PIER_GIT_PORT="$((port + 1000))" PIER_DATA_DIR="$data" PIER_NO_BUILD=1 PIER_SIM=0 PIER_CONFIG="$*" \
    setsid bash scripts/start.sh >"$OUT/backend-$port.log" 2>&1 &
  BACKEND_PID=$!
  pids+=("$BACKEND_PID")
  local t0=$SECONDS
  for _ in $(seq 1 240); do
    grep -q "Pier is ready" "$OUT/backend-$port.log" && {
      echo "backend_$port boot-to-ready=$((SECONDS - t0))s" >>"$TIMINGS"
      return 0
    }
    kill -0 "$BACKEND_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "backend on $port did not become ready; log:" && tail -40 "$OUT/backend-$port.log"
  return 1
}

PG_DIR=""
start_postgres() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  PG_DIR="$(mktemp -d /tmp/pier-pg.XXXXXX)"
  chown postgres "$PG_DIR"
  su postgres -s /bin/sh -c "$bin/initdb -D $PG_DIR/data --auth=trust -U postgres >/dev/null" &&
    pg_tls_certs "$PG_DIR" &&
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -o '-c listen_addresses=127.0.0.1 -p 54329 -k $PG_DIR -c ssl=on -c ssl_cert_file=$PG_DIR/server.pem -c ssl_key_file=$PG_DIR/server.key' -w start >/dev/null"
}
# TLS as RDS offers it (plain connections stay allowed for the unit tests): a throwaway CA, and a
# server certificate for 127.0.0.1 it signs. The production-parity run trusts only this CA, through
# the same NODE_EXTRA_CA_CERTS variable that trusts the RDS bundle in the image.
pg_tls_certs() { # pg_tls_certs DIR
  local d="$1"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=pier-test-database-ca -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null &&
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
      -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null &&
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$d/server.ext" &&
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
      -days 2 -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null &&
    chown postgres "$d/server.key" "$d/server.pem" && chmod 600 "$d/server.key" &&
    export PARITY_PG_CA="$d/ca.pem"
}
stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -m fast stop >/dev/null" 2>/dev/null
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# The production cache path: Debian 12 has no Valkey, but redis-server speaks the same protocol to
# the valkey store (iovalkey). Throwaway, in memory only.
VALKEY_PID=""
start_valkey() {
  redis-server --bind 127.0.0.1 --port 63799 --save '' --appendonly no --loglevel warning &
  VALKEY_PID=$!
  for _ in $(seq 50); do
    redis-cli -p 63799 ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  return 1
}
stop_valkey() {
  [ -n "$VALKEY_PID" ] || return 0
  kill "$VALKEY_PID" 2>/dev/null
  wait "$VALKEY_PID" 2>/dev/null
  VALKEY_PID=""
}

# ---- static checks
check lint yarn backstage-cli repo lint
check tsc yarn tsc

# ---- production build of the app (the backend serves it). Before the unit tests: the backend's route
# sweep starts the backend as production does, and the app shell's routes exist only with a built app.
check build bash -c 'yarn workspace app build >"$0/app-build.log" 2>&1 && touch packages/app/dist/.pier-build-stamp' "$OUT"

# ---- unit tests (Jest, every workspace)
# The Kubernetes backend loads @kubernetes/client-node (ESM) with import(), which Jest only allows with
# --experimental-vm-modules; that flag breaks the static ESM transform the other packages rely on.
# So the packages that start the Kubernetes backend run in a second Jest pass with the flag.
VM_MODULES_PROJECTS=(backend)
unit_pass() { # unit_pass NAME NODE_OPTIONS JEST_ARGS...
  local name="$1" node_options="$2"
  shift 2
  NODE_OPTIONS="$node_options" CI=true timed "$name" yarn backstage-cli repo test --ci --json --outputFile="$OUT/$name.json" "$@"
  local rc=$?
  read -r p f < <(node -e '
    try { const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0)); }
    catch { console.log(0, 1); }' "$OUT/$name.json")
  add_counts "$name" "$p" "$f" "$rc"
}
# Plugins' database code runs on SQLite and, through backend-test-utils' TestDatabases, on this real
# PostgreSQL (Debian 12's 15, the production engine family); without the variable those cases skip.
if timed postgres start_postgres; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:54329"
else
  echo "PostgreSQL did not start: the unit tests' PostgreSQL cases and the parity check will fail"
fi
if timed valkey start_valkey; then
  export PIER_TEST_VALKEY_URL="redis://127.0.0.1:63799"
else
  echo "redis-server did not start: the shared-cache test cannot run"
  add_counts valkey 0 1 1
fi
unit_pass unit "" --ignoreProjects "${VM_MODULES_PROJECTS[@]}"
unit_pass unit-vm-modules --experimental-vm-modules --selectProjects "${VM_MODULES_PROJECTS[@]}"


# ---- platform-sim (with its OIDC IdP on 7311, where every backend below signs people in), shared by every backend below
SIM_LOG="$OUT/platform-sim.log"
node --require "$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")')" \
  packages/platform-sim/src/cli.ts >"$SIM_LOG" 2>&1 &
SIM_PID=$!
wait_for_line "$SIM_LOG" "platform-sim ready" "$SIM_PID" 60 || tail -20 "$SIM_LOG"

# ---- e2e on SQLite
export PIER_CI_TOKEN="ci-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CI_CONFIG="$ROOT/scripts/ci/app-config.ci.yaml"
SQLITE_DATA="$(mktemp -d /tmp/pier-sqlite.XXXXXX)"
if timed start-sqlite start_backend 7107 "$SQLITE_DATA" "$CI_CONFIG"; then
  SQLITE_PID=$BACKEND_PID
  PLAYWRIGHT_URL=http://127.0.0.1:7107 PLAYWRIGHT_JSON="$OUT/e2e.json" timed e2e yarn playwright test
  rc=$?
  read -r p f < <(node -e '
    try { const s = require(process.argv[1]).stats; console.log(s.expected, s.unexpected + s.flaky); }
    catch { console.log(0, 1); }' "$OUT/e2e.json")
  add_counts e2e "$p" "$f" "$rc"

  # ---- PostgreSQL: the same backend on a throwaway cluster must serve the same catalog
  if [ -n "$PG_DIR" ] && timed start-postgres start_backend 7108 "$(mktemp -d)" "$CI_CONFIG" "$ROOT/scripts/ci/app-config.postgres.yaml"; then
    PIER_SQLITE_URL=http://127.0.0.1:7107 PIER_PG_URL=http://127.0.0.1:7108 \
      timed parity node --test --test-reporter=tap scripts/ci/catalog-parity.test.mjs >"$OUT/parity.tap" 2>&1
    rc=$?
    cat "$OUT/parity.tap" | grep -E '^(not )?ok|^# (pass|fail)' || true
    add_counts parity "$(awk '/^# pass/{print $3}' "$OUT/parity.tap")" "$(awk '/^# fail/{print $3}' "$OUT/parity.tap")" "$rc"
  else
    add_counts parity 0 1 1
  fi

  # ---- crash and restart on the same SQLite files: same entities, none duplicated
  node scripts/ci/entities.mjs http://127.0.0.1:7107 >"$OUT/entities-before.json"
  kill -KILL -- "-$SQLITE_PID" 2>/dev/null
  sleep 1
  if timed restart-sqlite start_backend 7107 "$SQLITE_DATA" "$CI_CONFIG"; then
    PIER_SQLITE_URL=http://127.0.0.1:7107 PIER_BEFORE_CRASH="$OUT/entities-before.json" \
      node --test --test-reporter=tap scripts/ci/restart.test.mjs >"$OUT/restart.tap" 2>&1
    rc=$?
    grep -E '^(not )?ok' "$OUT/restart.tap" || true
    add_counts restart "$(awk '/^# pass/{print $3}' "$OUT/restart.tap")" "$(awk '/^# fail/{print $3}' "$OUT/restart.tap")" "$rc"
  else
    add_counts restart 0 1 1
  fi

  # ---- two replicas on this PostgreSQL (fresh databases) and cache: both start at once and serve,
  # each scheduled task runs once per period across them, one killed mid-ingestion loses nothing
  if [ -n "$PG_DIR" ] && [ -n "$VALKEY_PID" ]; then
    REPLICAS_OUT="$OUT/replicas" timed replicas node --test --test-reporter=tap scripts/ci/replicas.test.mjs >"$OUT/replicas.tap" 2>&1
    rc=$?
    grep -E '^(not )?ok|replica counts' "$OUT/replicas.tap" || true
    add_counts replicas "$(awk '/^# pass/{print $3}' "$OUT/replicas.tap")" "$(awk '/^# fail/{print $3}' "$OUT/replicas.tap")" "$rc"
  else
    add_counts replicas 0 1 1
  fi

  # ---- the fault matrix: every upstream × fault against one backend with short periods; writes
  # test-results/fault-matrix.md (docs/fault-matrix.md only with FAULT_MATRIX_WRITE_DOCS=1, never here)
  FAULT_MATRIX_WRITE_DOCS=0 FAULT_MATRIX_OUT="$OUT/fault-matrix" \
    timed fault-matrix node --test --test-reporter=tap scripts/ci/fault-matrix.test.mjs >"$OUT/fault-matrix.tap" 2>&1
  rc=$?
  grep -E '^not ok' "$OUT/fault-matrix.tap" || true
  add_counts fault-matrix "$(awk '/^# pass/{print $3}' "$OUT/fault-matrix.tap")" "$(awk '/^# fail/{print $3}' "$OUT/fault-matrix.tap")" "$rc"
else
  add_counts e2e 0 1 1
fi
for pid in "${pids[@]}"; do stop_group "$pid"; done
pids=()
stop_backend "$SIM_PID"
SIM_PID=""
stop_postgres
stop_valkey
rm -rf "$SQLITE_DATA"

# ---- production parity: the backend as packages/backend/Dockerfile ships it (yarn build:backend,
# skeleton + bundle, production-only install), app-config.yaml + app-config.production.yaml and
# environment variables only, on a fresh PostgreSQL, the cache and platform-sim (production's auth
# paths: STS, EKS tokens, Argo CD account tokens, AWS_ENDPOINT_URL_*); Chromium signs in through the
# IdP and opens every page; no secret reaches the browser, the log, error bodies or CSV exports.
prod_parity() {
  start_postgres || return 1
  start_valkey || return 1
  node --require "$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")')" \
    packages/platform-sim/src/cli.ts >"$OUT/platform-sim-parity.log" 2>&1 &
  SIM_PID=$!
  wait_for_line "$OUT/platform-sim-parity.log" "platform-sim ready" "$SIM_PID" 60 || return 1
  PARITY_OUT="$OUT/prod-parity" bash scripts/ci/prod-parity.sh
}
rm -f "$OUT/prod-parity/counts"
echo "==> prod-parity (log $OUT/prod-parity.log)"
timed prod-parity prod_parity >"$OUT/prod-parity.log" 2>&1
rc=$?
grep -E '^ *(not )?ok|passed, .* failed|✓|✘' "$OUT/prod-parity.log" || tail -20 "$OUT/prod-parity.log"
read -r p f 2>/dev/null <"$OUT/prod-parity/counts" || { p=0 f=1; }
add_counts prod-parity "$p" "$f" "$rc"
cat "$OUT/prod-parity/timings" >>"$TIMINGS" 2>/dev/null
stop_backend "$SIM_PID"
SIM_PID=""
stop_postgres
stop_valkey

# ---- the start command's failure modes (port in use, broken config), and the local git host's guard rails
timed start-failures node --test --test-reporter=tap scripts/ci/start.test.mjs scripts/ci/repo.test.mjs scripts/ci/git-server.test.mjs >"$OUT/start.tap" 2>&1
rc=$?
grep -E '^(not )?ok' "$OUT/start.tap" || true
add_counts start-failures "$(awk '/^# pass/{print $3}' "$OUT/start.tap")" "$(awk '/^# fail/{print $3}' "$OUT/start.tap")" "$rc"

echo "total=$((SECONDS - RUN_START))s" >>"$TIMINGS"
echo
[ "$failed" -gt 0 ] && for d in "$OUT" "$OUT/prod-parity"; do [ -d "$d" ] && node scripts/ci/failure-details.mjs "$d"; done
echo "Timings:" && sed 's/^/  /' "$TIMINGS"
[ -f "$PIER_E2E_METRICS" ] && echo "E2E metrics:" && sed 's/^/  /' "$PIER_E2E_METRICS"
[ ${#failures[@]} -gt 0 ] && echo "Failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
