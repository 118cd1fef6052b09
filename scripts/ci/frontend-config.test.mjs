// Every config key the browser reads is declared frontend-visible. The app and frontend plugins'
// sources are scanned for config reads with a literal key (`config.getOptionalString('a.b')`…);
// the schema is loaded with @backstage/config-loader from the app and the frontend packages as the
// app build collects it, and each key must survive the frontend visibility filter that app-backend
// applies before it serves config to the browser. A key that does not would be undefined in
// production, whatever app-config says (as `pier.signIn.providers` was).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { loadConfigSchema } = require('@backstage/config-loader');

const FRONTEND_ROLES = new Set([
  'frontend',
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
]);

function frontendPackages() {
  const out = [];
  for (const parent of ['packages', 'plugins']) {
    for (const name of readdirSync(join(ROOT, parent))) {
      const dir = join(ROOT, parent, name);
      let pkg;
      try {
        pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (FRONTEND_ROLES.has(pkg.backstage?.role))
        out.push({ name: pkg.name, dir });
    }
  }
  return out;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (
        !['node_modules', 'dist', 'dist-types', '__fixtures__'].includes(entry)
      )
        out.push(...sourceFiles(path));
    } else if (
      /\.(ts|tsx|js|jsx)$/.test(entry) &&
      !/\.(test|stories)\.[jt]sx?$/.test(entry)
    ) {
      out.push(path);
    }
  }
  return out;
}

const READ =
  /\.(get|getOptional)(String|Number|Boolean|StringArray|Config|ConfigArray)?\(\s*['"`]([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)['"`]\s*\)/g;

/** Config reads with a literal key in the frontend sources: key → {getter, files}. */
export function frontendConfigReads() {
  const reads = new Map();
  for (const pkg of frontendPackages()) {
    for (const file of sourceFiles(join(pkg.dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      if (!/configApi|ConfigApi|configApiRef|\bconfig\b/.test(text)) continue;
      for (const m of text.matchAll(READ)) {
        const entry = reads.get(m[3]) ?? {
          getter: m[2] ?? '',
          files: new Set(),
        };
        entry.files.add(relative(ROOT, file));
        reads.set(m[3], entry);
      }
    }
  }
  return reads;
}

const sample = getter =>
  ({
    Number: 1,
    Boolean: true,
    StringArray: ['x'],
    Config: {},
    ConfigArray: [{}],
  }[getter] ?? 'x');

function setPath(obj, key, value) {
  const parts = key.split('.');
  let node = obj;
  for (const p of parts.slice(0, -1)) node = node[p] ??= {};
  node[parts.at(-1)] = value;
  return obj;
}
function getPath(obj, key) {
  return key.split('.').reduce((n, p) => (n == null ? undefined : n[p]), obj);
}

let schemaPromise;
/** The schema the app build collects (the app's and its dependencies' config.d.ts / schema files). */
function frontendSchema() {
  schemaPromise ??= loadConfigSchema({
    dependencies: frontendPackages().map(p => p.name),
    packagePaths: [],
  });
  return schemaPromise;
}
// The required keys, so that validation passes and visibility is applied as app-backend applies it.
const BASE = {
  app: { baseUrl: 'http://app.invalid' },
  backend: { baseUrl: 'http://app.invalid', listen: { port: 1 } },
};

/** Whether app-backend would pass `key` (read with `getter`) to the browser. */
async function servedToBrowser(schema, key, getter) {
  if (getter === 'Config' || getter === 'ConfigArray') {
    // An object read: some declared leaf under it must be frontend-visible.
    const json = schema.serialize();
    const visible = json.schemas.some(({ value }) => {
      let node = value;
      for (const p of key.split('.')) node = node?.properties?.[p];
      return node && JSON.stringify(node).includes('"visibility":"frontend"');
    });
    return visible;
  }
  const processed = schema.process(
    [
      { data: BASE, context: 'base' },
      { data: setPath({}, key, sample(getter)), context: 'probe' },
    ],
    { visibility: ['frontend'], ignoreSchemaErrors: true },
  );
  return (
    getPath(processed.find(c => c.context === 'probe')?.data ?? {}, key) !==
    undefined
  );
}

test('the scan finds the frontend config reads', () => {
  const sample = `const c = useApi(configApiRef);\nc.getOptionalStringArray('pier.signIn.providers');\nconfigApi.getString("app.title");\nconfig.getOptional('x'); other.get(key);`;
  assert.deepEqual(
    [...sample.matchAll(READ)].map(m => m[3]),
    ['pier.signIn.providers', 'app.title'],
  );
  const reads = frontendConfigReads();
  assert.ok(
    reads.has('auth.environment'),
    `found: ${[...reads.keys()].join(', ')}`,
  );
});

test('the visibility check refuses an undeclared key', async () => {
  const schema = await frontendSchema();
  assert.equal(
    await servedToBrowser(schema, 'pier.notDeclaredAnywhere', 'String'),
    false,
  );
  assert.equal(
    await servedToBrowser(schema, 'backend.database.client', 'String'),
    false,
  );
  assert.equal(
    await servedToBrowser(schema, 'auth.session.secret', 'String'),
    false,
  );
  assert.equal(await servedToBrowser(schema, 'app.baseUrl', 'String'), true);
});

test('every config key the browser reads is declared with @visibility frontend', async () => {
  const schema = await frontendSchema();
  const missing = [];
  for (const [key, { getter, files }] of frontendConfigReads()) {
    if (!(await servedToBrowser(schema, key, getter)))
      missing.push(`${key} (read in ${[...files].join(', ')})`);
  }
  assert.deepEqual(
    missing,
    [],
    `not frontend-visible in any config.d.ts:\n  ${missing.join('\n  ')}`,
  );
});
