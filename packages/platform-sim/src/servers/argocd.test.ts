import {
  SIM_ARGOCD_PASSWORD,
  SIM_ARGOCD_TOKEN,
  SIM_ARGOCD_USERNAME,
} from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('Argo CD API simulation', () => {
  let sim: PlatformSim;
  const get = (base: string, path: string, token = SIM_ARGOCD_TOKEN) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
  });
  afterAll(() => sim.stop());

  it('issues a session token for the admin user (Roadie backend flow)', async () => {
    const res = await fetch(`${sim.urls.argocd.prod}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: SIM_ARGOCD_USERNAME,
        password: SIM_ARGOCD_PASSWORD,
      }),
    });
    expect(res.status).toBe(200);
    const { token } = await res.json();
    const apps = await get(sim.urls.argocd.prod, '/api/v1/applications', token);
    expect(apps.status).toBe(200);

    const bad = await fetch(`${sim.urls.argocd.prod}/api/v1/session`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({
      code: 16,
      error: expect.any(String),
      message: expect.any(String),
    });
  });

  it('finds a service app in both instances with the app selector', async () => {
    for (const cluster of ['prod', 'nonprod'] as const) {
      const res = await get(
        sim.urls.argocd[cluster],
        `/api/v1/applications?selector=${encodeURIComponent(
          'backstage.io/kubernetes-id=payments-api',
        )}`,
      );
      const body = await res.json();
      expect(body.items).toHaveLength(1);
      const app = body.items[0];
      expect(app.metadata.name).toBe(`payments-api-${cluster}`);
      expect(app.spec.source).toMatchObject({
        repoURL: expect.any(String),
        path: expect.any(String),
      });
      expect(app.status.sync.status).toBe('Synced');
      expect(app.status.health.status).toBe('Healthy');
      expect(app.status.history.length).toBeGreaterThan(0);
      expect(app.status.operationState.phase).toBe('Succeeded');
    }
  });

  it('reports OutOfSync, Degraded and Progressing apps', async () => {
    const states = async (cluster: 'prod' | 'nonprod') => {
      const body = await (
        await get(sim.urls.argocd[cluster], '/api/v1/applications')
      ).json();
      return Object.fromEntries(
        body.items.map((a: any) => [
          a.metadata.name,
          `${a.status.sync.status}/${a.status.health.status}`,
        ]),
      );
    };
    const prod = await states('prod');
    const nonprod = await states('nonprod');
    expect(prod['checkout-api-prod']).toBe('OutOfSync/Healthy');
    expect(prod['auth-service-prod']).toBe('Synced/Progressing');
    expect(prod['recommendations-prod']).toBe('Synced/Degraded');
    expect(nonprod['refunds-worker-nonprod']).toBe('Synced/Degraded');
  });

  it('serves an app, its revision metadata, resource tree and managed resources', async () => {
    const base = sim.urls.argocd.nonprod;
    const app = await (
      await get(base, '/api/v1/applications/refunds-worker-nonprod')
    ).json();
    const history = app.status.history;
    const last = history[history.length - 1];
    expect(last).toMatchObject({
      id: expect.any(Number),
      revision: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(Date.parse(last.deployedAt)).toBeGreaterThan(0);

    const meta = await (
      await get(
        base,
        `/api/v1/applications/refunds-worker-nonprod/revisions/${last.revision}/metadata`,
      )
    ).json();
    expect(meta).toMatchObject({
      author: expect.stringContaining('@example.com'),
      message: expect.any(String),
    });
    expect(Date.parse(meta.date)).toBeGreaterThan(0);

    const tree = await (
      await get(
        base,
        '/api/v1/applications/refunds-worker-nonprod/resource-tree',
      )
    ).json();
    const kinds = new Set(tree.nodes.map((n: any) => n.kind));
    expect(kinds).toEqual(
      new Set([
        'Deployment',
        'ReplicaSet',
        'Pod',
        'Service',
        'ConfigMap',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'ExternalSecret',
      ]),
    );
    expect(
      tree.nodes.some(
        (n: any) => n.kind === 'Pod' && n.health?.status === 'Degraded',
      ),
    ).toBe(true);

    const managed = await (
      await get(
        base,
        '/api/v1/applications/refunds-worker-nonprod/managed-resources',
      )
    ).json();
    expect(managed.items.length).toBeGreaterThan(0);
    expect(JSON.parse(managed.items[0].liveState).metadata.name).toBeDefined();
  });

  it('answers errors as {error, code, message}', async () => {
    const missing = await get(
      sim.urls.argocd.prod,
      '/api/v1/applications/nope',
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 5,
      error: 'applications.argoproj.io "nope" not found',
    });
    const unauth = await get(
      sim.urls.argocd.prod,
      '/api/v1/applications',
      'bad',
    );
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).code).toBe(16);
    const badRev = await get(
      sim.urls.argocd.prod,
      '/api/v1/applications/payments-api-prod/revisions/abc/metadata',
    );
    expect(badRev.status).toBe(404);
  });

  it('syncs an OutOfSync app', async () => {
    const local = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
    try {
      const res = await fetch(
        `${local.urls.argocd.prod}/api/v1/applications/checkout-api-prod/sync`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` },
          body: '{}',
        },
      );
      expect(res.status).toBe(200);
      const app = await (
        await get(
          local.urls.argocd.prod,
          '/api/v1/applications/checkout-api-prod',
        )
      ).json();
      expect(app.status.sync.status).toBe('Synced');
    } finally {
      await local.stop();
    }
  });
  it('issues the read-only pier account an API token as production does (a JWT), which reads but cannot change', async () => {
    const res = await fetch(
      `${sim.urls.argocd.prod}/api/v1/account/pier/token`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` },
      },
    );
    expect(res.status).toBe(200);
    const { token } = await res.json();
    const [, claims] = token.split('.');
    expect(
      JSON.parse(Buffer.from(claims, 'base64url').toString()),
    ).toMatchObject({ iss: 'argocd', sub: 'pier:apiKey' });
    const apps = await get(sim.urls.argocd.prod, '/api/v1/applications', token);
    expect(apps.status).toBe(200);
    expect((await apps.json()).items.length).toBeGreaterThan(0);
    const name = sim.argocd.prod.state.applications[0].metadata.name;
    const sync = await fetch(
      `${sim.urls.argocd.prod}/api/v1/applications/${name}/sync`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: '{}',
      },
    );
    expect(sync.status).toBe(403);
    expect(await sync.json()).toMatchObject({ code: 7 });
    // Signed by the prod instance: the nonprod instance does not know it.
    expect(
      (await get(sim.urls.argocd.nonprod, '/api/v1/applications', token))
        .status,
    ).toBe(401);
    // The pier account cannot mint tokens; unknown accounts do not exist.
    const mint = await fetch(
      `${sim.urls.argocd.prod}/api/v1/account/pier/token`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    );
    expect(mint.status).toBe(403);
    const unknown = await fetch(
      `${sim.urls.argocd.prod}/api/v1/account/someone/token`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` },
      },
    );
    expect(unknown.status).toBe(404);
  });
});
