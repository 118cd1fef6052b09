#!/usr/bin/env bash
# Production parity: boots the backend AS THE IMAGE SHIPS IT and drives it.
#
#   1. the configuration checks (every key the browser reads is declared frontend-visible; no
#      production value falls back to a loopback/simulator default);
#   2. the artifact packages/backend/Dockerfile builds: `yarn build:backend` → skeleton.tar.gz +
#      bundle.tar.gz, unpacked into a scratch directory with what the image copies next to them
#      (.yarn, .yarnrc.yml, backstage.json, yarn.lock, package.json, catalog-info.yaml, catalog/,
#      templates/, app-config*.yaml), `yarn workspaces focus --all --production` there;
#   3. `node packages/backend --config app-config.yaml --config app-config.production.yaml` from that
#      directory with NODE_ENV=production and ONLY environment variables (env -i): PostgreSQL, the
#      Valkey-protocol cache, the local OIDC IdP, platform-sim through the production auth paths
#      (EKS tokens via STS AssumeRole, Argo CD account tokens, AWS_ENDPOINT_URL_*), canary secrets;
#   4. readiness, then Playwright (packages/app/e2e-tests/prodParity.test.ts: OIDC sign-in as a lead,
#      every page loads its data), then the secrets check (no canary in the built frontend, the served
#      config, index.html, the backend log, error bodies, CSV exports).
#
# Expects PostgreSQL, the cache and platform-sim (with its IdP) to be running (scripts/test.sh starts
# them). Writes `<passed> <failed>` to $PARITY_OUT/counts and `name=Ns` lines to $PARITY_OUT/timings.
#
#   PARITY_OUT        results directory (default test-results/prod-parity)
#   PARITY_PORT       backend port (default 7109)
#   PARITY_PG_PORT    PostgreSQL (default 54329, user postgres, trust auth)
#   PARITY_CACHE_PORT redis-server/Valkey (default 63799)
#   PARITY_SIM_BASE   platform-sim's first port (default 7300: admin/STS; +1/+2 Kubernetes, +3/+4 Argo
#                     CD, +5 Datadog, +6 SecurityHub, +7 Inspector2, +8 Cost Explorer, +9 OpenCost,
#                     +11 the OIDC IdP)
#   PARITY_KEEP=1     leave the scratch directory (printed) for inspection
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. scripts/lib.sh

OUT="${PARITY_OUT:-$ROOT/test-results/prod-parity}"
mkdir -p "$OUT"
: >"$OUT/timings"
PORT="${PARITY_PORT:-7109}"
PG_PORT="${PARITY_PG_PORT:-54329}"
CACHE_PORT="${PARITY_CACHE_PORT:-63799}"
SIM="${PARITY_SIM_BASE:-7300}"
BASE_URL="http://127.0.0.1:$PORT"
sim_url() { echo "http://127.0.0.1:$((SIM + $1))"; }

# Heavy steps take the machine-wide lock when PARITY_LOCK names one (several runs on one machine).
heavy() { if [ -n "${PARITY_LOCK:-}" ]; then flock "$PARITY_LOCK" "$@"; else "$@"; fi; }

passed=0
failed=0
WORK=""
BACKEND_PID=""
cleanup() {
  stop_group "$BACKEND_PID"
  if [ -n "$WORK" ] && [ "${PARITY_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
  rm -f "$OUT/.secrets.json"
  echo "$passed $failed" >"$OUT/counts"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
timing() { echo "prod-parity-$1=$2s" >>"$OUT/timings"; }
tap_counts() { # tap_counts FILE RC: add a node --test TAP file's counts
  local p f
  p="$(awk '/^# pass/{print $3}' "$1")"
  f="$(awk '/^# fail/{print $3}' "$1")"
  p="${p:-0}" f="${f:-0}"
  if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  grep -E '^(not )?ok' "$1" | sed 's/^/    /'
}

# ---- 1. configuration checks (no backend needed)
t0=$SECONDS
node --test --test-reporter=tap scripts/ci/frontend-config.test.mjs scripts/ci/production-config.test.mjs \
  >"$OUT/config.tap" 2>&1
tap_counts "$OUT/config.tap" $?
timing config $((SECONDS - t0))

# ---- 2. the artifact, as packages/backend/Dockerfile builds and installs it
t0=$SECONDS
if heavy yarn build:backend >"$OUT/build-backend.log" 2>&1; then
  ok "yarn build:backend (skeleton.tar.gz + bundle.tar.gz)"
else
  not_ok "yarn build:backend (log $OUT/build-backend.log)"
  exit 1
fi
timing build $((SECONDS - t0))

WORK="$(mktemp -d /tmp/pier-prod.XXXXXX)"
echo "# scratch image directory: $WORK"
t0=$SECONDS
# What the Dockerfile copies before `yarn workspaces focus` (.yarn holds the release and the
# patches; the package cache is the machine's, as the image build's cache mount is).
mkdir -p "$WORK/.yarn" && cp -r .yarn/releases .yarn/patches "$WORK/.yarn/"
cp .yarnrc.yml backstage.json yarn.lock package.json "$WORK/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$WORK"
if (cd "$WORK" && NODE_ENV=production heavy yarn workspaces focus --all --production) >"$OUT/install.log" 2>&1; then
  ok "production-only install (yarn workspaces focus --all --production)"
else
  not_ok "production-only install (log $OUT/install.log)"
  exit 1
fi
timing install $((SECONDS - t0))
cp -r catalog-info.yaml catalog templates "$WORK/"
mkdir -p "$WORK/packages/backend" && cp -r packages/backend/certs "$WORK/packages/backend/"
cp app-config*.yaml "$WORK/"
tar xzf packages/backend/dist/bundle.tar.gz -C "$WORK"
if [ -d "$WORK/node_modules/@backstage/cli" ] || [ -d "$WORK/node_modules/@playwright/test" ]; then
  not_ok "the production install carries dev dependencies"
else
  ok "the production install carries no dev dependencies (@backstage/cli, @playwright/test)"
fi

# ---- 3. the environment production gets, pointed at local stand-ins
# Argo CD: a read-only account token per instance, as an Argo CD admin issues it.
argocd_token() {
  local url="$1" session
  session="$(curl -fsS -X POST "$url/api/v1/session" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"pier-sim-argocd-password"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')" &&
    curl -fsS -X POST "$url/api/v1/account/pier/token" -H "authorization: Bearer $session" |
    node -pe 'JSON.parse(require("fs").readFileSync(0)).token'
}
ARGOCD_PROD_TOKEN="$(argocd_token "$(sim_url 3)")" || ARGOCD_PROD_TOKEN=""
ARGOCD_NONPROD_TOKEN="$(argocd_token "$(sim_url 4)")" || ARGOCD_NONPROD_TOKEN=""
# A CA for caData: the simulated API servers speak http, so it is only carried, never used.
CA_DATA="$(openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout /dev/null \
  -subj /CN=pier-parity-ca -days 1 2>/dev/null | base64 -w0)"
canary() { echo "PIERCANARY$1$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
GITHUB_KEY="-----BEGIN RSA PRIVATE KEY-----
$(canary GITHUBKEY)
-----END RSA PRIVATE KEY-----"

PARITY_ENV=(
  "PATH=$PATH" "HOME=${HOME:-/root}" "NODE_ENV=production" "TZ=UTC"
  # The image listens on 0.0.0.0:7007; here loopback and a port of our own, through Backstage's
  # own environment override (APP_CONFIG_*), not a config file.
  "APP_CONFIG_backend_listen_host=127.0.0.1" "APP_CONFIG_backend_listen_port=$PORT"
  "PIER_BASE_URL=$BASE_URL"
  # The demo services' catalog file is read from platform-sim (production reads GitHub, allowed by
  # its integration): the one host production's reading.allow gets here.
  "APP_CONFIG_backend_reading_allow=[{\"host\":\"127.0.0.1:$SIM\"}]"
  "POSTGRES_HOST=127.0.0.1" "POSTGRES_PORT=$PG_PORT" "POSTGRES_USER=postgres"
  "POSTGRES_PASSWORD=$(canary POSTGRES)"
  # The database's CA: the image trusts Amazon RDS's bundle through this variable (Dockerfile ENV);
  # here the throwaway CA of the local PostgreSQL (scripts/test.sh), nothing else.
  "NODE_EXTRA_CA_CERTS=${PARITY_PG_CA:-}"
  "PIER_CACHE_URL=redis://127.0.0.1:$CACHE_PORT"
  "AUTH_SESSION_SECRET=$(canary SESSION)" "PIER_BACKEND_SECRET=$(canary BACKEND)"
  "OIDC_METADATA_URL=$(sim_url 11)/.well-known/openid-configuration"
  "OIDC_CLIENT_ID=pier-sim-oidc-client" "OIDC_CLIENT_SECRET=pier-sim-oidc-client-secret-not-real"
  # The pod's own AWS identity (IRSA in the cluster): the simulator's static key; every role is
  # then assumed through STS as in production. The SDK's endpoint variables reach the simulator.
  "AWS_REGION=eu-west-1" "AWS_ACCESS_KEY_ID=AKIAPIERSIMULATOR000"
  "AWS_SECRET_ACCESS_KEY=pier-sim-aws-secret-access-key-not-real"
  "AWS_ENDPOINT_URL_STS=$(sim_url 0)" "AWS_ENDPOINT_URL_SECURITYHUB=$(sim_url 6)"
  "AWS_ENDPOINT_URL_INSPECTOR2=$(sim_url 7)" "AWS_ENDPOINT_URL_COST_EXPLORER=$(sim_url 8)"
  "SECURITY_FINDINGS_ACCOUNT_ID=123456789012" "SECURITY_FINDINGS_ROLE_NAME=pier-security-findings-readonly"
  "SECURITY_FINDINGS_EXTERNAL_ID=$(canary EXTERNALID)"
  "PLATFORM_COST_ACCOUNT_ID=111122223333" "PLATFORM_COST_ROLE_NAME=pier-cost-explorer-readonly"
  "EKS_PROD_ENDPOINT=$(sim_url 1)" "EKS_PROD_CA_DATA=$CA_DATA" "EKS_PROD_CLUSTER_NAME=prod"
  "EKS_PROD_READONLY_ROLE_ARN=arn:aws:iam::210987654321:role/pier-eks-prod-readonly"
  "EKS_NONPROD_ENDPOINT=$(sim_url 2)" "EKS_NONPROD_CA_DATA=$CA_DATA" "EKS_NONPROD_CLUSTER_NAME=nonprod"
  "EKS_NONPROD_READONLY_ROLE_ARN=arn:aws:iam::210987654321:role/pier-eks-nonprod-readonly"
  "ARGOCD_PROD_URL=$(sim_url 3)" "ARGOCD_PROD_TOKEN=$ARGOCD_PROD_TOKEN"
  "ARGOCD_NONPROD_URL=$(sim_url 4)" "ARGOCD_NONPROD_TOKEN=$ARGOCD_NONPROD_TOKEN"
  # Datadog's client takes its API origin from code, not the environment (only DD_SITE, https only):
  # the production file derives it from DATADOG_SITE, and Backstage's own override points it here.
  "DATADOG_SITE=datadoghq.com" "APP_CONFIG_datadog_baseUrl=$(sim_url 5)"
  "DATADOG_API_KEY=pier0sim0datadog0api0key000000000" "DATADOG_APP_KEY=pier0sim0datadog0application0key0000000000"
  "OPENCOST_PROD_URL=$(sim_url 9)" "OPENCOST_NONPROD_URL=$(sim_url 9)"
  "GITHUB_APP_ID=123456" "GITHUB_APP_CLIENT_ID=Iv1.pierparity0000" "GITHUB_APP_CLIENT_SECRET=$(canary GHSECRET)"
  "GITHUB_APP_PRIVATE_KEY=$GITHUB_KEY" "GITHUB_APP_WEBHOOK_SECRET=$(canary GHWEBHOOK)"
  "GITHUB_ORG=pier-example" "PIER_INFRA_REPOSITORY=infra"
)
# Every secret the backend holds, for the secrets check (name=value lines).
SECRETS_FILE="$OUT/.secrets.json"
SECRETS_FILE="$SECRETS_FILE" node -e '
  const secret = /^(POSTGRES_PASSWORD|AUTH_SESSION_SECRET|PIER_BACKEND_SECRET|OIDC_CLIENT_SECRET|AWS_SECRET_ACCESS_KEY|SECURITY_FINDINGS_EXTERNAL_ID|ARGOCD_.*_TOKEN|DATADOG_(API|APP)_KEY|GITHUB_APP_(CLIENT_SECRET|PRIVATE_KEY|WEBHOOK_SECRET))=/s;
  const pairs = process.argv.slice(1).filter(e => secret.test(e)).map(e => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]);
  require("fs").writeFileSync(process.env.SECRETS_FILE, JSON.stringify(Object.fromEntries(pairs)));
' "${PARITY_ENV[@]}"

# ---- 3b. the database connection is verified TLS (production's ssl settings, as the image trusts)
database_tls_checks() {
  local image_ca
  image_ca="$(sed -n 's|^ENV NODE_EXTRA_CA_CERTS=/app/||p' packages/backend/Dockerfile)"
  if [ -n "$image_ca" ] && [ "$(grep -c 'BEGIN CERTIFICATE' "$WORK/$image_ca" 2>/dev/null)" -ge 100 ]; then
    ok "the image trusts the RDS CA bundle it carries (NODE_EXTRA_CA_CERTS=/app/$image_ca, $(grep -c 'BEGIN CERTIFICATE' "$WORK/$image_ca") CAs)"
  else
    not_ok "the image's NODE_EXTRA_CA_CERTS ($image_ca) names no CA bundle in the artifact"
  fi
  if [ -z "${PARITY_PG_CA:-}" ]; then
    not_ok "PARITY_PG_CA is unset: the parity database must offer TLS (scripts/test.sh pg_tls_certs)"
    return
  fi
  # Production's own ssl settings from app-config.production.yaml, through the artifact's pg, with
  # and without the database's CA: only the trusted one may connect.
  local probe='
    const fs = require("fs"), { Client } = require("pg"), yaml = require("yaml");
    const { ssl } = yaml.parse(fs.readFileSync("app-config.production.yaml", "utf8")).backend.database.connection;
    const c = new Client({ host: "127.0.0.1", port: Number(process.env.PG_PORT), user: "postgres", database: "postgres", ssl });
    c.connect().then(() => c.query("select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
      .then(r => { console.log(r.rows[0].ssl ? "tls" : "plain"); return c.end(); })
      .catch(e => { console.log("refused " + (e.code || e.message)); process.exit(0); });'
  local trusted untrusted
  trusted="$(cd "$WORK" && env -i PATH="$PATH" PG_PORT="$PG_PORT" NODE_EXTRA_CA_CERTS="$PARITY_PG_CA" node -e "$probe" 2>&1)"
  untrusted="$(cd "$WORK" && env -i PATH="$PATH" PG_PORT="$PG_PORT" node -e "$probe" 2>&1)"
  if [ "$trusted" = tls ] && [[ "$untrusted" == refused* ]]; then
    ok "production's database connection verifies the server certificate (trusted CA: tls; without it: $untrusted)"
  else
    not_ok "production's database TLS: with the CA '$trusted', without it '$untrusted' (want tls, refused)"
  fi
}
database_tls_checks

# ---- 4. boot, from the image's working directory, with only that environment
LOG="$OUT/backend.log"
if [ -n "${PARITY_LOCK:-}" ]; then exec 9>"$PARITY_LOCK" && flock 9; fi # booting is heavy too
t0=$SECONDS
(cd "$WORK" && exec setsid env -i "${PARITY_ENV[@]}" \
  node packages/backend --config app-config.yaml --config app-config.production.yaml) >"$LOG" 2>&1 &
BACKEND_PID=$!
if wait_ready "$BASE_URL" "$BACKEND_PID" 240; then
  ok "the production artifact is ready ($((SECONDS - t0)) s)"
  timing boot-to-ready $((SECONDS - t0))
else
  not_ok "the production artifact did not become ready (log $LOG)"
  tail -40 "$LOG"
  exit 1
fi

# Every connection the backend holds to its databases is TLS.
psql_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"
read -r tls_conns all_conns < <("$psql_bin" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
  "select count(*) filter (where s.ssl), count(*) from pg_stat_ssl s join pg_stat_activity a using (pid)
   where a.datname like 'backstage_plugin_%'" -F ' ' 2>/dev/null)
if [ "${all_conns:-0}" -gt 0 ] && [ "$tls_conns" = "$all_conns" ]; then
  ok "every database connection of the backend is TLS ($tls_conns of $all_conns)"
else
  not_ok "database connections over TLS: ${tls_conns:-?} of ${all_conns:-?}"
fi

# The demo services: in production the catalog learns services from the templates' catalog:register
# (GitHub); here they are registered the same way, through the catalog API with the backend's
# external-access token, from platform-sim's generated catalog.
BACKEND_SECRET="$(printf '%s\n' "${PARITY_ENV[@]}" | sed -n 's/^PIER_BACKEND_SECRET=//p')"
status="$(curl -sS -o "$OUT/register.json" -w '%{http_code}' -X POST "$BASE_URL/api/catalog/locations" \
  -H "authorization: Bearer $BACKEND_SECRET" -H 'content-type: application/json' \
  -d "{\"type\":\"url\",\"target\":\"$(sim_url 0)/catalog/entities.yaml\"}")"
# 201 on a fresh database; 409 when a kept database already has it (a manual re-run).
if [ "$status" = 201 ] || [ "$status" = 409 ]; then
  ok "the demo services' Location is registered through the catalog API ($status)"
else
  not_ok "registering the demo services' Location answered $status: $(head -c 300 "$OUT/register.json")"
fi

# The automation token reaches the catalog only (accessRestrictions in app-config.production.yaml).
for path in /api/kubernetes/clusters /api/scaffolder/v2/tasks /api/security-findings/dashboard; do
  status="$(curl -sS -o /dev/null -w '%{http_code}' "$BASE_URL$path" -H "authorization: Bearer $BACKEND_SECRET")"
  if [ "$status" = 403 ]; then
    ok "the automation token is refused by $path (403)"
  else
    not_ok "the automation token reached $path ($status): it must be restricted to the catalog"
  fi
done

# ---- 5. the browser, signed in through the IdP
t0=$SECONDS
PLAYWRIGHT_URL="$BASE_URL" PLAYWRIGHT_JSON="$OUT/playwright.json" PIER_PROD_PARITY=1 \
  PIER_PARITY_DOWNLOADS="$OUT/downloads" yarn playwright test --project prod-parity >"$OUT/playwright.log" 2>&1
rc=$?
read -r p f < <(node -e '
  try { const s = require(process.argv[1]).stats; console.log(s.expected, s.unexpected + s.flaky); }
  catch { console.log(0, 1); }' "$OUT/playwright.json")
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
passed=$((passed + p))
failed=$((failed + f))
echo "    playwright: $p passed, $f failed"
grep -E '✓|✘|^\s+[0-9]+\) ' "$OUT/playwright.log" | head -30
timing playwright $((SECONDS - t0))

if [ -n "${PARITY_LOCK:-}" ]; then flock -u 9; fi

# ---- 6. secrets stay on the server
t0=$SECONDS
PARITY_URL="$BASE_URL" PARITY_SECRETS="$SECRETS_FILE" PARITY_LOG="$LOG" PARITY_APP_DIST="$WORK/packages/app/dist" \
  PARITY_DOWNLOADS="$OUT/downloads" PARITY_BACKEND_TOKEN="$BACKEND_SECRET" \
  node --test --test-reporter=tap scripts/ci/secrets.test.mjs >"$OUT/secrets.tap" 2>&1
tap_counts "$OUT/secrets.tap" $?
timing secrets $((SECONDS - t0))
exit 0
