import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CostDashboard } from '@internal/plugin-platform-cost-common';
import Router from 'express-promise-router';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { explainRefusal } from '@internal/access-policy';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
  startPlatformSim,
} from '@internal/platform-sim';
import request from 'supertest';
import { platformCostPlugin } from './plugin';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: {
    owner: 'group:default/team-payments',
    type: 'service',
    lifecycle: 'production',
  },
};

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return startTestBackend({
    features: [
      platformCostPlugin,
      mockServices.rootConfig.factory({
        data: { platformCost: { clusters: ['prod', 'nonprod'] } },
      }),
      mockServices.permissions.factory({ result: permission }),
      catalogServiceMock.factory({ entities: [entity] }),
    ],
  });
}

describe('platform-cost routes', () => {
  it('serves an empty dashboard before any snapshot, and validates the query', async () => {
    const backend = await start();
    try {
      const ok = await request(backend.server)
        .get('/api/platform-cost/dashboard?cluster=prod&days=90')
        .set('authorization', mockCredentials.user.header());
      expect(ok.status).toBe(200);
      expect(ok.body.trend).toHaveLength(90);
      expect(ok.body.trend.every((d: any) => d.dailyRate === null)).toBe(true);
      expect(ok.body.provenance.priceTables).toEqual([
        expect.objectContaining({
          region: 'eu-west-1',
          source: expect.stringMatching(/NOT fetched/),
        }),
        expect.objectContaining({
          region: 'us-east-1',
          source: expect.stringMatching(/NOT fetched/),
        }),
      ]);

      const bad = await request(backend.server)
        .get('/api/platform-cost/dashboard?days=7&cluster=staging')
        .set('authorization', mockCredentials.user.header());
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/days.*cluster|cluster.*days/s);

      const forged = await request(backend.server)
        .get('/api/platform-cost/dashboard')
        .set('authorization', 'Bearer not-a-token');
      expect(forged.status).toBe(401);

      const missing = await request(backend.server)
        .get('/api/platform-cost/entity?entityRef=component:default/nope')
        .set('authorization', mockCredentials.user.header());
      expect(missing.status).toBe(404);

      const card = await request(backend.server)
        .get(
          '/api/platform-cost/entity?entityRef=component:default/payments-api',
        )
        .set('authorization', mockCredentials.user.header());
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({
        kubernetesId: 'payments-api',
        empty: true,
      });
      expect(card.body.perThousandRequests.message).toMatch(/Needs Datadog/);
    } finally {
      await backend.stop();
    }
  });

  it('refuses the dashboard and a cost card when the policy denies them, saying who may grant it', async () => {
    const backend = await start(AuthorizeResult.DENY);
    try {
      const res = await request(backend.server)
        .get('/api/platform-cost/dashboard')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        explainRefusal('platform-cost.dashboard.read'),
      );
      const card = await request(backend.server)
        .get(
          '/api/platform-cost/entity?entityRef=component:default/checkout-api',
        )
        .set('authorization', mockCredentials.user.header());
      expect(card.status).toBe(403);
      expect(card.body.error.message).toMatch(
        /^Only the service's owning team, reviewers, leads and the platform team may read its cost; ask the platform team/,
      );
    } finally {
      await backend.stop();
    }
  });

  it('reads Cost Explorer with the AWS integration’s credentials (aws.accounts) for the backfill', async () => {
    const sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    const backend = await startTestBackend({
      features: [
        platformCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              accounts: [
                {
                  accountId: '123456789012',
                  accessKeyId: SIM_AWS_ACCESS_KEY_ID,
                  secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
                },
              ],
            },
            platformCost: {
              clusters: ['prod'],
              costExplorer: {
                accountId: '123456789012',
                endpoint: sim.urls.aws.costexplorer,
              },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities: [entity] }),
      ],
    });
    try {
      // The hourly task ran once at start-up. No Kubernetes backend here: the snapshot fails,
      // the billing backfill still runs.
      const { body: dashboard } = await request(backend.server)
        .get('/api/platform-cost/dashboard?cluster=prod&days=90')
        .set('authorization', mockCredentials.user.header());
      expect(dashboard.provenance.backfill).toMatch(
        /^prod: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d from Cost Explorer/,
      );
      // The billed compute of prod's nodes on the range's days before today. platform-sim accepts
      // only the simulator's access key id, which only aws.accounts holds here.
      const DAY = 86_400_000;
      const today = Date.parse(`${dashboard.trend[89].day}T00:00:00Z`);
      const billed = sim.scenario.nodeHistory
        .filter(n => n.cluster === 'prod')
        .reduce((sum, n) => {
          const overlap =
            Math.min(today, n.deletedAt ?? sim.scenario.now) -
            Math.max(today - 89 * DAY, n.createdAt);
          return overlap > 0
            ? sum + (n.hourlyPrice * overlap) / 3_600_000
            : sum;
        }, 0);
      expect(dashboard.total).toBeCloseTo(billed, 4);
    } finally {
      await backend.stop();
      await sim.stop();
    }
  }, 60_000);
});

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
            const cluster = req.header('backstage-kubernetes-cluster') as
              | 'prod'
              | 'nonprod';
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

/** A person for whom the catalog (as the permission policy would) hides one service. */
const RESTRICTED = 'user:default/restricted';

/** The in-memory catalog, except that RESTRICTED cannot read the entity `hidden()` names. */
function catalogHiding(entities: Entity[], hidden: () => string | undefined) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const catalog = catalogServiceMock({ entities });
      const byRefs = catalog.getEntitiesByRefs.bind(catalog);
      catalog.getEntitiesByRefs = async (req, options) => ({
        items: (await byRefs(req, options)).items.map(e =>
          e &&
          (
            (options as { credentials?: BackstageCredentials })?.credentials
              ?.principal as { userEntityRef?: string } | undefined
          )?.userEntityRef === RESTRICTED &&
          stringifyEntityRef(e) === hidden()
            ? undefined
            : e,
        ),
      });
      return catalog;
    },
  });
}

describe('platform-cost: each caller sees only the services the catalog lets them read', () => {
  it('leaves the hidden service out of the stored dashboard (and so its CSV) for that caller only', async () => {
    const sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    let hidden: string | undefined;
    const backend = await startTestBackend({
      features: [
        platformCostPlugin,
        kubernetesProxyPlugin(sim),
        mockServices.rootConfig.factory({
          data: { platformCost: { clusters: ['prod', 'nonprod'] } },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        // The hourly snapshot runs once at start-up and stores the dashboards.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogHiding(deriveCatalogEntities(sim.scenario), () => hidden),
      ],
    });
    const get = async (user?: string) => {
      const res = await request(backend.server)
        .get('/api/platform-cost/dashboard?cluster=all&days=30')
        .set('authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return res.body as CostDashboard;
    };
    try {
      const seeing = await get();
      const target = seeing.services.find(l => !!l.entityRef)!;
      expect(target).toBeDefined();
      hidden = target.entityRef;
      const restricted = await get(RESTRICTED);
      // The same stored dashboard, filtered per caller.
      expect(restricted.generatedAt).toBe(seeing.generatedAt);
      expect(restricted.services.map(l => l.key)).toEqual(
        seeing.services.filter(l => l.entityRef !== hidden).map(l => l.key),
      );
      expect(restricted.services.some(l => l.entityRef === hidden)).toBe(false);
      // Other teams' lines are untouched; the hidden service's team is listed only when another
      // of its services is visible; team numbers and totals stay the team's / organisation's.
      const others = (d: CostDashboard) =>
        d.teams.filter(l => l.team !== target.team);
      expect(others(restricted)).toEqual(others(seeing));
      const stillListed = restricted.services.some(
        l => l.entityRef && l.team === target.team,
      );
      expect(restricted.teams.find(l => l.team === target.team)).toEqual(
        stillListed
          ? seeing.teams.find(l => l.team === target.team)
          : undefined,
      );
      expect(restricted.total).toBe(seeing.total);
      // The seeing caller still gets it, after the restricted one asked.
      expect((await get()).services.some(l => l.entityRef === hidden)).toBe(
        true,
      );
    } finally {
      await backend.stop();
      await sim.stop();
    }
  }, 60_000);
});
