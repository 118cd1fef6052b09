import {
  HeldAnswer,
  CostDashboard,
  CostLine,
  EntityCost,
} from '@internal/plugin-platform-cost-common';

const line = (
  key: string,
  title: string,
  cost: number,
  team?: string,
  entityRef?: string,
): CostLine => ({
  key,
  title,
  team,
  entityRef,
  cost,
  share: cost / 100,
  spotShare: 0.5,
  armShare: 0.25,
  monthly: cost,
});

const idle = line('__idle__', 'Idle capacity (requested by no pod)', 40);

export const dashboardFixture: CostDashboard = {
  clusters: ['prod', 'nonprod'],
  cluster: 'all',
  days: 30,
  generatedAt: '2026-11-26T08:00:00Z',
  runRate: [
    { cluster: 'prod', monthly: 2150, asOf: '2026-11-26' },
    { cluster: 'nonprod', monthly: null, asOf: null },
  ],
  trend: [
    {
      day: '2026-11-24',
      source: 'billing',
      hoursCovered: 24,
      hoursFailed: 0,
      cost: 90,
      dailyRate: 90,
      spotCost: 20,
      onDemandCost: 70,
      idleCost: 40,
      nodes: 18,
      binPacking: 0.2,
    },
    {
      day: '2026-11-25',
      source: 'snapshot',
      hoursCovered: 20,
      hoursFailed: 4,
      cost: 75,
      dailyRate: 90,
      spotCost: 15,
      onDemandCost: 60,
      idleCost: 30,
      nodes: 18,
      binPacking: 0.21,
    },
    {
      day: '2026-11-26',
      source: 'snapshot',
      hoursCovered: 0,
      hoursFailed: 0,
      cost: 0,
      dailyRate: null,
      spotCost: 0,
      onDemandCost: 0,
      idleCost: 0,
      nodes: 0,
      binPacking: null,
    },
  ],
  total: 100,
  idle: 40,
  teams: [
    line(
      'group:default/team-payments',
      'team-payments',
      35,
      'group:default/team-payments',
    ),
    line(
      'group:default/team-checkout',
      'team-checkout',
      25,
      'group:default/team-checkout',
    ),
    idle,
  ],
  services: [
    line(
      'payments/payments-api',
      'payments-api',
      35,
      'group:default/team-payments',
      'component:default/payments-api',
    ),
    line(
      'checkout/cart-service',
      'cart-service',
      25,
      'group:default/team-checkout',
      'component:default/cart-service',
    ),
    idle,
  ],
  nodepools: [line('general', 'general', 60), line('graviton', 'graviton', 40)],
  spot: { actual: 35, counterfactual: 95, saved: 60, share: 0.35 },
  graviton: { actual: 20, counterfactual: 24, saved: 4, share: 0.2 },
  consolidation: {
    removed: { count: 3, wouldHaveCost: 12.5 },
    nodesFirst: 26,
    nodesLast: 18,
    binPacking: 0.2,
    kept: {
      first: { day: '2026-08-29', nodes: 31.2 },
      peak: { day: '2026-09-14', nodes: 34.6 },
      last: { day: '2026-11-26', nodes: 18 },
    },
  },
  priceFlags: [
    {
      instanceType: 'm7i.2xlarge',
      costedAs: 'm7i.xlarge',
      reason:
        'No list price for m7i.2xlarge: costed as m7i.xlarge scaled by size.',
    },
  ],
  provenance: {
    priceTables: [
      { source: 'hand-entered', asOf: '2026-11-26', region: 'eu-west-1' },
      { source: 'hand-entered', asOf: '2026-12-04', region: 'us-east-1' },
    ],
    spotRates: 'billed rate',
    backfill: 'prod: 2026-08-28 → 2026-11-25 from Cost Explorer',
  },
  stale: [
    { cluster: 'prod', lastSuccess: '2026-11-25T19:00:00Z', error: 'HTTP 503' },
  ],
};

/** Kubernetes prod answered a tenth of its nodes: not stored, waiting for the next run. */
export const heldNodes: HeldAnswer = {
  source: 'Kubernetes prod',
  unit: 'nodes',
  cluster: 'prod',
  count: 2,
  acceptedCount: 18,
  acceptedAt: '2026-11-26T09:00:00.000Z',
  since: '2026-11-26T10:00:00.000Z',
  message:
    'Kubernetes prod answered 2 nodes at 2026-11-26 10:00 UTC (had 18 at 2026-11-26 09:00 UTC): not stored, waiting for confirmation by the next run',
};

export const entityCostFixture: EntityCost = {
  entityRef: 'component:default/payments-api',
  kubernetesId: 'payments-api',
  namespace: 'payments',
  monthly: 18.9,
  trend: [
    { day: '2026-11-25', cost: 0.6 },
    { day: '2026-11-26', cost: 0.7 },
  ],
  byCluster: [
    { cluster: 'prod', monthly: 12.7 },
    { cluster: 'nonprod', monthly: 6.2 },
  ],
  spotShare: 0.48,
  armShare: 0,
  perThousandRequests: {
    status: 'unavailable',
    message:
      'Needs Datadog: set datadog.apiKey and datadog.appKey in app-config to see cost per 1,000 requests.',
  },
  recommendations: [
    {
      kind: 'multi-arch-image',
      cluster: 'prod',
      title: 'Not running on Graviton (arm64)',
      detail: 'Every replica runs on amd64 nodes.',
      monthlySaving: 2.5,
    },
    {
      kind: 'pod-disruption-budget',
      cluster: 'prod',
      title: 'No PodDisruptionBudget in prod',
      detail: '1 of 2 replicas run on spot nodes.',
    },
  ],
  empty: false,
};
