import { CacheService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DATADOG_SERVICE_NAME_ANNOTATION,
  ServiceApm,
} from '@internal/plugin-datadog-apm-common';
import {
  ReplayRoute,
  ReplayServer,
  contractRoute,
  loadContract,
  serveReplay,
} from '@internal/platform-sim';
import { readDatadogConfig } from '../../config';
import {
  createDatadogClient,
  readDatadogConnection,
} from '@internal/backend-datadog';
import { createDatadogApm } from './createDatadogApm';

/*
 * The plugin fed Datadog's documented and recorded answers (packages/platform-sim/contracts/
 * datadog) over HTTP, through its own @datadog/datadog-api-client. The expected numbers are
 * worked out by hand from the contract bodies, written next to each expectation.
 */

const NOW = Date.parse('2026-03-10T12:00:00Z');
const T = NOW / 1000;
const SERVICE = 'ledger-service';

/** A plain in-memory cache (each test starts empty). */
function memoryCache(): CacheService {
  const entries = new Map<string, unknown>();
  const cache: CacheService = {
    get: async key => entries.get(key) as any,
    set: async (key, value) => {
      entries.set(key, value);
    },
    delete: async key => {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

const route = (name: string, query?: RegExp): ReplayRoute => {
  const r = contractRoute(loadContract('datadog', name));
  return query ? { ...r, path: query } : r;
};

async function apmFrom(routes: ReplayRoute[]) {
  const server = await serveReplay(routes);
  const config = new ConfigReader({
    datadog: {
      site: 'datadoghq.com',
      baseUrl: server.baseUrl,
      apiKey: 'replay-api-key',
      appKey: 'replay-app-key',
    },
  });
  const settings = readDatadogConfig(config);
  const logger = mockServices.logger.mock();
  const apm = createDatadogApm({
    settings,
    client: createDatadogClient({
      ...readDatadogConnection(config),
      logger,
    }),
    cache: memoryCache(),
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: SERVICE,
            annotations: { [DATADOG_SERVICE_NAME_ANNOTATION]: SERVICE },
          },
          spec: { type: 'service', owner: 'group:default/team-payments' },
        },
      ],
    }),
    logger,
    now: () => NOW,
  });
  const read = async (): Promise<ServiceApm> =>
    (await apm.getEntity({
      entityRef: `component:default/${SERVICE}`,
      range: '1h',
      credentials: mockCredentials.user(),
    }))!.apm!;
  return { server, read };
}

// The discovery query groups by {env} only; the stats queries by {env,kube_cluster_name}.
const STATS = /^\/api\/v1\/query\?.*kube_cluster_name/;
const DISCOVERY = /^\/api\/v1\/query\?/;

describe('datadog-apm on documented Datadog answers', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each(['query-apm-stats-nulls', 'query-apm-stats-legacy'])(
    'charts null points as gaps and matches every series (%s)',
    async stats => {
      const setup = await apmFrom([
        route(stats, STATS),
        route('query-apm-discovery-legacy', DISCOVERY),
        route('monitors-apm-no-data'),
        route('slo-search-status'),
      ]);
      server = setup.server;
      const apm = await setup.read();
      const metrics = apm.metrics.data!;
      // the answer without query_index or tag_set still reaches the card (it said "no data")
      expect(metrics.noData).toBeUndefined();
      expect(metrics.operation).toBe('http.request');
      expect(metrics.envs.map(e => `${e.env}/${e.cluster}`)).toEqual([
        'prod/prod',
      ]);
      const prod = metrics.envs[0];
      const from = (T - 3600) * 1000;
      // current hour: hits 600, null, 660, 540 at 60 s buckets
      expect(prod.current.requests).toEqual([
        { t: from, v: 10 },
        { t: from + 60_000, v: null },
        { t: from + 120_000, v: 11 },
        { t: from + 180_000, v: 9 },
      ]);
      // 1,800 requests over the 3,600 s of the range less the 60 s Datadog has no data for
      expect(prod.summary.requests.current).toBeCloseTo(1800 / 3540, 5);
      // errors 6, null, 33, null: the error rate counts the buckets with both numbers
      expect(prod.summary.errorRate.current).toBeCloseTo(39 / 1260, 5);
      expect(prod.current.errorRate.map(p => p.v)).toEqual([
        0.01,
        null,
        0.05,
        null,
      ]);
      // latency weighted by requests over the buckets that have a value
      expect(prod.summary.p95.current).toBeCloseTo(
        (0.2 * 600 + 0.4 * 660 + 0.3 * 540) / 1800,
        5,
      );
      expect(prod.summary.p50.current).toBeCloseTo(
        (0.1 * 600 + 0.15 * 660 + 0.12 * 540) / 1800,
        5,
      );
      expect(prod.current.p95.map(p => p.v)).toEqual([0.2, null, 0.4, 0.3]);
      // previous hour: 500 and 520 requests over 3,600 s, no gap
      expect(prod.summary.requests.previous).toBeCloseTo(1020 / 3600, 5);
      // p99 and Apdex were not answered: nothing is made up
      expect(prod.summary.p99.current).toBeUndefined();
      expect(prod.summary.apdex.current).toBeUndefined();
      // the version series (grouped by version too) is told apart from the plain hits
      expect(metrics.versions).toEqual([
        expect.objectContaining({
          env: 'prod',
          version: '2.3.1',
          requests: 1800,
        }),
      ]);
    },
  );

  it('shows monitors in "No Data" as such', async () => {
    const setup = await apmFrom([
      route('query-apm-stats-nulls', STATS),
      route('query-apm-discovery-legacy', DISCOVERY),
      route('monitors-apm-no-data'),
      route('slo-search-status'),
    ]);
    server = setup.server;
    const apm = await setup.read();
    expect(apm.monitors.data!.map(m => `${m.state}: ${m.name}`)).toEqual([
      `Alert: [${SERVICE}] p95 latency of http.request is high (prod)`,
      `No Data: [${SERVICE}] Error rate on http.request (nonprod)`,
      `OK: [${SERVICE}] High error rate on http.request (prod)`,
    ]);
  });

  it('reads the recorded monitor list, every monitor in "No Data"', async () => {
    const setup = await apmFrom([
      route('query-apm-stats-nulls', STATS),
      route('query-apm-discovery-legacy', DISCOVERY),
      route('monitors-no-data-recorded'),
      route('slo-search-no-data-recorded'),
    ]);
    server = setup.server;
    const apm = await setup.read();
    expect(apm.monitors.data!.map(m => m.state)).toEqual([
      'No Data',
      'No Data',
    ]);
  });

  it('shows an SLO with a computed status, with the 30-day window', async () => {
    const setup = await apmFrom([
      route('query-apm-stats-nulls', STATS),
      route('query-apm-discovery-legacy', DISCOVERY),
      route('monitors-apm-no-data'),
      route('slo-search-status'),
    ]);
    server = setup.server;
    const apm = await setup.read();
    expect(apm.slos.data).toEqual([
      expect.objectContaining({
        name: `${SERVICE} availability`,
        timeframe: '30d',
        target: 99.9,
        current: 99.88,
        errorBudgetRemaining: -20,
        state: 'breached',
      }),
    ]);
  });

  it('says "no data" for an SLO Datadog could not compute, without numbers', async () => {
    const setup = await apmFrom([
      route('query-apm-stats-nulls', STATS),
      route('query-apm-discovery-legacy', DISCOVERY),
      route('monitors-apm-no-data'),
      route('slo-search-no-data-recorded'),
    ]);
    server = setup.server;
    const apm = await setup.read();
    expect(apm.slos.data).toHaveLength(1);
    const [slo] = apm.slos.data!;
    expect(slo).toMatchObject({
      timeframe: '7d',
      target: 95,
      state: 'no_data',
    });
    // null in Datadog's answer: absent here, never 0 or null
    expect('current' in slo).toBe(false);
    expect('errorBudgetRemaining' in slo).toBe(false);
  });

  it('leaves the state of an SLO without overall_status or status unknown', async () => {
    const setup = await apmFrom([
      route('query-apm-stats-nulls', STATS),
      route('query-apm-discovery-legacy', DISCOVERY),
      route('monitors-apm-no-data'),
      route('slo-search-unindexed'),
    ]);
    server = setup.server;
    const apm = await setup.read();
    expect(apm.slos.data).toHaveLength(1);
    const [slo] = apm.slos.data!;
    expect(slo).toMatchObject({
      name: `${SERVICE} latency`,
      target: 99.9,
      timeframe: '7d',
    });
    expect('state' in slo).toBe(false);
    expect('current' in slo).toBe(false);
  });

  it('reads the recorded answer to a query without aggregator (aggr null) as one series', async () => {
    // The recorded system.cpu.idle answer through the plugin's own client: aggr null, unit
    // [unit, null], attributes {} do not break the client's deserialisation.
    const setup = await apmFrom([route('query-no-aggregator-recorded')]);
    server = setup.server;
    const client = createDatadogClient({
      apiBaseUrl: server.baseUrl,
      apiKey: 'k',
      appKey: 'a',
      requestTimeoutMs: 2000,
      logger: mockServices.logger.mock(),
    });
    const answer = await client.queryMetrics(
      1641343852,
      1641430252,
      'system.cpu.idle{*}',
    );
    expect(answer.series).toHaveLength(1);
    expect(answer.series![0].aggr).toBeNull();
    expect(answer.series![0].pointlist).toHaveLength(3);
  });
});
