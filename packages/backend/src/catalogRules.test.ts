import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';

// The catalog's own rules enforcer (not exported from its index; read from its dist, unchanged).
const { DefaultCatalogRulesEnforcer } = require(path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'dist/ingestion/CatalogRules.cjs.js',
));

const repoRoot = path.resolve(__dirname, '../../..');

/** A config file's `catalog` block, with `${VAR:-default}` taken at its default. */
function catalogConfig(...files: string[]) {
  const merged: any = {};
  for (const file of files) {
    const text = fs
      .readFileSync(path.join(repoRoot, file), 'utf8')
      .replace(/\$\{PIER_REPO_ROOT:-[^}]*\}/g, repoRoot);
    const { catalog } = yaml.parse(text);
    Object.assign(merged, catalog);
  }
  return new ConfigReader({ catalog: merged });
}

const entity = (kind: string, spec: object = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec,
});

// What a template run registers (as Pier, for a junior): the new repository's catalog-info.yaml.
const registeredRepo = {
  type: 'url',
  target: 'http://127.0.0.1:7310/payment-refunds/raw/main/catalog-info.yaml',
};

describe.each([
  [
    'locally',
    ['app-config.yaml', 'app-config.sim.yaml'],
    path.join(repoRoot, 'catalog-info.yaml'),
  ],
  [
    'in production',
    ['app-config.yaml', 'app-config.production.yaml'],
    path.resolve('./catalog-info.yaml'),
  ],
])('catalog.rules %s', (_where, files, piersOwn) => {
  const rules = DefaultCatalogRulesEnforcer.fromConfig(catalogConfig(...files));
  const own = { type: 'file', target: piersOwn };

  it.each(['Component', 'System', 'API', 'Resource', 'Domain'])(
    'a registered repository may describe its service (%s)',
    kind => {
      expect(rules.isAllowed(entity(kind), registeredRepo)).toBe(true);
    },
  );

  it.each([
    ['a User who claims the platform team', 'User'],
    ['a Group', 'Group'],
    ['a Location that would pull in any other file', 'Location'],
    ['a Template of its own', 'Template'],
  ])('a registered repository may not add %s', (_what, kind) => {
    expect(
      rules.isAllowed(
        entity(kind, { memberOf: ['platform-team'] }),
        registeredRepo,
      ),
    ).toBe(false);
  });

  it.each(['User', 'Group', 'Location', 'Template', 'Component'])(
    "Pier's own catalog-info.yaml loads the org, the templates and Pier (%s)",
    kind => {
      expect(rules.isAllowed(entity(kind), own)).toBe(true);
    },
  );
});
