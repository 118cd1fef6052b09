import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeploymentRow,
  DeploymentsBoard,
} from '@internal/plugin-deployments-common';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_ARGOCD_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { deploymentsPlugin } from './plugin';

type Cluster = 'prod' | 'nonprod';

/** An entity as someone writing for Roadie's Argo CD plugin would: only its annotations. */
function roadieEntity(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-roadie' },
  };
}

describe('Roadie Argo CD annotations and cluster parity, against platform-sim', () => {
  let sim: PlatformSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let board: DeploymentsBoard;
  /** A scenario service whose apps the test reconfigures through Argo CD's own API. */
  let changed: string;
  /** A scenario service whose apps are left as the scenario made them. */
  let untouched: string;

  const argo = (cluster: Cluster, path: string, init: RequestInit = {}) =>
    fetch(`${sim.urls.argocd[cluster]}/api/v1/applications${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${SIM_ARGOCD_TOKEN}`,
        'content-type': 'application/json',
      },
    });

  /** Changes an app's spec the way a GitOps commit would, through `PUT /api/v1/applications/{name}`. */
  async function reconfigure(
    cluster: Cluster,
    name: string,
    change: (spec: any) => void,
  ) {
    const app = await (await argo(cluster, `/${name}`)).json();
    change(app.spec);
    const res = await argo(cluster, `/${name}`, {
      method: 'PUT',
      body: JSON.stringify({ metadata: app.metadata, spec: app.spec }),
    });
    expect(res.status).toBe(200);
  }

  const rowsOf = (service: string) =>
    board.rows.filter(r => r.service === service);
  const rowOf = (service: string, cluster: string) =>
    rowsOf(service).find(r => r.cluster === cluster) as DeploymentRow;

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    const services = sim.scenario.services;
    [changed, untouched] = [services[0].name, services[1].name];
    const shared = (spec: any, tag: string, memory: string) => {
      spec.source.kustomize = {
        images: [`registry.example.com/${changed}:${tag}`],
      };
      spec.source.helm = {
        valueFiles: ['values.yaml'],
        parameters: [{ name: 'resources.limits.memory', value: memory }],
        values: `replicaCount: 2\nfeatureFlags:\n  newCheckout: ${
          tag === '2.0.0' ? 'true' : 'false'
        }\n`,
      };
    };
    await reconfigure('prod', `${changed}-prod`, s =>
      shared(s, '1.9.0', '512Mi'),
    );
    await reconfigure('nonprod', `${changed}-nonprod`, s => {
      shared(s, '2.0.0', '512Mi');
      s.source.targetRevision = 'release/2.0';
    });
    const a = untouched;
    const entities = [
      ...deriveCatalogEntities(sim.scenario),
      roadieEntity('roadie-one-name', { 'argocd/app-name': `${a}-prod` }),
      roadieEntity('roadie-names', {
        'argocd/app-name': `${a}-prod, ${a}-nonprod`,
      }),
      roadieEntity('roadie-pinned', {
        'argocd/app-name': `${a}-nonprod`,
        'argocd/instance-name': 'nonprod',
      }),
      roadieEntity('roadie-unknown-instance', {
        'argocd/app-selector': `backstage.io/kubernetes-id=${a}`,
        'argocd/instance-name': 'staging',
      }),
      roadieEntity('roadie-namespace', {
        'argocd/app-selector': `backstage.io/kubernetes-id=${a}`,
        'argocd/app-namespace': 'argocd',
      }),
      roadieEntity('roadie-other-namespace', {
        'argocd/app-name': `${a}-prod`,
        'argocd/app-namespace': 'team-apps',
      }),
      roadieEntity('roadie-name-wins', {
        'argocd/app-name': `${a}-prod`,
        'argocd/app-selector': 'backstage.io/kubernetes-id=nothing-matches',
      }),
    ];
    backend = await startTestBackend({
      features: [
        deploymentsPlugin,
        mockServices.rootConfig.factory({
          data: {
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: (['prod', 'nonprod'] as const).map(name => ({
                    name,
                    url: sim.urls.argocd[name],
                    frontendUrl: `https://argocd.${name}.example.com`,
                    token: SIM_ARGOCD_TOKEN,
                  })),
                },
              ],
            },
            deployments: { refreshSeconds: 60 },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const res = await request(backend.server)
      .get('/api/deployments/board')
      .set('authorization', mockCredentials.user.header());
    if (res.status !== 200) throw new Error(`board: ${res.status} ${res.text}`);
    board = res.body;
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  it('finds the application argocd/app-name names, in each instance, without a selector', () => {
    const prod = rowOf('roadie-one-name', 'prod');
    expect(prod.app?.name).toBe(`${untouched}-prod`);
    expect(prod.version).toBe(rowOf(untouched, 'prod').version);
    const nonprod = rowOf('roadie-one-name', 'nonprod');
    expect(nonprod.app).toBeUndefined();
    expect(nonprod.health).toBe('Missing');
    expect(nonprod.healthMessage).toBe(
      `No Argo CD application in nonprod named ${untouched}-prod (argocd/app-name)`,
    );
  });

  it('reads a comma-separated argocd/app-name as several applications, and compares their clusters', () => {
    const rows = rowsOf('roadie-names');
    expect(rows.map(r => [r.cluster, r.app?.name])).toEqual([
      ['prod', `${untouched}-prod`],
      ['nonprod', `${untouched}-nonprod`],
    ]);
    expect(rows[0].parity?.clusters).toEqual(['prod', 'nonprod']);
  });

  it('looks only in the instance argocd/instance-name pins, and says so when it names none configured', () => {
    expect(rowsOf('roadie-pinned').map(r => r.cluster)).toEqual(['nonprod']);
    expect(rowOf('roadie-pinned', 'nonprod').app?.name).toBe(
      `${untouched}-nonprod`,
    );
    const unknown = rowsOf('roadie-unknown-instance');
    expect(unknown.map(r => r.cluster)).toEqual(['prod', 'nonprod']);
    for (const row of unknown) {
      expect(row.app).toBeUndefined();
      expect(row.healthMessage).toBe(
        'argocd/instance-name is "staging", which is not a configured Argo CD instance (configured: prod, nonprod): fix the annotation in catalog-info.yaml',
      );
    }
  });

  it('keeps only applications in the namespace argocd/app-namespace names, linking them by namespace', () => {
    const rows = rowsOf('roadie-namespace');
    expect(rows.map(r => r.app?.namespace)).toEqual(['argocd', 'argocd']);
    expect(rowOf('roadie-namespace', 'prod').app?.url).toBe(
      `https://argocd.prod.example.com/applications/argocd/${untouched}-prod`,
    );
    const other = rowOf('roadie-other-namespace', 'prod');
    expect(other.app).toBeUndefined();
    expect(other.healthMessage).toBe(
      `No Argo CD application in prod named ${untouched}-prod (argocd/app-name) in namespace team-apps (argocd/app-namespace)`,
    );
  });

  it('lets argocd/app-name win over argocd/app-selector, as Roadie’s plugin does', () => {
    expect(rowOf('roadie-name-wins', 'prod').app?.name).toBe(
      `${untouched}-prod`,
    );
  });

  it('names every setting that differs between prod and nonprod, with both values', () => {
    const parity = rowOf(changed, 'prod').parity!;
    expect(rowOf(changed, 'nonprod').parity).toEqual(parity);
    const config = parity.fields.find(f => f.field === 'config')!;
    expect(config.differs).toBe(true);
    expect(config.details).toEqual([
      {
        key: 'helm.values.featureFlags.newCheckout',
        values: { prod: 'false', nonprod: 'true' },
      },
      {
        key: `kustomize.images.registry.example.com/${changed}`,
        values: { prod: '1.9.0', nonprod: '2.0.0' },
      },
    ]);
    // Same memory limit, same replicaCount, and paths that differ only by the cluster's own name
    // (apps/prod/… against apps/nonprod/…) are no difference.
    expect(config.message).toBe(
      `2 settings differ between prod and nonprod: helm.values.featureFlags.newCheckout, kustomize.images.registry.example.com/${changed}`,
    );
    expect(config.values).toEqual({
      prod: '2 of 2 differing settings set',
      nonprod: '2 of 2 differing settings set',
    });
    const source = parity.fields.find(f => f.field === 'source')!;
    expect(source).toMatchObject({
      differs: true,
      values: { prod: 'main', nonprod: 'release/2.0' },
      message: 'Tracks: prod main, nonprod release/2.0',
    });
    expect(parity.differing).toEqual(
      expect.arrayContaining(['source', 'config']),
    );
  });

  it('says the version differs exactly when the clusters run different versions', () => {
    for (const service of sim.scenario.services) {
      const [prod, nonprod] = [
        rowOf(service.name, 'prod'),
        rowOf(service.name, 'nonprod'),
      ];
      if (!prod?.app || !nonprod?.app) continue;
      const version = prod.parity!.fields.find(f => f.field === 'version')!;
      expect(version.values).toEqual({
        prod: prod.version,
        nonprod: nonprod.version,
      });
      expect(version.differs).toBe(prod.version !== nonprod.version);
      expect(version.message).toBe(
        version.differs
          ? `Version: prod ${prod.version}, nonprod ${nonprod.version}`
          : undefined,
      );
    }
    const untouchedConfig = rowOf(untouched, 'prod').parity!.fields.find(
      f => f.field === 'config',
    )!;
    expect(untouchedConfig.differs).toBe(false);
    expect(untouchedConfig.values).toEqual({ prod: 'same', nonprod: 'same' });
  });
});
