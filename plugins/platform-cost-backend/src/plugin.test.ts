import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { explainRefusal } from '@internal/access-policy';
import {
  EPHEMERAL_PORTS,
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
      expect(ok.body.provenance.priceTable.source).toMatch(/NOT fetched/);

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
