import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DashboardResponse,
  EntityFindingsResponse,
} from '@internal/plugin-security-findings-common';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import Router from 'express-promise-router';
import { simConfig } from './__testUtils__/simFixtures';
import { securityFindingsPlugin } from './plugin';

jest.setTimeout(60_000);

/** Stands in for the Kubernetes backend's proxy route (the real one is tested in packages/backend). */
function kubernetesProxyPlugin(sim: PlatformSim) {
  return createBackendPlugin({
    pluginId: 'kubernetes',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = Router();
          router.get('/proxy/*', async (req, res) => {
            const cluster = req.header(
              'backstage-kubernetes-cluster',
            ) as 'prod';
            const upstream = await fetch(
              `${sim.urls.kubernetes[cluster]}${req.url.replace(
                /^\/proxy/,
                '',
              )}`,
              { headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` } },
            );
            res.status(upstream.status).json(await upstream.json());
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

describe('security-findings backend', () => {
  let sim: PlatformSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const service = () => sim.scenario.services[0];
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/security-findings${path}`)
      .set('authorization', mockCredentials.user.header());

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    backend = await startTestBackend({
      features: [
        securityFindingsPlugin,
        kubernetesProxyPlugin(sim),
        mockServices.rootConfig.factory({
          data: simConfig(sim, { schedule: { initialDelaySeconds: 3600 } }),
        }),
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

  it('says there is no data yet before the first ingestion', async () => {
    const res = await get('/dashboard');
    expect(res.status).toBe(200);
    const body = res.body as DashboardResponse;
    expect(body.status.lastSuccessAt).toBeUndefined();
    expect(body.totals.findings).toBe(0);
    const entity = await get(
      `/entity?entityRef=component:default/${service().name}`,
    );
    expect(entity.status).toBe(200);
    expect((entity.body as EntityFindingsResponse).findings).toEqual([]);
  });

  it('rejects bad input and anonymous callers', async () => {
    expect((await get('/entity?entityRef=')).status).toBe(400);
    expect((await get('/entity?entityRef=component:default/nope')).status).toBe(
      404,
    );
    expect((await get('/dashboard?colour=red')).status).toBe(400);
    const anonymous = await request(backend.server)
      .get('/api/security-findings/dashboard')
      .set('authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});

describe('security-findings permissions', () => {
  it('refuses the dashboard and entity findings when the policy denies them', async () => {
    const denied = await startTestBackend({
      features: [
        securityFindingsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    try {
      for (const path of [
        '/dashboard',
        '/dashboard/findings.csv',
        '/entity?entityRef=component:default/checkout-api',
      ]) {
        const res = await request(denied.server)
          .get(`/api/security-findings${path}`)
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /^Only .* may read .*; ask the platform team \(platform@example.com\) to add you to the /,
        );
      }
    } finally {
      await denied.stop();
    }
  });
});
