import {
  APM_STATS,
  ApmEnvSeries,
  ApmPoint,
  ApmStat,
  EntityDatadog,
  ServiceApm,
} from '@internal/plugin-datadog-apm-common';

const FROM = Date.parse('2026-11-25T09:00:00Z');
const TO = Date.parse('2026-11-26T09:00:00Z');

const line = (v: number): ApmPoint[] =>
  Array.from({ length: 24 }, (_, i) => ({ t: FROM + i * 3_600_000, v }));

function env(
  name: string,
  summary: Record<ApmStat, [number, number]>,
): ApmEnvSeries {
  const stats = (i: 0 | 1) =>
    Object.fromEntries(
      APM_STATS.map(s => [s, line(summary[s][i])]),
    ) as unknown as Record<ApmStat, ApmPoint[]>;
  return {
    env: name,
    cluster: name,
    current: stats(0),
    previous: stats(1),
    summary: Object.fromEntries(
      APM_STATS.map(s => [
        s,
        { current: summary[s][0], previous: summary[s][1] },
      ]),
    ) as ApmEnvSeries['summary'],
  };
}

export const apmFixture: ServiceApm = {
  service: 'payments-api',
  range: '24h',
  from: new Date(FROM).toISOString(),
  to: new Date(TO).toISOString(),
  links: {
    apm: 'https://app.datadoghq.com/apm/services/payments-api',
    monitors:
      'https://app.datadoghq.com/monitors/manage?q=service%3Apayments-api',
    slos: 'https://app.datadoghq.com/slo/manage?query=service%3Apayments-api',
  },
  metrics: {
    fetchedAt: new Date(TO).toISOString(),
    data: {
      operation: 'http.request',
      envs: [
        env('prod', {
          requests: [120, 100],
          errorRate: [0.012, 0.004],
          p50: [0.08, 0.05],
          p95: [0.19, 0.12],
          p99: [0.3, 0.2],
          apdex: [0.91, 0.97],
        }),
      ],
      quietEnvs: [
        {
          env: 'nonprod',
          message:
            'No APM data for service payments-api in env nonprod in the last 24 hours: check the datadoghq.com/service-name annotation and the DD_SERVICE / DD_ENV tags of the service.',
        },
      ],
      versions: [
        {
          env: 'prod',
          cluster: 'prod',
          version: '1.13.2',
          requests: 9_000_000,
          errorRate: 0.012,
          p95: 0.19,
          firstSeen: '2026-11-25T14:00:00.000Z',
          lastSeen: '2026-11-26T08:00:00.000Z',
        },
        {
          env: 'prod',
          cluster: 'prod',
          version: '1.13.1',
          requests: 2_000_000,
          errorRate: 0.004,
          p95: 0.12,
          firstSeen: '2026-11-25T09:00:00.000Z',
          lastSeen: '2026-11-25T13:00:00.000Z',
        },
      ],
      deploys: [
        {
          env: 'prod',
          cluster: 'prod',
          at: '2026-11-25T14:00:00.000Z',
          version: '1.13.2',
          previousVersion: '1.13.1',
        },
      ],
    },
  },
  monitors: {
    data: [
      {
        id: 100002,
        name: '[payments-api] p95 latency of http.request is high (prod)',
        state: 'Alert',
        url: 'https://app.datadoghq.com/monitors/100002',
      },
      {
        id: 100001,
        name: '[payments-api] High error rate on http.request (prod)',
        state: 'OK',
        url: 'https://app.datadoghq.com/monitors/100001',
      },
    ],
  },
  slos: {
    data: [
      {
        id: 'abc',
        name: 'payments-api availability',
        timeframe: '30d',
        target: 99.95,
        current: 99.9,
        errorBudgetRemaining: -100,
        state: 'breached',
        url: 'https://app.datadoghq.com/slo?slo_id=abc',
      },
    ],
  },
};

export const entityFixture: EntityDatadog = {
  entityRef: 'component:default/payments-api',
  apm: apmFixture,
};
