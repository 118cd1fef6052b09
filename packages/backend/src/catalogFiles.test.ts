import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  EntityPolicies,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const repoRoot = path.resolve(__dirname, '../../..');

function loadCatalogFiles(): Entity[] {
  const files = [
    'catalog-info.yaml',
    ...fs.readdirSync(path.join(repoRoot, 'catalog')).map(f => `catalog/${f}`),
  ];
  return files.flatMap(file =>
    yaml
      .parseAllDocuments(fs.readFileSync(path.join(repoRoot, file), 'utf8'))
      .map(doc => doc.toJS() as Entity),
  );
}

const entities = loadCatalogFiles();
const refs = new Set(entities.map(e => stringifyEntityRef(e)));
const ofKind = (kind: string) => entities.filter(e => e.kind === kind);

function resolves(ref: string, defaultKind: string) {
  return refs.has(stringifyEntityRef(parseEntityRef(ref, { defaultKind })));
}

describe('the catalog files Pier loads', () => {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
    new SchemaValidEntityPolicy(),
  ]);

  it.each(entities.map(e => [stringifyEntityRef(e), e] as const))(
    '%s passes the catalog policies',
    async (_ref, entity) => {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
    },
  );

  it('declares every entity once', () => {
    expect(refs.size).toBe(entities.length);
  });

  it('points every owner, system, domain, parent and membership at a declared entity', () => {
    const dangling: string[] = [];
    for (const e of entities) {
      const spec = (e.spec ?? {}) as Record<string, any>;
      const check = (ref: string | undefined, kind: string, field: string) => {
        if (ref && !resolves(ref, kind)) {
          dangling.push(`${stringifyEntityRef(e)} ${field} -> ${ref}`);
        }
      };
      check(spec.owner, 'group', 'spec.owner');
      check(spec.system, 'system', 'spec.system');
      check(spec.domain, 'domain', 'spec.domain');
      check(spec.parent, 'group', 'spec.parent');
      for (const child of spec.children ?? [])
        check(child, 'group', 'spec.children');
      for (const group of spec.memberOf ?? [])
        check(group, 'group', 'spec.memberOf');
    }
    expect(dangling).toEqual([]);
  });

  it('has a platform team and at least three product teams', () => {
    const teams = ofKind('Group').filter(g => g.spec?.type === 'team');
    expect(teams.map(t => t.metadata.name)).toContain('platform-team');
    expect(
      teams.filter(t => t.metadata.name !== 'platform-team').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it.each(['junior-developers', 'reviewers', 'leads'])(
    'has users in the %s persona',
    persona => {
      const members = ofKind('User').filter(u =>
        ((u.spec?.memberOf as string[]) ?? []).includes(persona),
      );
      expect(members.length).toBeGreaterThan(0);
    },
  );

  it('gives every User a unique e-mail, so sign-in (by e-mail) finds exactly one', () => {
    const emails = ofKind('User').map(
      u => (u.spec?.profile as { email?: string } | undefined)?.email,
    );
    expect(emails.filter(e => !e)).toEqual([]);
    expect(new Set(emails.map(e => e!.toLowerCase())).size).toBe(emails.length);
  });

  it('has no local-only sign-in user: people sign in through the IdP, locally too', () => {
    expect(refs.has('user:default/guest')).toBe(false);
    for (const file of [
      'app-config.yaml',
      'app-config.sim.yaml',
      'app-config.production.yaml',
    ]) {
      const config = yaml.parse(
        fs.readFileSync(path.join(repoRoot, file), 'utf8'),
      );
      expect(Object.keys(config.auth?.providers ?? { oidc: {} })).toEqual([
        'oidc',
      ]);
    }
  });
});
