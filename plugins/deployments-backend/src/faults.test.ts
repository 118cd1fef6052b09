import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Router } from 'express';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ClusterSourceStatus,
  DeploymentsBoard,
} from '@internal/plugin-deployments-common';
import {
  EPHEMERAL_PORTS,
  FaultSpec,
  PlatformSim,
  SIM_ARGOCD_TOKEN,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { deploymentsPlugin } from './plugin';
import {
  MAX_RETRY_AFTER_SECONDS,
  retryAfterSeconds,
} from './services/ArgoCdClient';

/**
 * The two "200 but wrong" answers, made from the simulator's real answer: `{}` (shape-less), or
 * every list cut to a tenth. (platform-sim's own `empty`/`dropFraction` faults do the same.)
 */
type Rewrite = 'empty' | 'drop90' | undefined;
function rewrite(
  body: string,
  how: Rewrite,
): { body: string; kept?: number; served?: number } {
  if (!how) {
    try {
      return { body, served: JSON.parse(body).items?.length };
    } catch {
      return { body };
    }
  }
  if (how === 'empty') return { body: '{}' };
  const parsed = JSON.parse(body);
  const items: unknown[] = parsed.items ?? [];
  parsed.items = items.filter((_, i) => i % 10 === 9);
  return { body: JSON.stringify(parsed), kept: parsed.items.length };
}

/** A proxy in front of one simulated upstream that rewrites its list answers as told. */
async function rewritingProxy(target: string) {
  /** `served`: items in the last list answered unchanged; `kept`: in the last one cut. */
  const state: {
    how?: Rewrite;
    kept?: number;
    served?: number;
    /** Requests that reached the upstream. */
    requests: number;
  } = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    const upstream = http.request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      up => {
        const chunks: Buffer[] = [];
        up.on('data', c => chunks.push(c));
        up.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const isList =
            up.statusCode === 200 &&
            /^\/(api\/v1\/applications|apis\/apps\/v1\/deployments)(\?|$)/.test(
              req.url!,
            );
          const out = isList ? rewrite(text, state.how) : { body: text };
          if (isList && out.kept !== undefined) state.kept = out.kept;
          if (isList && out.served !== undefined) state.served = out.served;
          const headers = { ...up.headers };
          delete headers['content-length'];
          res.writeHead(up.statusCode!, headers);
          res.end(out.body);
        });
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Stands in for the Kubernetes backend's proxy route (the real one is tested in packages/backend). */
function kubernetesProxyPlugin(urls: Record<string, string>) {
  return createBackendPlugin({
    pluginId: 'kubernetes',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = Router();
          router.get('/proxy/*', async (req, res) => {
            const cluster = req.header('backstage-kubernetes-cluster')!;
            try {
              const upstream = await fetch(
                `${urls[cluster]}${req.url.replace(/^\/proxy/, '')}`,
                {
                  headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
                  signal: AbortSignal.timeout(2_000),
                },
              );
              const retryAfter = upstream.headers.get('retry-after');
              if (retryAfter) res.setHeader('retry-after', retryAfter);
              res
                .status(upstream.status)
                .type('application/json')
                .send(await upstream.text());
            } catch (error) {
              res.status(502).json({
                error: { name: 'Error', message: (error as Error).message },
              });
            }
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

const REFRESH_SECONDS = 1;
const nextPeriod = () =>
  new Promise(r => setTimeout(r, REFRESH_SECONDS * 1000 + 150));

describe('deployments board through every upstream fault', () => {
  let sim: PlatformSim;
  let argo: Awaited<ReturnType<typeof rewritingProxy>>;
  let kube: Awaited<ReturnType<typeof rewritingProxy>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const getBoard = async () => {
    const res = await request(backend.server)
      .get('/api/deployments/board')
      .set('authorization', mockCredentials.user.header());
    expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
    return res.body as DeploymentsBoard;
  };
  const source = (board: DeploymentsBoard, cluster: string) =>
    board.sources.find(s => s.cluster === cluster) as ClusterSourceStatus;
  const appsShown = (board: DeploymentsBoard, cluster: string) =>
    board.rows
      .filter(r => r.cluster === cluster && r.app)
      .map(r => `${r.entityRef} ${r.app!.name} ${r.version}`)
      .sort();
  const replicasShown = (board: DeploymentsBoard, cluster: string) =>
    board.rows.filter(r => r.cluster === cluster && r.replicas).length;

  /** A good board after the faults are gone and the next period has read again. */
  async function goodBoard() {
    sim.faults.clear();
    argo.state.how = undefined;
    kube.state.how = undefined;
    await nextPeriod();
    const board = await getBoard();
    expect(source(board, 'prod')).toMatchObject({ ok: true });
    expect(source(board, 'prod').replicas).toMatchObject({ ok: true });
    return board;
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    argo = await rewritingProxy(sim.urls.argocd.prod);
    kube = await rewritingProxy(sim.urls.kubernetes.prod);
    const instance = (name: string, url: string) => ({
      name,
      url,
      token: SIM_ARGOCD_TOKEN,
    });
    backend = await startTestBackend({
      features: [
        deploymentsPlugin,
        kubernetesProxyPlugin({
          prod: kube.url,
          nonprod: sim.urls.kubernetes.nonprod,
        }),
        mockServices.rootConfig.factory({
          data: {
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    instance('prod', argo.url),
                    instance('nonprod', sim.urls.argocd.nonprod),
                  ],
                },
              ],
            },
            deployments: {
              refreshSeconds: REFRESH_SECONDS,
              // every read after a period sees the rebuilt board (no stale answer while it builds)
              rebuildWaitSeconds: 60,
              requestTimeoutMs: 500,
            },
          },
        }),
        catalogServiceMock.factory({
          entities: deriveCatalogEntities(sim.scenario),
        }),
      ],
    });
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await backend?.stop();
    await argo?.close();
    await kube?.close();
    await sim?.stop();
  });

  const argoFaults: Array<[string, FaultSpec | Rewrite, RegExp]> = [
    ['5xx', { errorRate: 1, errorStatus: 503 }, /HTTP 503/],
    ['429 with Retry-After', { status429RetryAfter: 1 }, /HTTP 429/],
    ['hang past the timeout', { hang: true }, /no answer within 500 ms/],
    ['malformed body', { malformed: true }, /not valid JSON/],
    ['connection reset', { reset: true }, /unreachable/],
    ['200 with {}', 'empty', /answered 200 without items/],
    [
      "platform-sim's empty fault",
      { empty: true },
      /answered 200 without items/,
    ],
  ];

  it.each(argoFaults)(
    'Argo CD prod %s: prod keeps its last good applications with the reason and since when, nonprod is unaffected',
    async (_what, fault, why) => {
      const good = await goodBoard();
      const before = Date.now();
      if (typeof fault === 'string') argo.state.how = fault;
      else
        sim.faults.set('argocd.prod', {
          ...fault,
          pathPrefix: '/api/v1/applications',
        });
      await nextPeriod();

      const board = await getBoard();
      const prod = source(board, 'prod');
      expect(prod.ok).toBe(false);
      expect(prod.error).toMatch(why);
      // The reason alone: the page words what is shown instead (from lastSeen).
      expect(prod.error).not.toMatch(/showing|last good/);
      expect(Date.parse(prod.since!)).toBeGreaterThanOrEqual(before - 1000);
      expect(prod.awaitingConfirmation).toBeUndefined();
      expect(prod.lastSeen).toBe(source(good, 'prod').lastSeen);
      expect(appsShown(board, 'prod')).toEqual(appsShown(good, 'prod'));
      expect(
        board.rows.filter(r => r.cluster === 'prod').every(r => r.stale),
      ).toBe(true);
      // nonprod read afresh, unaffected
      expect(source(board, 'nonprod').ok).toBe(true);
      expect(source(board, 'nonprod').lastSeen).not.toBe(
        source(good, 'nonprod').lastSeen,
      );
      expect(appsShown(board, 'nonprod')).toEqual(appsShown(good, 'nonprod'));
      expect(board.rows.some(r => r.cluster === 'nonprod' && r.stale)).toBe(
        false,
      );
    },
  );

  it('Argo CD prod cut by 90 %: the board waits for a second answer before showing fewer applications', async () => {
    const good = await goodBoard();
    argo.state.how = 'drop90';
    await nextPeriod();

    const first = await getBoard();
    const kept = argo.state.kept!;
    const had = argo.state.served!;
    expect(kept).toBe(Math.floor(had / 10));
    expect(source(first, 'prod')).toMatchObject({
      ok: false,
      awaitingConfirmation: true,
    });
    expect(source(first, 'prod').error).toMatch(
      new RegExp(
        `^Argo CD prod answered ${kept} applications, \\d+ % fewer than the last stored answer \\(${kept} instead of ${had}\\)$`,
      ),
    );
    expect(appsShown(first, 'prod')).toEqual(appsShown(good, 'prod'));

    await nextPeriod();
    const second = await getBoard();
    expect(source(second, 'prod')).toMatchObject({ ok: true });
    expect(source(second, 'prod').awaitingConfirmation).toBeUndefined();
    const shown = appsShown(second, 'prod');
    expect(shown.length).toBeLessThan(appsShown(good, 'prod').length);
    expect(shown.every(a => appsShown(good, 'prod').includes(a))).toBe(true);
  });

  it("Argo CD prod cut by platform-sim's dropFraction 0.9: held with 'waiting for confirmation', replaced on the next answer", async () => {
    const good = await goodBoard();
    sim.faults.set('argocd.prod', {
      dropFraction: 0.9,
      pathPrefix: '/api/v1/applications',
    });
    await nextPeriod();
    const first = await getBoard();
    expect(source(first, 'prod')).toMatchObject({
      ok: false,
      awaitingConfirmation: true,
    });
    expect(source(first, 'prod').error).toMatch(
      /^Argo CD prod answered \d+ applications, \d+ % fewer than the last stored answer/,
    );
    expect(appsShown(first, 'prod')).toEqual(appsShown(good, 'prod'));
    await nextPeriod();
    const second = await getBoard();
    expect(source(second, 'prod').ok).toBe(true);
    expect(appsShown(second, 'prod').length).toBeLessThan(
      appsShown(good, 'prod').length,
    );
  });

  const kubernetesFaults: Array<[string, FaultSpec | Rewrite, RegExp]> = [
    ['5xx', { errorRate: 1, errorStatus: 503 }, /503/],
    ['malformed body', { malformed: true }, /./],
    ['connection reset', { reset: true }, /502|fetch failed|socket/i],
    [
      '200 with {}',
      'empty',
      /^Kubernetes prod deployments: answer has no items list$/,
    ],
    [
      "platform-sim's empty fault",
      { empty: true },
      /^Kubernetes prod deployments: answer has no items list$/,
    ],
  ];

  it.each(kubernetesFaults)(
    'Kubernetes prod %s: the replica counts stay the last good ones, Argo CD data is unaffected',
    async (_what, fault, why) => {
      const good = await goodBoard();
      const counted = replicasShown(good, 'prod');
      expect(counted).toBeGreaterThan(0);
      if (typeof fault === 'string') kube.state.how = fault;
      else sim.faults.set('kubernetes.prod', fault as FaultSpec);
      await nextPeriod();

      const board = await getBoard();
      expect(source(board, 'prod').ok).toBe(true);
      const replicas = source(board, 'prod').replicas!;
      expect(replicas.ok).toBe(false);
      expect(replicas.error).toMatch(why);
      expect(replicas.since).toBeDefined();
      expect(replicas.lastSeen).toBe(source(good, 'prod').replicas!.lastSeen);
      expect(replicasShown(board, 'prod')).toBe(counted);
      expect(source(board, 'nonprod').replicas).toMatchObject({ ok: true });
    },
  );

  it('Kubernetes prod 429 with Retry-After: not asked again before the time it names, and the card says so', async () => {
    const good = await goodBoard();
    const counted = replicasShown(good, 'prod');
    sim.faults.set('kubernetes.prod', { status429RetryAfter: 2 });
    await nextPeriod();
    const first = await getBoard();
    const replicas = source(first, 'prod').replicas!;
    expect(replicas.ok).toBe(false);
    expect(replicas.error).toMatch(
      /^Kubernetes prod answered HTTP 429 \(too many requests\) at \d\d:\d\d:\d\d UTC, asking to retry after 2 s: not asked again before \d\d:\d\d:\d\d UTC$/,
    );
    expect(replicasShown(first, 'prod')).toBe(counted);

    // The next period falls inside the 2 s: the board is rebuilt, Kubernetes prod is not asked.
    sim.faults.clear();
    const asked = kube.state.requests;
    await nextPeriod();
    const second = await getBoard();
    expect(kube.state.requests).toBe(asked);
    expect(source(second, 'prod').replicas!.error).toBe(replicas.error);

    // After it, the cluster is asked again and answers.
    await goodBoard();
    expect(kube.state.requests).toBeGreaterThan(asked);
  });

  it.each([
    ['a proxy keeping every tenth deployment', 'drop90'],
    ["platform-sim's dropFraction 0.9", { dropFraction: 0.9 }],
  ] as Array<[string, Rewrite | FaultSpec]>)(
    'Kubernetes prod cut by 90 %% (%s): replica counts replaced only on the second answer',
    async (_how, fault) => {
      const good = await goodBoard();
      const counted = replicasShown(good, 'prod');
      if (typeof fault === 'string') kube.state.how = fault;
      else sim.faults.set('kubernetes.prod', fault as FaultSpec);
      await nextPeriod();
      const first = await getBoard();
      expect(source(first, 'prod').replicas).toMatchObject({
        ok: false,
        awaitingConfirmation: true,
      });
      expect(replicasShown(first, 'prod')).toBe(counted);
      await nextPeriod();
      const second = await getBoard();
      expect(source(second, 'prod').replicas).toMatchObject({ ok: true });
      expect(replicasShown(second, 'prod')).toBeLessThan(counted);
    },
  );

  it('logged no unhandled rejection through all of it', () => {
    expect(unhandled).toEqual([]);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and bounds the wait', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(retryAfterSeconds('7', now)).toBe(7);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 12:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds('86400', now)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(retryAfterSeconds('-5', now)).toBe(30);
    expect(retryAfterSeconds(null, now)).toBe(30);
  });
});
