// The production database path: the same backend on PostgreSQL ingests and serves the same catalog
// as on SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import yaml from 'yaml';
import { settledEntityRefs } from './entities.mjs';

// What the repository declares: every document of catalog-info.yaml and catalog/*.yaml.
function declaredRefs() {
  const files = ['catalog-info.yaml', ...fs.readdirSync('catalog').map(f => `catalog/${f}`)];
  return files
    .flatMap(f => yaml.parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJS()))
    .map(e => `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase());
}

test('SQLite and PostgreSQL serve the same entities, and every declared entity is served', async () => {
  const declared = declaredRefs();
  const [sqlite, pg] = await Promise.all([
    settledEntityRefs(process.env.PIER_SQLITE_URL, { min: declared.length }),
    settledEntityRefs(process.env.PIER_PG_URL, { min: declared.length }),
  ]);
  assert.deepEqual(pg, sqlite);
  for (const ref of declared) assert.ok(pg.includes(ref), `${ref} is declared but not served`);
});
