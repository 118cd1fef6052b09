import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeploymentRow,
  DeploymentsBoard,
} from '@internal/plugin-deployments-common';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_ARGOCD_PASSWORD,
  SIM_ARGOCD_TOKEN,
  SIM_ARGOCD_USERNAME,
  currentDeploys,
  deriveCatalogEntities,
  imageOf,
  startPlatformSim,
} from '@internal/platform-sim';
import { deploymentsPlugin } from './plugin';

/** A pass-through proxy in front of one simulated Argo CD that counts what reaches it. */
async function countingProxy(target: string) {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url!.split('?')[0]}`);
    const upstream = http.request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      up => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    count: (prefix: string) => calls.filter(c => c.startsWith(prefix)).length,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A person for whom the catalog (as the permission policy would) hides checkout-api. */
const RESTRICTED = 'user:default/restricted';
const HIDDEN = 'component:default/checkout-api';

/** The in-memory catalog, except that RESTRICTED cannot read HIDDEN through it. */
function catalogHidingCheckoutApi(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const catalog = catalogServiceMock({ entities });
      const byRefs = catalog.getEntitiesByRefs.bind(catalog);
      const hidden = (credentials: BackstageCredentials | undefined) =>
        (credentials?.principal as { userEntityRef?: string } | undefined)
          ?.userEntityRef === RESTRICTED;
      catalog.getEntitiesByRefs = async (req, options) => {
        const { items } = await byRefs(req, options);
        const creds = (options as { credentials?: BackstageCredentials })
          ?.credentials;
        return {
          items: items.map(e =>
            e && hidden(creds) && stringifyEntityRef(e) === HIDDEN
              ? undefined
              : e,
          ),
        };
      };
      return catalog;
    },
  });
}

// Long enough that 50 concurrent first reads finish within one period on a loaded 2-core machine.
const REFRESH_SECONDS = 5;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('deployments backend against platform-sim', () => {
  let sim: PlatformSim;
  let proxies: Record<
    'prod' | 'nonprod',
    Awaited<ReturnType<typeof countingProxy>>
  >;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  const getBoard = async (query = '', user?: string) => {
    const res = await request(backend.server)
      .get(`/api/deployments/board${query}`)
      .set('authorization', mockCredentials.user.header(user));
    expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
    return res.body as DeploymentsBoard;
  };
  const rowOf = (board: DeploymentsBoard, service: string, cluster: string) =>
    board.rows.find(
      r => r.service === service && r.cluster === cluster,
    ) as DeploymentRow;

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    proxies = {
      prod: await countingProxy(sim.urls.argocd.prod),
      nonprod: await countingProxy(sim.urls.argocd.nonprod),
    };
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
                    // prod logs in with username/password: the session must be kept
                    {
                      name: 'prod',
                      url: proxies.prod.url,
                      frontendUrl: 'https://argocd.prod.example.com',
                      username: SIM_ARGOCD_USERNAME,
                      password: SIM_ARGOCD_PASSWORD,
                    },
                    {
                      name: 'nonprod',
                      url: proxies.nonprod.url,
                      token: SIM_ARGOCD_TOKEN,
                    },
                  ],
                },
              ],
            },
            deployments: {
              refreshSeconds: REFRESH_SECONDS,
              // every read after a period sees the rebuilt board (no stale answer while it builds)
              rebuildWaitSeconds: 60,
              requestTimeoutMs: 1000,
            },
          },
        }),
        catalogHidingCheckoutApi(deriveCatalogEntities(sim.scenario)),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all(Object.values(proxies ?? {}).map(p => p.close()));
    await sim?.stop();
  });

  afterEach(() => sim.faults.clear());

  it('coalesces 50 concurrent viewers into one upstream pass per cluster, logging in once', async () => {
    const boards = await Promise.all(
      Array.from({ length: 50 }, () => getBoard()),
    );
    expect(new Set(boards.map(b => b.generatedAt)).size).toBe(1);
    for (const p of Object.values(proxies)) {
      expect(
        p.calls.filter(c => c === 'GET /api/v1/applications'),
      ).toHaveLength(1);
    }
    expect(proxies.prod.count('POST /api/v1/session')).toBe(1);
    expect(proxies.nonprod.count('POST /api/v1/session')).toBe(0);

    // Within the refresh period, more viewers cost nothing upstream.
    const before = proxies.prod.calls.length + proxies.nonprod.calls.length;
    await Promise.all(Array.from({ length: 20 }, () => getBoard()));
    expect(proxies.prod.calls.length + proxies.nonprod.calls.length).toBe(
      before,
    );

    // The next period: one more list per cluster, no new login, no metadata already known.
    await sleep(REFRESH_SECONDS * 1000 + 100);
    const prodMetadata = proxies.prod.count('GET /api/v1/applications/');
    await Promise.all(Array.from({ length: 10 }, () => getBoard()));
    expect(
      proxies.prod.calls.filter(c => c === 'GET /api/v1/applications'),
    ).toHaveLength(2);
    expect(proxies.prod.count('POST /api/v1/session')).toBe(1);
    expect(proxies.prod.count('GET /api/v1/applications/')).toBe(prodMetadata);
  });

  it('logs in again only when Argo CD rejects the kept session', async () => {
    (sim.argocd.prod as any).sessions.clear();
    await sleep(REFRESH_SECONDS * 1000 + 100);
    const board = await getBoard();
    expect(board.sources.find(s => s.cluster === 'prod')?.ok).toBe(true);
    expect(proxies.prod.count('POST /api/v1/session')).toBe(2);
  });

  it('flags checkout-api in prod as OutOfSync, with the pending commit', async () => {
    const board = await getBoard();
    expect(board.clusters).toEqual(['prod', 'nonprod']);
    const services = deriveCatalogEntities(sim.scenario).filter(
      e => e.kind === 'Component',
    );
    expect(board.rows).toHaveLength(services.length * 2);

    const row = rowOf(board, 'checkout-api', 'prod');
    expect(row.syncStatus).toBe('OutOfSync');
    expect(row.needsReview.map(r => r.kind)).toContain('OutOfSync');
    expect(row.owner).toBe('group:default/team-checkout');
    expect(row.app?.url).toBe(
      'https://argocd.prod.example.com/applications/checkout-api-prod',
    );
    expect(row.targetRevision?.shortSha).toHaveLength(7);
    expect(row.targetRevision?.message).toMatch(/deploy .* to prod/);
    expect(row.revision?.commitUrl).toBe(
      `https://github.com/pier-platform/gitops/commit/${row.revision?.sha}`,
    );
    expect(row.revision?.author).toEqual(expect.any(String));
    expect(row.version).toMatch(/^1\.\d+\.\d+$/);
    expect(row.lastSyncedAt).toEqual(expect.any(String));
    expect(rowOf(board, 'checkout-api', 'nonprod').syncStatus).toBe('Synced');
  });

  it('flags refunds-worker in nonprod as Degraded with the git revert that rolls it back', async () => {
    const board = await getBoard();
    const row = rowOf(board, 'refunds-worker', 'nonprod');
    expect(row.health).toBe('Degraded');
    expect(row.needsReview.map(r => r.kind)).toContain('Degraded');
    expect(row.rollback?.command).toBe(`git revert ${row.revision!.sha}`);
    expect(row.rollback?.commitUrl).toContain(row.revision!.sha);
    const prod = rowOf(board, 'refunds-worker', 'prod');
    expect(prod.health).toBe('Healthy');
    expect(prod.rollback).toBeUndefined();
  });

  it('reports version drift where nonprod is ahead of prod', async () => {
    const board = await getBoard('?status=VersionDrift');
    expect(board.rows.length).toBeGreaterThan(0);
    for (const row of board.rows) {
      expect(row.cluster).toBe('prod');
      expect(row.drift?.aheadCluster).toBe('nonprod');
      expect(row.needsReview.map(r => r.kind)).toContain('VersionDrift');
    }
    expect(board.rows.some(r => (r.drift?.revisionsBehind ?? 0) > 0)).toBe(
      true,
    );
    // The scenario knows how many releases nonprod got since what prod runs.
    for (const row of board.rows) {
      const service = sim.scenario.services.find(s => s.name === row.service)!;
      const nonprod = service.deployments.nonprod.history;
      const prodVersion = row.version;
      const at = nonprod
        .map(d => service.releases[d.releaseIndex].version)
        .lastIndexOf(prodVersion!);
      const expected =
        at >= 0 && nonprod.length - at <= 10
          ? nonprod.length - 1 - at
          : undefined;
      expect(row.drift?.revisionsBehind).toBe(expected);
      const behind =
        expected === undefined
          ? 'behind nonprod'
          : `${expected} revision${expected === 1 ? '' : 's'} behind nonprod`;
      expect(row.drift?.message).toBe(
        `prod ${behind} (${row.version} → ${row.drift?.aheadVersion})`,
      );
    }
  });

  it('tells each service’s own image from the sidecars and init containers Argo CD lists with it', async () => {
    const board = await getBoard();
    let sidecarFirst = 0;
    // What the scenario deployed: the version of each cluster's newest deploy, the images of the
    // releases whose pods run (two during a rollout).
    const deployedVersion = (name: string, cluster: 'prod' | 'nonprod') => {
      const service = sim.scenario.services.find(s => s.name === name)!;
      const history = service.deployments[cluster].history;
      return service.releases[history[history.length - 1].releaseIndex].version;
    };
    const ownImages = (
      service: (typeof sim.scenario.services)[number],
      cluster: 'prod' | 'nonprod',
    ) =>
      currentDeploys(service, cluster).map(
        d => imageOf(sim.scenario, service, d.releaseIndex).image,
      );
    for (const service of sim.scenario.services) {
      for (const cluster of ['prod', 'nonprod'] as const) {
        const row = rowOf(board, service.name, cluster);
        const own = ownImages(service, cluster);
        expect([...row.serviceImages].sort()).toEqual([...own].sort());
        expect(row.imageMatch).toBe('repository');
        expect(row.version).toBe(deployedVersion(service.name, cluster));
        expect(row.sidecarImages).toEqual(
          row.images.filter(i => !own.includes(i)),
        );
        if (!own.includes(row.images[0])) sidecarFirst++;
      }
    }
    // The trap is armed: Argo CD's sorted list puts a sidecar or init image first for many rows.
    expect(sidecarFirst).toBeGreaterThanOrEqual(6);
    expect(
      board.rows.some(r =>
        r.sidecarImages.some(i => i.includes('istio/proxyv2')),
      ),
    ).toBe(true);

    // Drift compares the services' own versions only: a row is behind exactly when the other
    // cluster deployed a higher version.
    const numeric = (v: string) => v.split('.').map(Number);
    const higher = (a: string, b: string) => {
      const [x, y] = [numeric(a), numeric(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
      return false;
    };
    for (const service of sim.scenario.services) {
      const prod = deployedVersion(service.name, 'prod');
      const nonprod = deployedVersion(service.name, 'nonprod');
      expect(!!rowOf(board, service.name, 'prod').drift).toBe(
        higher(nonprod, prod),
      );
      expect(!!rowOf(board, service.name, 'nonprod').drift).toBe(
        higher(prod, nonprod),
      );
    }
  });

  it('gives apps without Pier’s labels no row and no service their images', async () => {
    const board = await getBoard();
    const addonApps = ['cluster-addons', 'addon-cert-manager', 'addon-istiod'];
    expect(
      board.rows.filter(r => addonApps.includes(r.app?.name ?? '')),
    ).toEqual([]);
    expect(
      board.rows.some(r =>
        r.images.some(i => /cert-manager|istio\/pilot/.test(i)),
      ),
    ).toBe(false);
  });

  it('filters by cluster, owner and status, and rejects bad queries', async () => {
    const board = await getBoard(
      '?cluster=prod&owner=team-checkout&status=needsReview',
    );
    expect(board.rows.length).toBeGreaterThan(0);
    for (const row of board.rows) {
      expect(row.cluster).toBe('prod');
      expect(row.owner).toBe('group:default/team-checkout');
      expect(row.needsReview.length).toBeGreaterThan(0);
    }
    const bad = await request(backend.server)
      .get('/api/deployments/board?status=Broken')
      .set('authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    const unknown = await request(backend.server)
      .get('/api/deployments/board?cluster=staging')
      .set('authorization', mockCredentials.user.header());
    expect(unknown.status).toBe(400);
    const anonymous = await request(backend.server)
      .get('/api/deployments/board')
      .set('authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('shows each caller only the services the catalog lets them read, from the same cached board', async () => {
    const seeing = await getBoard();
    const restricted = await getBoard('', RESTRICTED);
    // One shared board (same pass), filtered per caller.
    expect(restricted.generatedAt).toBe(seeing.generatedAt);
    expect(seeing.rows.filter(r => r.entityRef === HIDDEN)).toHaveLength(2);
    expect(restricted.rows.filter(r => r.entityRef === HIDDEN)).toEqual([]);
    expect(restricted.rows).toHaveLength(seeing.rows.length - 2);
    expect(rowOf(restricted, 'refunds-worker', 'nonprod')).toBeDefined();
    // Asking for the hidden service by name, or by its owner, finds nothing either.
    expect((await getBoard(`?entityRef=${HIDDEN}`, RESTRICTED)).rows).toEqual(
      [],
    );
    expect(
      (await getBoard('?owner=team-checkout', RESTRICTED)).rows.some(
        r => r.entityRef === HIDDEN,
      ),
    ).toBe(false);
    expect((await getBoard(`?entityRef=${HIDDEN}`)).rows).toHaveLength(2);
  });

  it('sends the board gzipped to a caller that takes gzip, as it is to one that does not', async () => {
    const get = (encoding: string) =>
      request(backend.server)
        .get('/api/deployments/board')
        .set('authorization', mockCredentials.user.header())
        .set('accept-encoding', encoding);
    const gzipped = await get('gzip, deflate, br');
    const plain = await get('identity');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzipped.headers.etag).not.toBe(plain.headers.etag);
    expect(gzipped.body).toEqual(plain.body);
    expect((plain.body as DeploymentsBoard).rows.length).toBeGreaterThan(0);
  });

  it('answers a reload of an unchanged board with 304, and never one caller with another’s tag', async () => {
    const get = (user?: string, etag?: string) => {
      const r = request(backend.server)
        .get('/api/deployments/board')
        .set('authorization', mockCredentials.user.header(user));
      return etag ? r.set('if-none-match', etag) : r;
    };
    const first = await get();
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"/);
    const again = await get(undefined, etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    // The restricted caller's answer differs, so does its tag: the full board's tag is no match.
    const restricted = await get(RESTRICTED, etag);
    expect(restricted.status).toBe(200);
    expect(restricted.headers.etag).not.toBe(etag);
    expect(
      (restricted.body as DeploymentsBoard).rows.some(
        r => r.entityRef === HIDDEN,
      ),
    ).toBe(false);
  });

  it.each([
    ['answers 503', { errorRate: 1, errorStatus: 503 }, /HTTP 503/],
    ['hangs', { hang: true }, /no answer within 1000 ms/],
  ])(
    'keeps nonprod and the last good prod data when prod Argo CD %s',
    async (_what, fault, why) => {
      const good = await getBoard();
      const lastSeen = good.sources.find(s => s.cluster === 'prod')!.lastSeen;
      sim.faults.set('argocd.prod', fault);
      await sleep(REFRESH_SECONDS * 1000 + 100);

      const board = await getBoard();
      const prod = board.sources.find(s => s.cluster === 'prod')!;
      expect(prod.ok).toBe(false);
      expect(prod.error).toMatch(why);
      expect(prod.lastSeen).toBe(lastSeen);
      expect(board.sources.find(s => s.cluster === 'nonprod')).toMatchObject({
        ok: true,
      });

      const nonprod = rowOf(board, 'refunds-worker', 'nonprod');
      expect(nonprod.stale).toBe(false);
      expect(nonprod.health).toBe('Degraded');
      const stale = rowOf(board, 'checkout-api', 'prod');
      expect(stale.stale).toBe(true);
      expect(stale.syncStatus).toBe('OutOfSync');

      // Recovery: the next period reads prod again.
      sim.faults.clear();
      await sleep(REFRESH_SECONDS * 1000 + 100);
      const recovered = await getBoard();
      expect(recovered.sources.find(s => s.cluster === 'prod')?.ok).toBe(true);
      expect(rowOf(recovered, 'checkout-api', 'prod').stale).toBe(false);
    },
  );
});
