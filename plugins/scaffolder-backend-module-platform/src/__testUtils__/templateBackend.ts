import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import platformModule from '../index';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const TEMPLATE_NAMES = ['service', 'terraform-module', 'argocd-app'];

/** Pier's own catalog files (org and platform): the owners and systems templates may name. */
function repoEntities(): Entity[] {
  const dir = path.join(REPO_ROOT, 'catalog');
  return fs
    .readdirSync(dir)
    .flatMap(f =>
      yaml
        .parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'))
        .map(d => d.toJS() as Entity),
    );
}

/** A template entity as the catalog serves it after reading templates/<name>/template.yaml. */
export function templateEntity(name: string): Entity {
  const file = path.join(REPO_ROOT, 'templates', name, 'template.yaml');
  const entity = yaml.parse(fs.readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
}

export function testValues(name: string) {
  return yaml.parse(
    fs.readFileSync(
      path.join(REPO_ROOT, 'templates', name, 'test', 'values.yaml'),
      'utf8',
    ),
  );
}

export interface DryRunResult {
  status: number;
  errors?: unknown;
  files: Map<string, string>;
  violations: Array<{ file: string; message: string; check: string }>;
  log: string[];
  body: any;
}

/** The real scaffolder backend with Pier's module, a catalog holding the org and the templates. */
export async function startTemplateBackend(
  config: object = {},
  extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const entities = [
    ...repoEntities(),
    ...TEMPLATE_NAMES.map(templateEntity),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { owner: 'group:default/team-payments' },
    },
  ];
  const backend = await startTestBackend({
    features: [
      ...(extraFeatures ?? []),
      scaffolderPlugin,
      platformModule,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost' },
          templates: {
            publishing: {
              provider: 'git',
              git: { baseUrl: 'http://127.0.0.1:7399' },
            },
          },
          ...config,
        },
      }),
    ],
  });
  const auth = mockCredentials.user.header('user:default/guest');

  const templateFiles = async (name: string) => {
    const res = await request(backend.server)
      .get(`/api/scaffolder/platform/templates/default/${name}/files`)
      .set('authorization', auth);
    if (res.status !== 200) throw new Error(res.text);
    return res.body.files as Array<{ path: string; base64Content: string }>;
  };

  const dryRun = async (
    name: string,
    values: object,
    files?: Array<{ path: string; base64Content: string }>,
  ): Promise<DryRunResult> => {
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', auth)
      .send({
        template: templateEntity(name),
        values,
        directoryContents: files ?? (await templateFiles(name)),
      });
    return {
      status: res.status,
      errors: res.body?.errors ?? res.body?.error,
      files: new Map<string, string>(
        (res.body.directoryContents ?? []).map((f: any) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ]),
      ),
      violations: res.body.output?.violations ?? [],
      log: (res.body.log ?? []).map((l: any) => String(l.body.message)),
      body: res.body,
    };
  };

  return { backend, auth, templateFiles, dryRun };
}
