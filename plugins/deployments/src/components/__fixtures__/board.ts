import {
  DeploymentRow,
  DeploymentsBoard,
} from '@internal/plugin-deployments-common';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

const base = (over: Partial<DeploymentRow>): DeploymentRow => ({
  id: `${over.service}|${over.cluster}`,
  entityRef: `component:default/${over.service}`,
  service: 'x',
  owner: 'group:default/team-checkout',
  cluster: 'prod',
  app: {
    name: `${over.service}-${over.cluster}`,
    url: `https://argocd.${over.cluster}.example.com/applications/${over.service}-${over.cluster}`,
  },
  syncStatus: 'Synced',
  health: 'Healthy',
  images: [],
  serviceImages: [],
  sidecarImages: [],
  version: '1.4.0',
  lastSyncedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
  history: [],
  needsReview: [],
  stale: false,
  revision: {
    sha: 'abcdef0123456789abcdef0123456789abcdef01',
    shortSha: 'abcdef0',
    message: 'chore: deploy 1.4.0',
    author: 'Ann <ann@example.com>',
    commitUrl:
      'https://github.com/pier-platform/gitops/commit/abcdef0123456789abcdef0123456789abcdef01',
  },
  ...over,
});

export const boardFixture: DeploymentsBoard = {
  generatedAt: new Date().toISOString(),
  refreshSeconds: 30,
  clusters: ['prod', 'nonprod'],
  sources: [
    {
      cluster: 'prod',
      ok: false,
      error:
        'Argo CD prod (http://127.0.0.1:7303) unreachable: no answer within 10000 ms',
      since: new Date(Date.now() - 3 * 60_000).toISOString(),
      lastSeen: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
    {
      cluster: 'nonprod',
      ok: true,
      lastSeen: new Date().toISOString(),
      replicas: {
        ok: false,
        awaitingConfirmation: true,
        since: new Date(Date.now() - 60_000).toISOString(),
        lastSeen: new Date(Date.now() - 60_000).toISOString(),
        error:
          'Kubernetes nonprod answered 2 deployments, 90 % fewer than the last stored answer (2 instead of 20)',
      },
    },
  ],
  rows: [
    base({
      service: 'checkout-api',
      cluster: 'prod',
      syncStatus: 'OutOfSync',
      stale: true,
      needsReview: [
        { kind: 'OutOfSync', message: 'Git has 1234567 but prod runs abcdef0' },
      ],
    }),
    base({ service: 'checkout-api', cluster: 'nonprod' }),
    base({
      service: 'refunds-worker',
      owner: 'group:default/team-payments',
      cluster: 'nonprod',
      health: 'Degraded',
      version: '1.4.0',
      images: [
        `${ECR}/payments/refunds-worker:1.3.0`,
        `${ECR}/payments/refunds-worker:1.4.0`,
        'docker.io/istio/proxyv2:1.27.3',
        'gcr.io/datadoghq/dd-lib-js-init:v5',
      ],
      serviceImages: [
        `${ECR}/payments/refunds-worker:1.3.0`,
        `${ECR}/payments/refunds-worker:1.4.0`,
      ],
      sidecarImages: [
        'docker.io/istio/proxyv2:1.27.3',
        'gcr.io/datadoghq/dd-lib-js-init:v5',
      ],
      imageMatch: 'repository',
      needsReview: [
        { kind: 'Degraded', message: 'exceeded its progress deadline' },
      ],
      rollback: {
        revision: 'abcdef0123456789abcdef0123456789abcdef01',
        command: 'git revert abcdef0123456789abcdef0123456789abcdef01',
      },
    }),
    base({
      service: 'refunds-worker',
      owner: 'group:default/team-payments',
      cluster: 'prod',
      version: '1.3.0',
      drift: {
        aheadCluster: 'nonprod',
        aheadVersion: '1.4.0',
        behindVersion: '1.3.0',
        revisionsBehind: 2,
        message: 'prod 2 revisions behind nonprod (1.3.0 → 1.4.0)',
      },
      needsReview: [
        { kind: 'VersionDrift', message: 'prod 2 revisions behind nonprod' },
      ],
    }),
  ],
};
