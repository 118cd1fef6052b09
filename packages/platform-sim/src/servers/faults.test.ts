import {
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { v1 } from '@datadog/datadog-api-client';
import * as k8s from '@kubernetes/client-node';
import {
  awsClientConfig,
  datadogConfig,
  kubeConfig,
} from '../__testUtils__/clients';
import { SIM_ARGOCD_TOKEN } from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';
import { FaultRegistry } from './faults';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('fault injection', () => {
  let sim: PlatformSim;
  const admin = (method: string, body?: unknown, query = '') =>
    fetch(`${sim.urls.admin}/admin/faults${query}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
  });
  afterEach(async () => {
    await admin('DELETE');
  });
  afterAll(() => sim.stop());

  it('throttles Datadog with 429 and Retry-After, seen by the vendor client', async () => {
    expect(
      (await admin('POST', { upstream: 'datadog', status429RetryAfter: 3 }))
        .status,
    ).toBe(200);
    const api = new v1.MonitorsApi(datadogConfig(sim.urls.datadog));
    await expect(api.listMonitors()).rejects.toMatchObject({ code: 429 });
    const res = await fetch(`${sim.urls.datadog}/api/v1/monitor`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('throttles SecurityHub with a TooManyRequestsException the SDK recognises', async () => {
    await admin('POST', { upstream: 'aws', status429RetryAfter: 1 });
    const client = new SecurityHubClient(
      awsClientConfig(sim.urls.aws.securityhub),
    );
    try {
      const error: any = await client
        .send(new GetFindingsCommand({}))
        .catch(e => e);
      expect(error.name).toBe('TooManyRequestsException');
      expect(error.$metadata.httpStatusCode).toBe(429);
      expect(error.$response?.headers?.['retry-after']).toBe('1');
      expect(error.$retryable?.throttling ?? true).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('answers a share of requests with 5xx in the upstream own error shape', async () => {
    await admin('POST', { upstream: 'kubernetes.prod', errorRate: 0.5 });
    const core = kubeConfig(sim.urls.kubernetes.prod).makeApiClient(
      k8s.CoreV1Api,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        core.listNamespacedPod({ namespace: 'payments' }),
      ),
    );
    expect(results.filter(r => r.status === 'rejected')).toHaveLength(2);
    const rejected = results.find(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult;
    expect(rejected.reason.code).toBe(503);
    // other upstreams are untouched
    const nonprod = kubeConfig(sim.urls.kubernetes.nonprod).makeApiClient(
      k8s.CoreV1Api,
    );
    await expect(
      nonprod.listNamespacedPod({ namespace: 'payments' }),
    ).resolves.toBeDefined();
  });

  it('sends malformed bodies', async () => {
    await admin('POST', { upstream: 'argocd', malformed: true });
    const res = await fetch(`${sim.urls.argocd.prod}/api/v1/applications`, {
      headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` },
    });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    const client = new SecurityHubClient(
      awsClientConfig(sim.urls.aws.securityhub),
    );
    await admin('POST', { upstream: 'aws.securityhub', malformed: true });
    await expect(
      client.send(new GetFindingsCommand({ MaxResults: 2 })),
    ).rejects.toBeDefined();
    client.destroy();
  });

  it('resets connections, hangs and adds latency', async () => {
    await admin('POST', { upstream: 'opencost', reset: true });
    await expect(
      fetch(`${sim.urls.opencost}/allocation/compute?window=1d`),
    ).rejects.toThrow();

    await admin('POST', { upstream: 'opencost', hang: true });
    await expect(
      fetch(`${sim.urls.opencost}/allocation/compute?window=1d`, {
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();

    await admin('POST', { upstream: 'opencost', latencyMs: 250 });
    const t0 = Date.now();
    const res = await fetch(
      `${sim.urls.opencost}/allocation/compute?window=1d`,
    );
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('lists, limits by count and clears faults; rejects bad input', async () => {
    await admin('POST', { upstream: 'datadog', errorRate: 1, count: 1 });
    expect(await (await admin('GET')).json()).toEqual({
      datadog: { errorRate: 1, count: 1 },
    });
    const api = new v1.MonitorsApi(datadogConfig(sim.urls.datadog));
    await expect(api.listMonitors()).rejects.toMatchObject({ code: 503 });
    await expect(api.listMonitors()).resolves.toBeDefined();
    expect(
      (await admin('POST', { upstream: 'nope', errorRate: 1 })).status,
    ).toBe(400);
    expect(
      (await admin('POST', { upstream: 'datadog', errorRate: 2 })).status,
    ).toBe(400);
    expect(
      (await admin('POST', { upstream: 'datadog', bogus: 1 })).status,
    ).toBe(400);
  });

  it('applies faults configured at start', async () => {
    const local = await startPlatformSim({
      scenario: sim.scenario,
      ports: EPHEMERAL_PORTS,
      faults: { '*': { errorRate: 1, errorStatus: 502 } },
    });
    try {
      const res = await fetch(
        `${local.urls.opencost}/allocation/compute?window=1d`,
      );
      expect(res.status).toBe(502);
      // the admin endpoint itself is never faulted
      expect((await fetch(`${local.urls.admin}/healthz`)).status).toBe(200);
    } finally {
      await local.stop();
    }
  });

  it('spreads error rates deterministically', () => {
    const registry = new FaultRegistry();
    registry.set('datadog', { errorRate: 0.25 });
    const kinds = Array.from(
      { length: 8 },
      () => registry.decide('datadog', '/').kind,
    );
    expect(kinds.filter(k => k === 'error')).toHaveLength(2);
  });
});
