import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

  it('refuses a user without the platform-cost.read permission', async () => {
    const backend = await start(AuthorizeResult.DENY);
    try {
      const res = await request(backend.server)
        .get('/api/platform-cost/dashboard')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });
});
