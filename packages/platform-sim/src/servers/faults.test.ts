import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  AwsSecurityFindingFilters,
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
import { parseArgs } from '../cli';
import { SIM_ARGOCD_TOKEN, SIM_KUBERNETES_TOKEN } from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';
import {
  FaultRegistry,
  UPSTREAM_IDS,
  dropFromLists,
  keepShare,
} from './faults';

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
  describe('answers that succeed but are empty or far smaller', () => {
    const nodes = (cluster: 'prod' | 'nonprod' = 'prod') =>
      fetch(`${sim.urls.kubernetes[cluster]}/api/v1/nodes`, {
        headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
      }).then(async r => ({ status: r.status, body: await r.json() }));
    const inspectorOnly: AwsSecurityFindingFilters = {
      ProductName: [{ Value: 'Inspector', Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    };
    /** Every page through the SDK, as an ingestion reads them. */
    async function readAll(client: SecurityHubClient) {
      let findings = 0;
      let pages = 0;
      let token: string | undefined;
      do {
        const page = await client.send(
          new GetFindingsCommand({
            Filters: inspectorOnly,
            MaxResults: 100,
            NextToken: token,
          }),
        );
        findings += page.Findings!.length;
        pages++;
        token = page.NextToken;
      } while (token);
      return { findings, pages };
    }

    it('answers 200 with a shape-less {} (no items, no Findings, no token)', async () => {
      await admin('POST', { upstream: 'kubernetes.prod', empty: true });
      expect(await nodes('prod')).toEqual({ status: 200, body: {} });
      // the other cluster still answers its NodeList
      expect((await nodes('nonprod')).body.kind).toBe('NodeList');

      await admin('POST', { upstream: 'aws.securityhub', empty: true });
      const client = new SecurityHubClient(
        awsClientConfig(sim.urls.aws.securityhub),
      );
      try {
        const page = await client.send(
          new GetFindingsCommand({ MaxResults: 100 }),
        );
        expect(page.$metadata.httpStatusCode).toBe(200);
        expect(page.Findings).toBeUndefined();
        expect(page.NextToken).toBeUndefined();
      } finally {
        client.destroy();
      }

      await admin('POST', { upstream: 'opencost', empty: true });
      const res = await fetch(
        `${sim.urls.opencost}/allocation/compute?window=1d`,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});

      await admin('POST', { upstream: 'idp', empty: true });
      const discovery = await fetch(
        `${sim.urls.idp}/.well-known/openid-configuration`,
      );
      expect(discovery.status).toBe(200);
      expect(await discovery.json()).toEqual({});
    });

    it('leaves error answers alone: an unauthenticated request is still refused', async () => {
      await admin('POST', { upstream: 'kubernetes', empty: true });
      const res = await fetch(`${sim.urls.kubernetes.prod}/api/v1/nodes`);
      expect(res.status).toBe(401);
      expect((await res.json()).kind).toBe('Status');
    });

    it('drops 90 % of the Findings of every page, keeping the page tokens', async () => {
      const client = new SecurityHubClient(
        awsClientConfig(sim.urls.aws.securityhub),
      );
      try {
        const full = await readAll(client);
        expect(full.pages).toBeGreaterThan(1);
        await admin('POST', { upstream: 'aws.securityhub', dropFraction: 0.9 });
        const cut = await readAll(client);
        // The same pages, each with a tenth of its findings (⌊n / 10⌋ per page).
        expect(cut.pages).toBe(full.pages);
        expect(cut.findings).toBeLessThanOrEqual(full.findings / 10);
        expect(cut.findings).toBeGreaterThanOrEqual(
          Math.floor(full.findings / 10) - full.pages,
        );
      } finally {
        client.destroy();
      }
    });

    it('cuts a NodeList to the remaining share, and to none at 1', async () => {
      const all = (await nodes()).body.items.length;
      await admin('POST', { upstream: 'kubernetes.prod', dropFraction: 0.5 });
      const half = (await nodes()).body;
      expect(half.kind).toBe('NodeList');
      expect(half.items).toHaveLength(Math.floor(all / 2));
      await admin('POST', { upstream: 'kubernetes.prod', dropFraction: 1 });
      const none = (await nodes()).body;
      expect(none).toMatchObject({ kind: 'NodeList', items: [] });
      expect(none.metadata.resourceVersion).toBeDefined();
    });

    it('cuts Cost Explorer days and OpenCost workloads, leaving echoes and idle capacity', async () => {
      const client = new CostExplorerClient(
        awsClientConfig(sim.urls.aws.costexplorer, 'us-east-1'),
      );
      const ask = () =>
        client.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: '2025-05-21', End: '2025-05-31' },
            Granularity: 'DAILY',
            Metrics: ['UnblendedCost'],
            GroupBy: [{ Type: 'DIMENSION', Key: 'INSTANCE_TYPE' }],
          }),
        );
      try {
        await admin('POST', {
          upstream: 'aws.costexplorer',
          dropFraction: 0.9,
        });
        const cut = await ask();
        expect(cut.ResultsByTime).toHaveLength(1);
        expect(cut.GroupDefinitions).toHaveLength(1);
      } finally {
        client.destroy();
      }

      const allocations = async () =>
        (
          await (
            await fetch(
              `${sim.urls.opencost}/allocation/compute?window=1d&aggregate=namespace`,
            )
          ).json()
        ).data[0];
      const full = Object.keys(await allocations());
      await admin('POST', { upstream: 'opencost', dropFraction: 0.5 });
      const cut = Object.keys(await allocations());
      expect(cut).toContain('__idle__');
      expect(cut.length - 1).toBe(Math.floor((full.length - 1) / 2));
    });

    it('accepts the new kinds from the admin API and --fault, for every upstream', async () => {
      for (const upstream of UPSTREAM_IDS) {
        for (const spec of [
          { empty: true },
          { dropFraction: 0.9 },
          { status429RetryAfter: 2 },
          { hang: true },
          { malformed: true },
          { reset: true },
          { errorRate: 1 },
        ]) {
          const res = await admin('POST', { upstream, ...spec });
          expect(res.status).toBe(200);
          expect((await res.json())[upstream]).toEqual(spec);
        }
      }
      expect(
        (await admin('POST', { upstream: 'datadog', dropFraction: 1.5 }))
          .status,
      ).toBe(400);
      expect(
        parseArgs([
          '--fault',
          'aws.securityhub:empty',
          '--fault',
          'kubernetes.prod:dropFraction=0.9,count=2',
        ]).faults,
      ).toEqual({
        'aws.securityhub': { empty: true },
        'kubernetes.prod': { dropFraction: 0.9, count: 2 },
      });
      expect(() => parseArgs(['--fault', 'opencost:dropFraction=-1'])).toThrow(
        /non-negative/,
      );
    });

    it('decides empty and drop after throttling and errors, deterministically', () => {
      const registry = new FaultRegistry();
      registry.set('aws', { dropFraction: 0.9, errorRate: 0.5 });
      expect(
        Array.from(
          { length: 4 },
          () => registry.decide('aws.securityhub', '/').kind,
        ),
      ).toEqual(['drop', 'error', 'drop', 'error']);
      expect(keepShare([...'abcdefghijklmnopqrst'], 1 - 0.9)).toEqual([
        'j',
        't',
      ]);
      expect(
        dropFromLists({ items: [1, 2, 3, 4], continue: 'x' }, 0.5),
      ).toEqual({ items: [2, 4], continue: 'x' });
      expect(dropFromLists([1, 2], 1)).toEqual([]);
    });
  });
});
