import { client, v1 } from '@datadog/datadog-api-client';
import { datadogConfig } from '../__testUtils__/clients';
import { SIM_DATADOG_API_KEY, SIM_DATADOG_APP_KEY } from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');
const nowSec = Math.floor(NOW.getTime() / 1000);

/** Mean of the values that are not null (Datadog's gaps). */
const mean = (values: Array<number | null>) => {
  const known = values.filter((v): v is number => v !== null);
  return known.reduce((a, b) => a + b, 0) / known.length;
};

describe('Datadog API simulation', () => {
  let sim: PlatformSim;
  let metrics: v1.MetricsApi;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
    metrics = new v1.MetricsApi(datadogConfig(sim.urls.datadog));
  });
  afterAll(() => sim.stop());

  it('answers trace hit queries by version with a diurnal shape', async () => {
    const res = await metrics.queryMetrics({
      from: nowSec - 86400,
      to: nowSec,
      query:
        'sum:trace.http.request.hits{service:payments-api,env:prod} by {version}.as_count()',
    });
    expect(res.status).toBe('ok');
    expect(res.resType).toBe('time_series');
    expect(res.series!.length).toBeGreaterThan(0);
    for (const s of res.series!) {
      expect(s.tagSet![0]).toMatch(/^version:1\.\d+\.\d+$/);
      expect(s.pointlist!.length).toBe(s.length);
    }
    const points = res
      .series!.flatMap(s => s.pointlist!)
      .sort((a, b) => a[0] - b[0]);
    const at = (hourUtc: number) =>
      points
        .filter(([t]) => new Date(t).getUTCHours() === hourUtc)
        .reduce((a, [, v]) => a + (v ?? 0), 0); // null points are agent gaps
    expect(at(14)).toBeGreaterThan(at(3) * 1.5); // busier in the afternoon than at night
  });

  it('shows the deploy-related regression of the regressed service', async () => {
    const service = sim.scenario.services[0];
    const last = service.deployments.prod.history.at(-1)!;
    const version = service.releases[last.releaseIndex].version;
    const res = await metrics.queryMetrics({
      from: Math.floor(last.deployedAt / 1000) - 6 * 3600,
      to: Math.floor(last.deployedAt / 1000) + 6 * 3600,
      query: `p95:trace.http.request{service:${service.name},env:prod} by {version}`,
    });
    const byVersion = Object.fromEntries(
      res.series!.map(s => [
        s.tagSet![0].slice('version:'.length),
        mean(s.pointlist!.map(([, v]) => v)),
      ]),
    );
    const others = Object.entries(byVersion).filter(([v]) => v !== version);
    expect(byVersion[version]).toBeGreaterThan(others[0][1] * 1.3);
  });

  it('serves errors, apdex and percentiles for every service and env', async () => {
    const res = await metrics.queryMetrics({
      from: nowSec - 3600,
      to: nowSec,
      query:
        'sum:trace.http.request.errors{*} by {service,env}.as_count(), avg:trace.http.request.apdex{env:prod} by {service}',
    });
    const errors = res.series!.filter(s => s.queryIndex === 0);
    const apdex = res.series!.filter(s => s.queryIndex === 1);
    expect(errors.some(s => s.tagSet!.includes('env:nonprod'))).toBe(true);
    for (const s of apdex) {
      for (const [, v] of s.pointlist!) {
        if (v === null) continue; // an agent gap
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('lists and searches monitors and SLOs tagged service:<name>', async () => {
    const config = datadogConfig(sim.urls.datadog);
    const monitorsApi = new v1.MonitorsApi(config);
    const monitors = await monitorsApi.listMonitors({
      monitorTags: 'service:payments-api',
    });
    expect(monitors.length).toBe(2);
    expect(monitors.map(m => m.overallState)).toContain('Alert');
    expect(monitors[0].created).toBeInstanceOf(Date);

    const search = await monitorsApi.searchMonitors({
      query: 'tag:"service:cart-service"',
    });
    expect(search.metadata?.totalCount).toBe(2);
    expect(search.monitors![0].tags).toContain('service:cart-service');

    const slosApi = new v1.ServiceLevelObjectivesApi(config);
    const slos = await slosApi.listSLOs({ tagsQuery: 'service:checkout-api' });
    expect(slos.data).toHaveLength(1);
    expect(slos.data![0].thresholds[0].target).toBeGreaterThan(99);
    const found = await slosApi.searchSLO({ query: 'service:checkout-api' });
    expect(found.data?.attributes?.slos?.[0].data?.attributes?.name).toBe(
      'checkout-api availability',
    );
  });

  it('validates keys and answers 403 for a wrong key', async () => {
    const ok = await new v1.AuthenticationApi(
      datadogConfig(sim.urls.datadog),
    ).validate();
    expect(ok.valid).toBe(true);
    const bad = new v1.MonitorsApi(
      datadogConfig(sim.urls.datadog, { appKey: 'nope' }),
    );
    await expect(bad.listMonitors()).rejects.toBeInstanceOf(
      client.ApiException,
    );
    await expect(bad.listMonitors()).rejects.toMatchObject({ code: 403 });
  });

  it('sends rate-limit headers', async () => {
    const res = await fetch(`${sim.urls.datadog}/api/v1/monitor`, {
      headers: {
        'DD-API-KEY': SIM_DATADOG_API_KEY,
        'DD-APPLICATION-KEY': SIM_DATADOG_APP_KEY,
      },
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(res.headers.get('x-ratelimit-period')).toBe('60');
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
    expect(res.headers.get('x-ratelimit-name')).toBe('monitor');
  });

  it('answers 429 when the rate limit is exhausted', async () => {
    const limited = await startPlatformSim({
      scenario: sim.scenario,
      ports: EPHEMERAL_PORTS,
      datadogRateLimit: { limit: 2, periodSeconds: 60 },
    });
    try {
      const api = new v1.MonitorsApi(datadogConfig(limited.urls.datadog));
      await api.listMonitors();
      await api.listMonitors();
      await expect(api.listMonitors()).rejects.toMatchObject({ code: 429 });
    } finally {
      await limited.stop();
    }
  });
});
