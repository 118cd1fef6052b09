#!/usr/bin/env bash
# The backend as packages/backend/Dockerfile ships it, unpacked into DIR for `yarn bench` (the same
# steps as scripts/ci/prod-parity.sh: `yarn build:backend` → skeleton.tar.gz + bundle.tar.gz, a
# production-only install, the files the image copies next to them). Compiled JS only.
#
#   bash scripts/bench/artifact.sh DIR [--no-build]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$1"
if [ "${2:-}" != --no-build ] || [ ! -f packages/backend/dist/bundle.tar.gz ]; then
  yarn build:backend >"$WORK.build.log" 2>&1 || { tail -30 "$WORK.build.log"; exit 1; }
fi
rm -rf "$WORK" && mkdir -p "$WORK/.yarn"
cp -r .yarn/releases .yarn/patches "$WORK/.yarn/" # the Dockerfile copies .yarn (releases, patches)
cp .yarnrc.yml backstage.json yarn.lock package.json "$WORK/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$WORK"
(cd "$WORK" && NODE_ENV=production yarn workspaces focus --all --production) >"$WORK.install.log" 2>&1 ||
  { tail -30 "$WORK.install.log"; exit 1; }
cp -r catalog-info.yaml catalog templates "$WORK/"
mkdir -p "$WORK/packages/backend" && cp -r packages/backend/certs "$WORK/packages/backend/"
cp app-config*.yaml scripts/ci/app-config.ci.yaml "$WORK/"
tar xzf packages/backend/dist/bundle.tar.gz -C "$WORK"
touch "$WORK/.ready"
