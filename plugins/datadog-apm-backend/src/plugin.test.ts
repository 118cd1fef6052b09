import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DATADOG_SERVICE_NAME_ANNOTATION,
  EntityDatadog,
} from '@internal/plugin-datadog-apm-common';
import {
  EPHEMERAL_PORTS,
  LEGACY_DATADOG_SERVICE_INDEX,
  PlatformSim,
  REGRESSED_SERVICE_INDEX,
  UNINDEXED_SLO_SERVICE_INDEX,
  agentGapAt,
  prodAgentUpgradeAt,
  ROADIE_DATADOG_SERVICE_INDEX,
  SIM_DATADOG_API_KEY,
  SIM_DATADOG_APP_KEY,
  deriveCatalogEntities,
  startPlatformSim,
  tracePoint,
} from '@internal/platform-sim';
import { datadogApmPlugin } from './plugin';

/** A pass-through proxy in front of the simulated Datadog that records what reaches it. */
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
    count: (path: string) => calls.filter(c => c === `GET ${path}`).length,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
// Long enough for a burst of 50 viewers to be answered on a loaded 2-core CI machine.
const CACHE_SECONDS = 6;

const ghost: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ghost',
    annotations: { [DATADOG_SERVICE_NAME_ANNOTATION]: 'ghost-service' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/x' },
};

async function startBackend(datadog: JsonObject, entities: Entity[]) {
  return startTestBackend({
    features: [
      datadogApmPlugin,
      mockServices.rootConfig.factory({ data: { datadog } }),
      catalogServiceMock.factory({ entities }),
    ],
  });
}

describe('datadog-apm backend against platform-sim', () => {
  let sim: PlatformSim;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let entities: Entity[];

  const getEntity = async (
    name: string,
    range = '24h',
    server = backend.server,
  ) => {
    const res = await request(server)
      .get(
        `/api/datadog-apm/entity?entityRef=component:default/${name}&range=${range}`,
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
    return res.body as EntityDatadog;
  };

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    proxy = await countingProxy(sim.urls.datadog);
    entities = [
      ...deriveCatalogEntities(sim.scenario, { datadogUrl: sim.urls.datadog }),
      ghost,
    ];
    backend = await startBackend(
      {
        site: 'datadoghq.eu',
        baseUrl: proxy.url,
        apiKey: SIM_DATADOG_API_KEY,
        appKey: SIM_DATADOG_APP_KEY,
        requestTimeoutMs: 2000,
        apm: {
          cacheSeconds: CACHE_SECONDS,
          publicBaseUrl: proxy.url,
        },
      },
      entities,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    await sim?.stop();
  });

  afterEach(() => sim.faults.clear());

  it('serves 50 concurrent viewers with one Datadog request per query', async () => {
    const service = sim.scenario.services[1].name;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => getEntity(service, '1h')),
    );
    expect(new Set(answers.map(a => a.apm!.metrics.fetchedAt)).size).toBe(1);
    // discovery + stats, monitors, SLOs
    expect(proxy.count('/api/v1/query')).toBe(2);
    expect(proxy.count('/api/v1/monitor')).toBe(1);
    expect(proxy.count('/api/v1/slo/search')).toBe(1);

    // Within the cache period more viewers cost nothing; after it, one stats query more and
    // no second discovery.
    await Promise.all(
      Array.from({ length: 20 }, () => getEntity(service, '1h')),
    );
    expect(proxy.calls).toHaveLength(4);
    await sleep(CACHE_SECONDS * 1000 + 100);
    await Promise.all(
      Array.from({ length: 20 }, () => getEntity(service, '1h')),
    );
    expect(proxy.count('/api/v1/query')).toBe(3);
  });

  it('charts requests, errors, latency and Apdex per env with the previous period', async () => {
    const s = sim.scenario.services[REGRESSED_SERVICE_INDEX];
    const { apm } = await getEntity(s.name, '24h');
    const metrics = apm!.metrics.data!;
    expect(metrics.operation).toBe(s.operation);
    expect(metrics.envs.map(e => `${e.env}/${e.cluster}`)).toEqual([
      'nonprod/nonprod',
      'prod/prod',
    ]);

    // requests/s over the range: the hits of the buckets Datadog answered for the range (each
    // bucket's count from the scenario's own traffic model), over the range's seconds less the
    // buckets in which the agent sent nothing (null points: gaps, not zero traffic)
    const from = Date.parse(apm!.from);
    const to = Date.parse(apm!.to);
    const prod = metrics.envs.find(e => e.env === 'prod')!;
    const buckets = prod.current.requests.map(p => p.t);
    const intervalMs = buckets[1] - buckets[0];
    const gaps = buckets.filter(t => agentGapAt(sim.scenario, s, 'prod', t));
    const hits = buckets
      .filter(t => !gaps.includes(t))
      .map(
        t =>
          tracePoint(sim.scenario, s, 'prod', t, intervalMs, Date.now()).hits,
      )
      .reduce((a, b) => a + b, 0);
    const expectedRate =
      hits / ((to - from) / 1000 - (gaps.length * intervalMs) / 1000);
    expect(
      Math.abs(prod.summary.requests.current! - expectedRate) / expectedRate,
    ).toBeLessThan(0.005);
    // the prod agent upgrade three hours ago is a gap in the chart, exactly where the agent was
    // silent, not a drop to zero
    expect(gaps).toContain(prodAgentUpgradeAt(sim.scenario));
    expect(
      prod.current.requests.filter(p => p.v === null).map(p => p.t),
    ).toEqual(gaps);
    expect(prod.current.requests.length).toBeGreaterThan(100);
    expect(prod.previous.requests.length).toBeGreaterThan(100);
    // the previous period is moved onto the current one
    expect(prod.previous.requests[0].t).toBeGreaterThanOrEqual(from);
    for (const stat of ['p50', 'p95', 'p99'] as const) {
      expect(prod.summary[stat].current).toBeGreaterThan(0);
    }
    expect(prod.summary.p95.current!).toBeGreaterThan(
      prod.summary.p50.current!,
    );
    expect(prod.summary.p99.current!).toBeGreaterThan(
      prod.summary.p95.current!,
    );
    expect(prod.summary.apdex.current).toBeGreaterThan(0);
    expect(prod.summary.apdex.current).toBeLessThanOrEqual(1);
  });

  it('breaks traffic down per version and marks the last deploy', async () => {
    const s = sim.scenario.services[REGRESSED_SERVICE_INDEX];
    const history = s.deployments.prod.history;
    const last = history[history.length - 1];
    const before = history[history.length - 2];
    const { apm } = await getEntity(s.name, '7d');
    const { versions, deploys } = apm!.metrics.data!;
    const lastVersion = s.releases[last.releaseIndex].version;
    expect(
      versions.find(v => v.env === 'prod' && v.version === lastVersion),
    ).toBeDefined();
    const marker = deploys.find(
      d => d.env === 'prod' && d.version === lastVersion,
    )!;
    expect(marker.previousVersion).toBe(
      s.releases[before.releaseIndex].version,
    );
    // the marker is the first bucket served by the new version: within one bucket (2 h) of the deploy
    expect(
      Math.abs(Date.parse(marker.at) - last.deployedAt),
    ).toBeLessThanOrEqual(2 * 3_600_000);
  });

  it('lists the service monitors with their state, and SLOs with target and budget', async () => {
    const s = sim.scenario.services[REGRESSED_SERVICE_INDEX];
    const { apm } = await getEntity(s.name);
    const expected = sim.datadog.state.monitors.filter(
      m => m.service === s.name,
    );
    expect(
      apm!.monitors.data!.map(m => `${m.name}: ${m.state}`).sort(),
    ).toEqual(expected.map(m => `${m.name}: ${m.state}`).sort());
    expect(apm!.monitors.data![0].state).toBe('Alert');
    expect(apm!.monitors.data![0].url).toMatch(
      /^https:\/\/app\.datadoghq\.eu\/monitors\/\d+$/,
    );
    const slo = sim.datadog.state.slos.find(x => x.service === s.name)!;
    expect(apm!.slos.data).toHaveLength(1);
    expect(apm!.slos.data![0]).toMatchObject({
      name: slo.name,
      target: slo.target,
    });
    const { current, errorBudgetRemaining } = apm!.slos.data![0];
    expect(errorBudgetRemaining).toBeCloseTo(
      ((current! - slo.target) / (100 - slo.target)) * 100,
      1,
    );
    expect(apm!.links.apm).toBe(
      `https://app.datadoghq.eu/apm/services/${s.name}`,
    );
  });

  it('reads the older answer form (no query_index, no tag_set) as well as the current one', async () => {
    const s = sim.scenario.services[LEGACY_DATADOG_SERVICE_INDEX];
    const { apm } = await getEntity(s.name, '24h');
    const metrics = apm!.metrics.data!;
    expect(metrics.noData).toBeUndefined();
    expect(metrics.operation).toBe(s.operation);
    expect(metrics.envs.map(e => e.env)).toEqual(['nonprod', 'prod']);
    const prod = metrics.envs.find(e => e.env === 'prod')!;
    for (const stat of [
      'requests',
      'errorRate',
      'p50',
      'p95',
      'p99',
    ] as const) {
      expect(prod.summary[stat].current).toBeGreaterThan(0);
    }
    expect(prod.summary.p95.current!).toBeGreaterThan(
      prod.summary.p50.current!,
    );
    const lastRelease =
      s.releases[s.deployments.prod.history.at(-1)!.releaseIndex].version;
    expect(
      metrics.versions.some(v => v.env === 'prod' && v.version === lastRelease),
    ).toBe(true);
  });

  it('shows the monitor left on a retired env in "No Data", and an SLO without status as unknown', async () => {
    const legacy = sim.scenario.services[LEGACY_DATADOG_SERVICE_INDEX];
    const { apm } = await getEntity(legacy.name);
    expect(
      apm!.monitors.data!.filter(m => m.state === 'No Data').map(m => m.name),
    ).toEqual([`[${legacy.name}] Error rate on ${legacy.operation} (staging)`]);
    const staging = apm!.slos.data!.find(x => x.name.endsWith('(staging)'))!;
    expect(staging.state).toBe('no_data');
    expect(staging.current).toBeUndefined();

    const fresh = sim.scenario.services[UNINDEXED_SLO_SERVICE_INDEX];
    const slos = (await getEntity(fresh.name)).apm!.slos.data!;
    expect(slos.map(x => x.name).sort()).toEqual([
      `${fresh.name} availability`,
      `${fresh.name} latency`,
    ]);
    const unknown = slos.find(x => x.name === `${fresh.name} latency`)!;
    expect(unknown.state).toBeUndefined();
    expect(unknown.current).toBeUndefined();
    expect(unknown.target).toBe(99);
  });

  it('says which annotation and tags to check for a service Datadog does not know', async () => {
    const { apm } = await getEntity('ghost');
    expect(apm!.metrics.data!.envs).toEqual([]);
    expect(apm!.metrics.data!.noData).toMatch(
      /^No APM data for service ghost-service in env any env .*datadoghq\.com\/service-name annotation and the DD_SERVICE \/ DD_ENV tags/,
    );
    expect(apm!.monitors.data).toEqual([]);
  });

  it('serves the last good data marked stale when Datadog throttles, and waits for the reset', async () => {
    const service = sim.scenario.services[3].name;
    const good = await getEntity(service, '1h');
    expect(good.apm!.metrics.stale).toBeUndefined();
    await sleep(CACHE_SECONDS * 1000 + 100);
    sim.faults.set('datadog', { status429RetryAfter: 30 });
    const throttled = await getEntity(service, '1h');
    expect(throttled.apm!.metrics.stale?.reason).toMatch(/rate limit/i);
    expect(throttled.apm!.metrics.data).toEqual(good.apm!.metrics.data);
    expect(throttled.apm!.monitors.stale?.reason).toMatch(/rate limit/i);

    // Until Retry-After has passed, no query request leaves, whatever the viewers do.
    const queries = proxy.count('/api/v1/query');
    sim.faults.clear();
    await sleep(CACHE_SECONDS * 1000 + 100);
    const again = await getEntity(service, '1h');
    expect(again.apm!.metrics.stale).toBeDefined();
    expect(proxy.count('/api/v1/query')).toBe(queries);
  }, 20_000);

  it('embeds the Roadie dashboard and graphs, served by the simulated Datadog', async () => {
    const s = sim.scenario.services[ROADIE_DATADOG_SERVICE_INDEX];
    const { embeds } = await getEntity(s.name);
    expect(embeds!.dashboardUrl!.startsWith(`${sim.urls.datadog}/sb/`)).toBe(
      true,
    );
    expect(embeds!.graphs).toHaveLength(1);
    // datadog.apm.publicBaseUrl overrides the site for the graphs
    expect(embeds!.graphs[0].url).toMatch(
      new RegExp(
        `^${proxy.url}/graph/embed\\?token=[0-9a-f]+&height=300&width=600`,
      ),
    );
    for (const url of [embeds!.dashboardUrl!, embeds!.graphs[0].url]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`service:${s.name}`);
    }
    const plain = await getEntity(sim.scenario.services[0].name);
    expect(plain.embeds).toBeUndefined();
  });

  it('shows one configuration error for wrong keys, without echoing them', async () => {
    const wrongKey = 'wrong0api0key0that0must0not0leak000';
    const other = await startBackend(
      { baseUrl: sim.urls.datadog, apiKey: wrongKey, appKey: 'also-wrong-key' },
      entities,
    );
    try {
      const res = await request(other.server)
        .get(
          `/api/datadog-apm/entity?entityRef=component:default/${sim.scenario.services[0].name}`,
        )
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.apm.configurationError).toMatch(
        /Datadog rejected the configured keys \(HTTP 403\).*datadog\.apiKey/,
      );
      expect(res.text).not.toContain(wrongKey);
      expect(res.text).not.toContain('also-wrong-key');
      expect(res.body.apm.metrics).toEqual({});
    } finally {
      await other.stop();
    }
  });

  it('rejects a bad range with a 400 and an unknown entity with a 404', async () => {
    const res = await request(backend.server)
      .get('/api/datadog-apm/entity?entityRef=component:default/x&range=2y')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/range/);
    const missing = await request(backend.server)
      .get('/api/datadog-apm/entity?entityRef=component:default/no-such-entity')
      .set('authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
  });
});
