#!/usr/bin/env bash
# A vanilla Backstage backend of Pier's release, for `yarn bench`'s memory and start-up comparison:
# the backend `@backstage/create-app` generates (its template's plugin list, packages/backend/src/
# index.ts of create-app's default-app), with every @backstage/* package at the version Pier's
# yarn.lock resolves, and the few Pier does not use at the version published in the same release
# (2026-11-17, Backstage 1.57.0). Compiled JS only (no TypeScript), started as `node index.js`,
# like Pier's production bundle. Built OUTSIDE the repository with the repository's yarn and its
# cache (a copy of Pier's yarn.lock seeds the resolutions; only the extra plugins come from the
# registry). It serves Pier's built frontend (packages/app/dist), so both serve the same assets.
#
#   bash scripts/bench/vanilla.sh [DIR]     (default /tmp/vanilla; skipped when DIR/.ready exists)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
V="${1:-/tmp/vanilla}"
[ -f "$V/.ready" ] && exit 0
rm -rf "$V"
mkdir -p "$V/packages/backend" "$V/packages/app/dist" "$V/.yarn/releases"
cd "$V"
cp "$ROOT"/.yarn/releases/yarn-*.cjs .yarn/releases/
cp "$ROOT/yarn.lock" "$ROOT/backstage.json" .
cat >.yarnrc.yml <<YARNRC
nodeLinker: node-modules
npmMinimalAgeGate: 3d
npmPreapprovedPackages:
  - '@backstage/*'
yarnPath: .yarn/releases/$(basename "$ROOT"/.yarn/releases/yarn-*.cjs)
YARNRC
cat >package.json <<'PKG'
{ "name": "vanilla-root", "private": true, "workspaces": ["packages/*"],
  "dependenciesMeta": { "keytar": { "built": false } } }
PKG
# Versions: Pier's lock where it has the package, else the one released with it.
locked() { grep -A1 "^\"@backstage/$1@" "$ROOT/yarn.lock" | sed -n 's/^  version: //p' | head -1; }
deps=()
for p in backend-defaults config plugin-app-backend plugin-auth-backend plugin-auth-node \
  plugin-catalog-backend plugin-catalog-backend-module-logs \
  plugin-catalog-backend-module-scaffolder-entity-model plugin-kubernetes-backend \
  plugin-permission-backend plugin-permission-common plugin-permission-node plugin-scaffolder-backend \
  plugin-scaffolder-backend-module-github plugin-search-backend plugin-search-backend-module-catalog \
  plugin-search-backend-module-pg plugin-search-backend-node plugin-signals-backend \
  plugin-user-settings-backend; do
  deps+=("$p=$(locked "$p")")
done
deps+=(plugin-auth-backend-module-github-provider=0.5.9 plugin-auth-backend-module-guest-provider=0.2.25
  plugin-mcp-actions-backend=0.2.4 plugin-notifications-backend=0.6.11
  plugin-permission-backend-module-allow-all-policy=0.2.25 plugin-proxy-backend=0.6.20
  plugin-scaffolder-backend-module-notifications=0.1.28 plugin-search-backend-module-techdocs=0.4.20
  plugin-techdocs-backend=2.4.3)
node -e '
  const deps = {};
  for (const p of process.argv.slice(1)) { const [n, v] = p.split("="); if (!v) throw new Error(`no version for ${n}`); deps[`@backstage/${n}`] = v; }
  Object.assign(deps, { app: "link:../app", "better-sqlite3": "^12.0.0", "node-gyp": "^10.0.0", pg: "^8.11.3" });
  require("fs").writeFileSync("packages/backend/package.json", JSON.stringify({ name: "backend", version: "0.0.0", private: true, main: "index.js", dependencies: deps }, null, 2));
' "${deps[@]}"
echo '{"name":"app","version":"0.0.0","private":true}' >packages/app/package.json
cp -r "$ROOT/packages/app/dist/." packages/app/dist/
# create-app's default-app packages/backend/src/index.ts, as CommonJS.
cat >packages/backend/index.js <<'INDEX'
const { createBackend } = require('@backstage/backend-defaults');
const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-notifications'));
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.start();
INDEX
node .yarn/releases/yarn-*.cjs install >install.log 2>&1 || { tail -30 install.log; exit 1; }
touch .ready
