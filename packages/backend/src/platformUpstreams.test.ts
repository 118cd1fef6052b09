import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import argoCdPlugin from '@roadiehq/backstage-plugin-argo-cd-backend';
import deploymentsPlugin from '@internal/plugin-deployments-backend';
import {
  DEFAULT_PORTS,
  EPHEMERAL_PORTS,
  PlatformSim,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { localAppConfig } from './__testUtils__/localAppConfig';

// The real Kubernetes and Roadie Argo CD backends, configured by Pier's own local config (ports
// moved to the simulator's ephemeral ones), against platform-sim over HTTP.

function appConfigFor(sim: PlatformSim) {
  const moves: Array<[number, number]> = [
    [DEFAULT_PORTS.kubernetes.prod, sim.ports.kubernetes.prod],
    [DEFAULT_PORTS.kubernetes.nonprod, sim.ports.kubernetes.nonprod],
    [DEFAULT_PORTS.argocd.prod, sim.ports.argocd.prod],
    [DEFAULT_PORTS.argocd.nonprod, sim.ports.argocd.nonprod],
  ];
  const config = localAppConfig(original => {
    let text = original.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
    for (const [from, to] of moves) {
      text = text.replaceAll(`127.0.0.1:${from}`, `127.0.0.1:${to}`);
    }
    return text;
  });
  return {
    kubernetes: config.kubernetes,
    argocd: config.argocd,
    deployments: config.deployments,
  };
}

// The first Kubernetes call loads @kubernetes/client-node (ESM, hence NODE_OPTIONS=--experimental-vm-modules).
jest.setTimeout(60_000);

describe('Pier against platform-sim, through the vendors’ Backstage backends', () => {
  let sim: PlatformSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        argoCdPlugin,
        deploymentsPlugin,
        mockServices.rootConfig.factory({ data: appConfigFor(sim) }),
        catalogServiceMock.factory({
          entities: deriveCatalogEntities(sim.scenario),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  it('lists both clusters', async () => {
    const res = await request(backend.server)
      .get('/api/kubernetes/clusters')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { name: string }) => c.name).sort()).toEqual([
      'nonprod',
      'prod',
    ]);
  });

  it('finds every demo service’s pods and deployments in both clusters', async () => {
    const services = deriveCatalogEntities(sim.scenario).filter(
      e => e.kind === 'Component',
    );
    expect(services.length).toBeGreaterThanOrEqual(12);
    for (const entity of services) {
      const res = await request(backend.server)
        .post(`/api/kubernetes/services/${entity.metadata.name}`)
        .set('authorization', mockCredentials.user.header())
        .send({ entity });
      expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
      for (const cluster of res.body.items) {
        expect(cluster.errors).toEqual([]);
        const kinds = Object.fromEntries(
          cluster.resources.map((r: { type: string; resources: unknown[] }) => [
            r.type,
            r.resources.length,
          ]),
        );
        expect(kinds.pods).toBeGreaterThan(0);
        expect(kinds.deployments).toBe(1);
      }
      expect(res.body.items.map((c: any) => c.cluster.name).sort()).toEqual([
        'nonprod',
        'prod',
      ]);
    }
  });

  it('shows the CrashLoopBackOff of refunds-worker in nonprod', async () => {
    const entity = deriveCatalogEntities(sim.scenario).find(
      e => e.metadata.name === 'refunds-worker',
    )!;
    const res = await request(backend.server)
      .post('/api/kubernetes/services/refunds-worker')
      .set('authorization', mockCredentials.user.header())
      .send({ entity });
    const nonprod = res.body.items.find(
      (c: any) => c.cluster.name === 'nonprod',
    );
    const pods = nonprod.resources.find(
      (r: any) => r.type === 'pods',
    ).resources;
    const waiting = pods.flatMap((p: any) =>
      (p.status.containerStatuses ?? []).map(
        (s: any) => s.state?.waiting?.reason,
      ),
    );
    expect(waiting).toContain('CrashLoopBackOff');
  });

  it('finds each service’s Argo CD application in both instances through argocd/app-selector', async () => {
    const entity = deriveCatalogEntities(sim.scenario).find(
      e => e.metadata.name === 'checkout-api',
    )!;
    const selector = entity.metadata.annotations!['argocd/app-selector'];
    const res = await request(backend.server)
      .get(`/api/argocd/find/selector/${encodeURIComponent(selector)}`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
    const found = Object.fromEntries(
      res.body.map((i: { name: string; appName: string[] }) => [
        i.name,
        i.appName,
      ]),
    );
    expect(found).toEqual({
      prod: ['checkout-api-prod'],
      nonprod: ['checkout-api-nonprod'],
    });

    const app = await request(backend.server)
      .get('/api/argocd/argoInstance/prod/applications/name/checkout-api-prod')
      .set('authorization', mockCredentials.user.header());
    expect(app.status === 200 ? 'ok' : app.text).toBe('ok');
    expect(app.body.status.sync.status).toBe('OutOfSync');
    const latest = app.body.status.history.at(-1);
    const metadata = await request(backend.server)
      .get(
        `/api/argocd/argoInstance/prod/applications/name/checkout-api-prod/revisions/${latest.revision}/metadata`,
      )
      .set('authorization', mockCredentials.user.header());
    expect(metadata.status === 200 ? 'ok' : metadata.text).toBe('ok');
    expect(metadata.body.author).toEqual(expect.any(String));
    expect(metadata.body.message).toEqual(expect.any(String));
  });

  it('shows ready/desired replicas on the deployments board, read through the Kubernetes proxy', async () => {
    const res = await request(backend.server)
      .get('/api/deployments/board')
      .set('authorization', mockCredentials.user.header());
    expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
    const rows = res.body.rows as Array<{
      service: string;
      cluster: string;
      replicas?: { ready: number; desired: number };
    }>;
    expect(rows.length).toBeGreaterThanOrEqual(24);
    expect(rows.filter(r => !r.replicas)).toEqual([]);
    const crashing = rows.find(
      r => r.service === 'refunds-worker' && r.cluster === 'nonprod',
    )!;
    expect(crashing.replicas!.ready).toBeLessThan(crashing.replicas!.desired);
    const healthy = rows.find(
      r => r.service === 'ledger-service' && r.cluster === 'prod',
    )!;
    expect(healthy.replicas!.ready).toBe(healthy.replicas!.desired);
  });
});
