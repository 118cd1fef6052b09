// Nothing in production falls back to a simulator default: app-config.yaml + app-config.production.yaml
// are loaded with @backstage/config-loader as the backend loads them, with every referenced
// environment variable set once to loopback values and once to *.invalid values. A leaf that
// points at loopback or the simulator (or holds a simulator credential) in the second load did not
// come from the environment: it is a local default production inherits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { createRequire } from 'node:module';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { ConfigSources } = require('@backstage/config-loader');

const FILES = ['app-config.yaml', 'app-config.production.yaml'].map(f =>
  resolve(ROOT, f),
);

/** Every `${VAR}` / `${VAR:-default}` the two files reference. */
export function referencedVariables() {
  const names = new Set();
  for (const file of FILES) {
    for (const m of readFileSync(file, 'utf8').matchAll(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g,
    )) {
      names.add(m[1]);
    }
  }
  return [...names].sort();
}

/** The simulator's credentials (packages/platform-sim/src/credentials.ts), as literals. */
function simulatorCredentials() {
  const text = readFileSync(
    resolve(ROOT, 'packages/platform-sim/src/credentials.ts'),
    'utf8',
  );
  return [
    ...text.matchAll(/export const (SIM_[A-Z0-9_]+)\s*=\s*\n?\s*'([^']+)'/g),
  ]
    .filter(m => !/_(REGION|USERNAME)$/.test(m[1])) // 'eu-west-1', 'admin' are not secrets
    .map(m => m[2]);
}

async function load(env) {
  const source = ConfigSources.defaultForTargets({
    rootDir: ROOT,
    targets: FILES.map(target => ({ type: 'path', target })),
    substitutionFunc: async name => env[name],
  });
  const config = await ConfigSources.toConfig(source);
  config.close?.();
  return config.get();
}

function leaves(value, path = [], out = []) {
  if (Array.isArray(value))
    value.forEach((v, i) => leaves(v, [...path, `[${i}]`], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  } else out.push([path.join('.').replace(/\.\[/g, '['), value]);
  return out;
}

const LOOPBACK =
  /(^|[/@:[\s'"])(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)(?=[:/\s'"\]]|$)/i;
const SIM_CREDENTIALS = simulatorCredentials();
/** How local-only values (app-config.sim.yaml, start.sh) say so. */
const LOCAL_ONLY = /not-for-production|not-real|pier-sim-|pier-local-/i;

/** Why a leaf points at a local stand-in, or undefined. */
export function localReason(value) {
  if (typeof value !== 'string') return undefined;
  if (LOOPBACK.test(value)) return `points at loopback (${value})`;
  const cred = SIM_CREDENTIALS.find(c => value.includes(c));
  if (cred) return `holds the simulator credential ${cred}`;
  if (LOCAL_ONLY.test(value)) return `holds a local-only value (${value})`;
  return undefined;
}

const envWith = valueFor =>
  Object.fromEntries(referencedVariables().map(n => [n, valueFor(n)]));
const isPort = name => /_PORT$/.test(name);

test('the configuration check sees loopback values that come from the environment', async () => {
  const config = await load(
    envWith(n =>
      isPort(n) ? '54329' : `http://127.0.0.1:9/${n.toLowerCase()}`,
    ),
  );
  const found = leaves(config).filter(([, v]) => localReason(v));
  assert.ok(
    found.some(([k]) => k === 'backend.baseUrl'),
    `backend.baseUrl from PIER_BASE_URL should read as loopback; found ${found
      .map(([k]) => k)
      .join(', ')}`,
  );
  assert.ok(SIM_CREDENTIALS.length >= 6, 'the simulator credentials were read');
});

test('no effective production value points at loopback or the simulator unless the environment says so', async () => {
  const config = await load(
    envWith(n =>
      isPort(n) ? '5432' : `${n.toLowerCase().replace(/_/g, '-')}.invalid`,
    ),
  );
  const offenders = leaves(config)
    .map(([key, value]) => [key, localReason(value)])
    .filter(([, reason]) => reason)
    .map(([key, reason]) => `${key} ${reason}`);
  assert.deepEqual(
    offenders,
    [],
    `production inherits local defaults:\n  ${offenders.join('\n  ')}`,
  );
});

// Backstage drops a leaf whose variable is unset, and the value of app-config.yaml shows through:
// app-config.yaml holds no local value (they live in app-config.sim.yaml), so a production variable
// left unset leaves its key unset (Backstage refuses to start where the key is required) instead of
// quietly pointing at 127.0.0.1 or sending the simulator's keys.
const KNOWN_UNSET_FALLBACKS = [];

test('a production variable left unset never falls back to a local default', async () => {
  const config = await load({});
  const fallbacks = leaves(config)
    .filter(([, value]) => localReason(value))
    .map(([key]) => key)
    .sort();
  assert.deepEqual(fallbacks, [...KNOWN_UNSET_FALLBACKS].sort());
});
