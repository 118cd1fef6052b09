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
  ReplayServer,
  loadContract,
  serveReplay,
} from '@internal/platform-sim';
import { deploymentsPlugin } from './plugin';

/**
 * The board fed Argo CD's documented answers (packages/platform-sim/contracts/argocd) over real
 * HTTP through its own Argo CD client: sidecar images sorted before the service's own, a rollout
 * with two tags, an OutOfSync app, and apps without Pier's labels. Expectations are read off the
 * contract files by hand, not computed by the code under test.
 */

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

function component(
  name: string,
  selector: string,
  extra: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'argocd/app-selector': selector,
        'backstage.io/kubernetes-id': name,
        ...extra,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-x' },
  };
}

const ENTITIES: Entity[] = [
  component('payments-api', 'backstage.io/kubernetes-id=payments-api', {
    'aws.amazon.com/ecr-repository': 'payments/payments-api',
  }),
  // Written for the Roadie plugin, before the ECR annotation: found by the image's name.
  component('auth-service', 'backstage.io/kubernetes-id=auth-service'),
  component('checkout-api', 'backstage.io/kubernetes-id=checkout-api', {
    'aws.amazon.com/ecr-repository': 'checkout/checkout-api',
  }),
  // Selects an app that was created by hand and never synced.
  component('sso-bridge', 'app.kubernetes.io/name=sso-bridge'),
];

describe('deployments board on Argo CD’s documented answers', () => {
  let replay: ReplayServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let board: DeploymentsBoard;
  const rowOf = (service: string) =>
    board.rows.find(r => r.service === service) as DeploymentRow;

  beforeAll(async () => {
    const lists = [
      'applications-service-with-sidecars',
      'applications-rollout-two-tags',
      'applications-without-pier-labels',
    ].map(name => loadContract('argocd', name).body as { items: unknown[] });
    const single = loadContract('argocd', 'application-out-of-sync').body;
    const metadata = loadContract('argocd', 'revision-metadata').body;
    replay = await serveReplay([
      {
        method: 'GET',
        path: '/api/v1/applications',
        body: {
          metadata: { resourceVersion: '123456' },
          items: [...lists.flatMap(l => l.items), single],
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/applications\/[^/]+\/revisions\/[0-9a-f]{40}\/metadata$/,
        body: metadata,
      },
    ]);
    backend = await startTestBackend({
      features: [
        deploymentsPlugin,
        mockServices.rootConfig.factory({
          data: {
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    { name: 'prod', url: replay.baseUrl, token: 'contract' },
                  ],
                },
              ],
            },
            deployments: { requestTimeoutMs: 2000 },
          },
        }),
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    const res = await request(backend.server)
      .get('/api/deployments/board')
      .set('authorization', mockCredentials.user.header());
    if (res.status !== 200) {
      throw new Error(`board answered ${res.status}: ${res.text}`);
    }
    board = res.body;
  });

  afterAll(async () => {
    await backend?.stop();
    await replay?.close();
  });

  it('reads the list once through its own client, and commit metadata per revision', () => {
    expect(
      replay.requests.filter(r => r === 'GET /api/v1/applications'),
    ).toHaveLength(1);
    expect(
      replay.requests.filter(r => r.endsWith('/metadata')).length,
    ).toBeGreaterThan(0);
    expect(board.sources).toEqual([
      expect.objectContaining({ cluster: 'prod', ok: true }),
    ]);
  });

  it('takes the service’s image by its ECR repository, not the sidecar that sorts first', () => {
    const row = rowOf('payments-api');
    expect(row.images[0]).toBe(`${ECR}/docker-hub/istio/proxyv2:1.27.3`);
    expect(row.version).toBe('1.13.2');
    expect(row.imageMatch).toBe('repository');
    expect(row.serviceImages).toEqual([`${ECR}/payments/payments-api:1.13.2`]);
    expect(row.sidecarImages).toEqual([
      `${ECR}/docker-hub/istio/proxyv2:1.27.3`,
      `${ECR}/payments/payments-api-migrations:1.13.2`,
      'gcr.io/datadoghq/dd-lib-java-init:v1',
    ]);
    expect(row.revision?.message).toBe(
      'chore(payments-api): deploy 1.13.2 to prod',
    );
  });

  it('during a rollout reports the new tag, keeps the old one, and finds the image by name without the annotation', () => {
    const row = rowOf('auth-service');
    expect(row.health).toBe('Progressing');
    expect(row.imageMatch).toBe('name');
    expect(row.version).toBe('1.23.2');
    expect(row.serviceImages).toEqual([
      `${ECR}/identity/auth-service:1.23.1`,
      `${ECR}/identity/auth-service:1.23.2`,
    ]);
    expect(row.sidecarImages).toEqual([
      `${ECR}/docker-hub/istio/proxyv2:1.27.3`,
      'gcr.io/datadoghq/dd-lib-java-init:v1',
    ]);
  });

  it('reads an OutOfSync app with a manual sync policy', () => {
    const row = rowOf('checkout-api');
    expect(row.syncStatus).toBe('OutOfSync');
    expect(row.version).toBe('1.10.0');
    expect(row.targetRevision?.sha).toBe(
      'f4d6b8f0d2b4f6d8b0f2d4b6f8d0b2f4d6b8f0d2',
    );
    expect(row.revision?.sha).toBe('c1e3a5c7e9a1c3e5a7c9e1a3c5e7a9c1e3a5c7e9');
    expect(row.sidecarImages).toEqual([
      `${ECR}/docker-hub/istio/proxyv2:1.27.3`,
      'gcr.io/datadoghq/dd-lib-js-init:v5',
    ]);
  });

  it('shows an app never synced without guessing, and no row for apps without Pier labels', () => {
    const row = rowOf('sso-bridge');
    expect(row).toMatchObject({
      syncStatus: 'OutOfSync',
      health: 'Missing',
      images: [],
      serviceImages: [],
      sidecarImages: [],
      history: [],
    });
    expect(row.version).toBeUndefined();
    expect(row.revision).toBeUndefined();
    // One row per catalog service; the app of apps and the add-on are nobody's row.
    expect(board.rows.map(r => r.service).sort()).toEqual([
      'auth-service',
      'checkout-api',
      'payments-api',
      'sso-bridge',
    ]);
    expect(
      board.rows.filter(r =>
        ['cluster-addons', 'addon-cert-manager'].includes(r.app?.name ?? ''),
      ),
    ).toEqual([]);
  });
});
