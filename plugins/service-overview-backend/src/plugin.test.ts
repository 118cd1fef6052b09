import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DeploymentsBoard } from '@internal/plugin-deployments-common';
import { ServiceOverview } from '@internal/plugin-service-overview-common';
import Router from 'express-promise-router';
import request from 'supertest';
import { serviceOverviewPlugin } from './plugin';

const REF = 'component:default/checkout-api';
const OWNER = 'user:default/ana.silva';
const OUTSIDER = 'user:default/bo.outsider';

const board = (
  over: Partial<DeploymentsBoard['rows'][0]> = {},
): DeploymentsBoard => ({
  generatedAt: '2026-12-04T12:00:00Z',
  refreshSeconds: 30,
  clusters: ['nonprod', 'prod'],
  sources: [
    { cluster: 'nonprod', ok: true },
    { cluster: 'prod', ok: true },
  ],
  rows: [
    {
      id: `${REF}|prod|checkout-api-prod`,
      entityRef: REF,
      service: 'checkout-api',
      cluster: 'prod',
      app: {
        name: 'checkout-api-prod',
        url: 'https://argocd.prod/applications/checkout-api-prod',
      },
      syncStatus: 'Synced',
      health: 'Healthy',
      images: [],
      serviceImages: [],
      sidecarImages: [],
      version: '2.4.1',
      replicas: { ready: 2, desired: 2 },
      history: [],
      needsReview: [],
      stale: false,
      ...over,
    },
  ],
});

/** What the stand-ins for the four plugins were asked, and how they answer. */
const upstream = {
  calls: [] as string[],
  deployments: (): any => board(),
  delayMs: 0,
  apmStatus: 200,
};

/** Stand-ins for the plugins the overview reads: each checks who asks, as the real ones do. */
function standIn(
  pluginId: string,
  answer: (user: string) => { status: number; body: any },
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/:route', async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['user'],
            });
            const user = credentials.principal.userEntityRef;
            upstream.calls.push(`${pluginId} ${req.params.route} ${user}`);
            if (pluginId === 'deployments' && upstream.delayMs) {
              await new Promise(r => setTimeout(r, upstream.delayMs));
            }
            const { status, body } = answer(user);
            res.status(status).json(body);
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

const refusal = (message: string) => ({
  status: 403,
  body: { error: { name: 'NotAllowedError', message } },
});

describe('GET /api/service-overview/entity', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        serviceOverviewPlugin,
        // Without the Kubernetes annotations: explanations are not applicable (they have their own tests).
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'checkout-api', namespace: 'default' },
              spec: { type: 'service', owner: 'team-checkout' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: { serviceOverview: { cacheSeconds: 1, partTimeoutMs: 300 } },
        }),
        standIn('deployments', () => ({
          status: 200,
          body: upstream.deployments(),
        })),
        standIn('security-findings', user =>
          user === OWNER
            ? {
                status: 200,
                body: {
                  entityRef: REF,
                  status: {
                    staleClusters: [],
                    lastSuccessAt: '2026-12-04T11:00:00Z',
                  },
                  counts: {},
                  problems: [],
                  findings: [
                    {
                      id: 'f1',
                      severity: 'CRITICAL',
                      title: 'CVE-2026-1',
                      packages: [],
                      workflowStatus: 'NEW',
                      firstObservedAt: '2026-11-20T00:00:00Z',
                      updatedAt: '2026-11-20T00:00:00Z',
                      imageTags: [],
                      accountId: '1',
                      region: 'eu-west-1',
                      running: [
                        {
                          cluster: 'prod',
                          namespace: 'checkout',
                          pods: 2,
                          since: '2026-11-25T00:00:00Z',
                        },
                      ],
                    },
                  ],
                },
              }
            : refusal(
                "Only the service's owning team, reviewers, leads and the platform team may read its security findings; ask platform@example.com to add you to the owning team or to the Reviewers group.",
              ),
        ),
        standIn('datadog-apm', () =>
          upstream.apmStatus === 200
            ? { status: 200, body: { entityRef: REF } }
            : {
                status: upstream.apmStatus,
                body: { error: { name: 'Error', message: 'Datadog is down' } },
              },
        ),
        standIn('platform-cost', user =>
          user === OWNER
            ? {
                status: 200,
                body: {
                  entityRef: REF,
                  kubernetesId: 'checkout-api',
                  monthly: 812.4,
                  trend: Array.from({ length: 14 }, (_, i) => ({
                    day: `2026-11-${String(20 + i).padStart(2, '0')}`,
                    cost: i < 7 ? 20 : 25,
                  })),
                  byCluster: [
                    { cluster: 'prod', monthly: 700 },
                    { cluster: 'nonprod', monthly: 112.4 },
                  ],
                  spotShare: 0.5,
                  armShare: 0,
                  recommendations: [],
                  empty: false,
                },
              }
            : refusal(
                "Only the service's owning team, reviewers, leads and the platform team may read its cost.",
              ),
        ),
      ],
    });
    server = backend.server;
  });

  beforeEach(async () => {
    upstream.calls = [];
    upstream.deployments = () => board();
    upstream.delayMs = 0;
    upstream.apmStatus = 200;
    await new Promise(r => setTimeout(r, 1100)); // past the 1 s cache of the previous test
  });

  const get = (user: string, ref = REF) =>
    request(server)
      .get(`/api/service-overview/entity?entityRef=${encodeURIComponent(ref)}`)
      .set('authorization', mockCredentials.user.header(user));

  it("joins every part for the service's team: a verdict per cluster with its reasons and facts", async () => {
    const res = await get(OWNER);
    expect(res.status).toBe(200);
    const overview: ServiceOverview = res.body;
    expect(overview.clusters.map(c => [c.cluster, c.verdict])).toEqual([
      ['nonprod', 'not-deployed'],
      ['prod', 'attention'],
    ]);
    const prod = overview.clusters[1];
    expect(prod.headline).toMatch(
      /^prod: needs attention — 1 critical CVE running for \d+ days$/,
    );
    expect(prod.deploy).toMatchObject({
      version: '2.4.1',
      replicas: { ready: 2, desired: 2 },
    });
    expect(prod.cost).toEqual({ monthly: 700 });
    expect(overview.cost).toEqual({ monthly: 812.4, trendPercent: 25 });
    expect(overview.parts.find(p => p.part === 'apm')).toMatchObject({
      state: 'not-applicable',
      message: expect.stringMatching(/datadoghq.com\/service-name/),
    });
    // Each part was read as the caller, not as the overview plugin.
    expect(upstream.calls.sort()).toEqual([
      `datadog-apm entity ${OWNER}`,
      `deployments board ${OWNER}`,
      `platform-cost entity ${OWNER}`,
      `security-findings entity ${OWNER}`,
    ]);
  });

  it('shows a part the caller may not see as refused, with the reason, and judges from the rest', async () => {
    const res = await get(OUTSIDER);
    expect(res.status).toBe(200);
    const security = res.body.parts.find((p: any) => p.part === 'security');
    expect(security).toEqual({
      part: 'security',
      state: 'denied',
      message: expect.stringMatching(
        /^Only the service's owning team, reviewers, leads/,
      ),
    });
    const prod = res.body.clusters.find((c: any) => c.cluster === 'prod');
    expect(prod.verdict).toBe('healthy');
    expect(prod.security).toBeUndefined();
    expect(res.body.cost).toBeUndefined();
  });

  it('degrades one part when its plugin fails, and the verdict to unknown when deployments do not answer in time', async () => {
    upstream.apmStatus = 503;
    let res = await get(OWNER);
    expect(res.body.parts.find((p: any) => p.part === 'apm')).toEqual({
      part: 'apm',
      state: 'unavailable',
      message: 'Datadog APM answered HTTP 503: Datadog is down',
    });
    expect(
      res.body.clusters.find((c: any) => c.cluster === 'prod').verdict,
    ).toBe('attention');

    await new Promise(r => setTimeout(r, 1100));
    upstream.delayMs = 1000;
    res = await get(OWNER);
    expect(res.status).toBe(200);
    expect(res.body.parts[0]).toEqual({
      part: 'deployments',
      state: 'unavailable',
      message: 'Deployments did not answer within 0.3 s',
    });
    // Without the board, the clusters come from the parts that name them.
    expect(
      res.body.clusters.map((c: any) => [c.cluster, c.verdict, c.headline]),
    ).toEqual([
      [
        'nonprod',
        'unknown',
        'nonprod: unknown — the deploy state could not be read (Deployments did not answer within 0.3 s)',
      ],
      [
        'prod',
        'unknown',
        'prod: unknown — the deploy state could not be read (Deployments did not answer within 0.3 s)',
      ],
    ]);
  });

  it('serves one composition per caller and service while it is fresh, and coalesces concurrent requests', async () => {
    const [a, b] = await Promise.all([get(OWNER), get(OWNER)]);
    expect(a.body).toEqual(b.body);
    await get(OWNER);
    expect(
      upstream.calls.filter(c => c.startsWith('deployments')),
    ).toHaveLength(1);
    await get(OUTSIDER);
    expect(
      upstream.calls.filter(c => c.startsWith('deployments')),
    ).toHaveLength(2);
  });

  it('refuses a malformed entity ref with what to send instead, and reads nothing', async () => {
    const res = await get(OWNER, 'checkout-api');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid query: entityRef: an entity ref like component:default\/payments-api/,
    );
    expect(upstream.calls).toEqual([]);
  });
  it('answers the explanations alone for the tabs, saying why there are none for a service without Kubernetes annotations', async () => {
    const res = await request(server)
      .get(`/api/service-overview/explanations?entityRef=${encodeURIComponent(REF)}`)
      .set('authorization', mockCredentials.user.header(OUTSIDER));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: REF,
      clusters: [],
      status: {
        part: 'explanations',
        state: 'not-applicable',
        message: expect.stringMatching(/backstage.io\/kubernetes-id/),
      },
    });
    // Only the deployments were read (which application runs where), as the caller.
    expect(upstream.calls).toEqual([`deployments board ${OUTSIDER}`]);
    const bad = await request(server)
      .get('/api/service-overview/explanations?entityRef=nope')
      .set('authorization', mockCredentials.user.header(OUTSIDER));
    expect(bad.status).toBe(400);
  });
});
