import { DeploymentRow } from '@internal/plugin-deployments-common';
import { appSource, flattenYaml } from './appSource';
import { compareClusters, normalizeForCluster } from './parity';
import { AppSummary } from './types';

const row = (cluster: string, extra: Partial<DeploymentRow> = {}) =>
  ({
    cluster,
    syncStatus: 'Synced',
    version: '1.0.0',
    ...extra,
  } as DeploymentRow);

const app = (source: AppSummary['source']) => ({ source } as AppSummary);

describe('cluster parity', () => {
  it('reads nested Helm values, lists and unreadable lines as keys', () => {
    expect(
      flattenYaml(
        [
          '# defaults',
          'replicaCount: 2',
          'resources:',
          '  limits:',
          '    memory: 512Mi # per pod',
          'hosts:',
          '  - a.example.com',
          '  - b.example.com',
          '"quoted.key": yes',
          '  stray',
        ].join('\n'),
      ),
    ).toEqual({
      replicaCount: '2',
      'resources.limits.memory': '512Mi',
      hosts: 'a.example.com, b.example.com',
      'quoted.key': 'yes',
      '#10': 'stray',
    });
  });

  it('flattens a multi-source app, a Helm chart version and Kustomize images by the image they replace', () => {
    const source = appSource({
      metadata: { name: 'a' },
      spec: {
        sources: [
          {
            chart: 'web',
            targetRevision: '4.2.0',
            helm: { valuesObject: { a: { b: 1 } } },
          },
          {
            path: 'overlays/prod',
            kustomize: {
              images: ['nginx=nginx:1.27', 'repo.example.com/team/api:2.0.0'],
            },
          },
        ],
      },
    });
    expect(source).toEqual({
      revision: 'web@4.2.0',
      settings: {
        'sources[0].chart': 'web',
        'sources[0].helm.values.a.b': '1',
        'sources[1].path': 'overlays/prod',
        'sources[1].kustomize.images.nginx': 'nginx:1.27',
        'sources[1].kustomize.images.repo.example.com/team/api': '2.0.0',
      },
    });
  });

  it("reads a cluster's own name in a path as the same, but not another cluster's", () => {
    expect(normalizeForCluster('apps/prod/svc', 'prod')).toBe(
      'apps/{cluster}/svc',
    );
    expect(normalizeForCluster('values-nonprod.yaml', 'nonprod')).toBe(
      'values-{cluster}.yaml',
    );
    expect(normalizeForCluster('apps/nonprod/svc', 'prod')).toBe(
      'apps/nonprod/svc',
    );
    const parity = compareClusters(
      [
        {
          row: row('prod'),
          app: app({
            settings: { path: 'apps/prod/svc', 'helm.values.db': 'db-nonprod' },
          }),
        },
        {
          row: row('nonprod'),
          app: app({
            settings: {
              path: 'apps/nonprod/svc',
              'helm.values.db': 'db-nonprod',
            },
          }),
        },
      ],
      ['prod', 'nonprod'],
    )!;
    const config = parity.fields.find(f => f.field === 'config')!;
    // prod pointing at nonprod's database is a difference; the per-cluster folder is not
    expect(config.details).toEqual([
      {
        key: 'helm.values.db',
        values: { prod: 'db-nonprod', nonprod: 'db-nonprod' },
      },
    ]);
  });

  it('compares desired replicas and shows ready ones, and compares only one app per cluster', () => {
    const parity = compareClusters(
      [
        {
          row: row('prod', { replicas: { ready: 2, desired: 3 } }),
          app: app(undefined),
        },
        {
          row: row('nonprod', { replicas: { ready: 1, desired: 1 } }),
          app: app(undefined),
        },
      ],
      ['prod', 'nonprod'],
    )!;
    expect(parity.fields.find(f => f.field === 'replicas')).toEqual({
      field: 'replicas',
      label: 'Replicas',
      values: { prod: '3 desired, 2 ready', nonprod: '1 desired, 1 ready' },
      differs: true,
      message: 'Desired replicas: prod 3, nonprod 1',
    });
    expect(parity.differing).toEqual(['replicas']);
    expect(
      compareClusters(
        [
          { row: row('prod'), app: app(undefined) },
          { row: row('prod'), app: app(undefined) },
          { row: row('nonprod'), app: app(undefined) },
        ],
        ['prod', 'nonprod'],
      ),
    ).toBeUndefined();
  });
});
