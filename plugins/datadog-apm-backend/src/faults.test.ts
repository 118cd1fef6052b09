import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityDatadog } from '@internal/plugin-datadog-apm-common';
import {
  EPHEMERAL_PORTS,
  FaultSpec,
  PlatformSim,
  SIM_DATADOG_API_KEY,
  SIM_DATADOG_APP_KEY,
  buildDatadogState,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { datadogApmPlugin } from './plugin';

/**
 * "200 but wrong" answers made from the simulator's real ones: `{}` for every request, or the
 * series / monitors of the answer gone. (platform-sim's `empty`/`dropFraction` faults do the same.)
 */
type Rewrite = 'empty' | 'noSeries' | 'noMonitors' | undefined;
function rewrite(path: string, body: string, how: Rewrite): string {
  if (how === 'empty') return '{}';
  if (how === 'noSeries' && path.startsWith('/api/v1/query')) {
    return JSON.stringify({ ...JSON.parse(body), series: [] });
  }
  if (how === 'noMonitors' && path.startsWith('/api/v1/monitor')) return '[]';
  return body;
}

async function rewritingProxy(target: string) {
  const state: { how?: Rewrite } = {};
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      up => {
        const chunks: Buffer[] = [];
        up.on('data', c => chunks.push(c));
        up.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const headers = { ...up.headers };
          delete headers['content-length'];
          res.writeHead(up.statusCode!, headers);
          res.end(
            up.statusCode === 200
              ? rewrite(req.url!.split('?')[0], text, state.how)
              : text,
          );
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

const CACHE_SECONDS = 1;
const nextPeriod = () =>
  new Promise(r => setTimeout(r, CACHE_SECONDS * 1000 + 150));

describe('datadog-apm through every upstream fault', () => {
  let sim: PlatformSim;
  let proxy: Awaited<ReturnType<typeof rewritingProxy>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let service: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const getApm = async (name = service) => {
    const res = await request(backend.server)
      .get(
        `/api/datadog-apm/entity?entityRef=component:default/${name}&range=1h`,
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status === 200 ? 'ok' : res.text).toBe('ok');
    return (res.body as EntityDatadog).apm!;
  };

  async function goodApm() {
    sim.faults.clear();
    proxy.state.how = undefined;
    await nextPeriod();
    const apm = await getApm();
    for (const section of [apm.metrics, apm.monitors, apm.slos]) {
      expect(section.stale).toBeUndefined();
      expect(section.error).toBeUndefined();
    }
    return apm;
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    proxy = await rewritingProxy(sim.urls.datadog);
    const entities = deriveCatalogEntities(sim.scenario, {
      datadogUrl: sim.urls.datadog,
    });
    // a service with traffic, monitors and SLOs in the scenario
    service = sim.scenario.services[1].name;
    backend = await startTestBackend({
      features: [
        datadogApmPlugin,
        mockServices.rootConfig.factory({
          data: {
            datadog: {
              site: 'datadoghq.eu',
              baseUrl: proxy.url,
              apiKey: SIM_DATADOG_API_KEY,
              appKey: SIM_DATADOG_APP_KEY,
              requestTimeoutMs: 500,
              apm: { cacheSeconds: CACHE_SECONDS },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await backend?.stop();
    await proxy?.close();
    await sim?.stop();
  });

  const faults: Array<[string, FaultSpec | Rewrite, RegExp]> = [
    ['5xx', { errorRate: 1, errorStatus: 500 }, /HTTP 500/],
    ['hang past the timeout', { hang: true }, /did not answer .* in time/],
    // a cut body: unreadable JSON, or readable up to where the list is missing
    [
      'malformed body',
      { malformed: true },
      /request failed|answered 200 without/,
    ],
    ['connection reset', { reset: true }, /request failed/],
    ['200 with {}', 'empty', /answered 200 without/],
  ];

  it.each(faults)(
    'Datadog %s: every section keeps its last good data with the reason and since when',
    async (_what, fault, why) => {
      const good = await goodApm();
      expect(good.monitors.data!.length).toBeGreaterThan(0);
      const before = Date.now();
      if (typeof fault === 'string') proxy.state.how = fault;
      else sim.faults.set('datadog', fault as FaultSpec);
      await nextPeriod();

      const apm = await getApm();
      for (const name of ['metrics', 'monitors', 'slos'] as const) {
        const section = apm[name];
        expect(section.stale?.reason).toMatch(why);
        expect(Date.parse(section.stale!.since!)).toBeGreaterThanOrEqual(
          before - 1000,
        );
        expect(section.stale?.awaitingConfirmation).toBeUndefined();
        expect(section.data).toEqual(good[name].data);
        expect(section.fetchedAt).toBe(good[name].fetchedAt);
      }
    },
  );

  it('no series where there were series: the last good charts stay until a second answer confirms it', async () => {
    const good = await goodApm();
    expect(good.metrics.data!.envs.length).toBeGreaterThan(0);
    proxy.state.how = 'noSeries';
    await nextPeriod();
    const first = await getApm();
    expect(first.metrics.stale).toMatchObject({ awaitingConfirmation: true });
    expect(first.metrics.stale!.reason).toBe(
      `Datadog answered no series for ${service} where it had ${
        good.metrics.data!.envs.length
      } env${good.metrics.data!.envs.length === 1 ? '' : 's'} with traffic`,
    );
    expect(first.metrics.data).toEqual(good.metrics.data);
    // the other sections are unaffected
    expect(first.monitors.stale).toBeUndefined();
    expect(first.monitors.data).toEqual(good.monitors.data);

    await nextPeriod();
    const second = await getApm();
    expect(second.metrics.stale).toBeUndefined();
    expect(second.metrics.data!.envs).toEqual([]);
    expect(second.metrics.data!.noData).toBeDefined();
  });

  it('monitors gone: shown again only once a second answer confirms there are none', async () => {
    const good = await goodApm();
    const had = good.monitors.data!.length;
    // what the scenario gives the service, counted apart from the plugin
    expect(had).toBe(
      buildDatadogState(sim.scenario).monitors.filter(m =>
        m.tags.includes(`service:${service}`),
      ).length,
    );
    proxy.state.how = 'noMonitors';
    await nextPeriod();
    const first = await getApm();
    expect(first.monitors.data).toEqual(good.monitors.data);
    expect(first.monitors.stale).toMatchObject({ awaitingConfirmation: true });
    expect(first.monitors.stale!.reason).toBe(
      `Datadog answered 0 monitors, 100 % fewer than the last good answer (0 instead of ${had})`,
    );
    await nextPeriod();
    const second = await getApm();
    expect(second.monitors.stale).toBeUndefined();
    expect(second.monitors.data).toEqual([]);
  });

  it('logged no unhandled rejection through all of it', () => {
    expect(unhandled).toEqual([]);
  });
});
