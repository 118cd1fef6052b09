import fs from 'node:fs';
import path from 'node:path';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { kubernetesProxyGet } from '@internal/backend-kubernetes-proxy';
import {
  ReplayRoute,
  ReplayServer,
  loadContract,
  serveReplay,
} from '@internal/platform-sim';
import { NO_NODEPOOL } from '@internal/plugin-platform-cost-common';
import { createCostExplorerReader, createOpenCostReader } from './Billing';
import { readClusterInventory } from './Clusters';
import { TABLES, migrateCostTables } from './CostStore';
import { createCostReports } from './Dashboard';
import { loadPriceBook } from './Prices';
import { createNodePricer, createSnapshotter } from './Snapshots';

/**
 * platform-cost fed the vendors' documented bodies (packages/platform-sim/contracts) over real
 * HTTP, through its own clients: the Kubernetes backend proxy helper, the AWS SDK's Cost Explorer
 * client and its OpenCost fetch. Expected numbers come from the contract files and the committed
 * price tables as published, not from the plugin's code.
 */

const body = (upstream: string, name: string): any =>
  loadContract(upstream, name).body;

/** What a committed price table publishes for a type (read from the file). */
function published(region: string, instanceType: string): number {
  const file = path.resolve(
    __dirname,
    `../../prices/ec2-on-demand-${region}.json`,
  );
  return JSON.parse(fs.readFileSync(file, 'utf8')).prices[instanceType].hourly;
}

const emptyList = (kind: string) => ({
  apiVersion: 'v1',
  kind,
  metadata: { resourceVersion: '1' },
  items: [],
});

/** The Kubernetes backend's proxy answering one NodeList contract (pods and PDBs empty). */
async function kubernetesBackend(nodes: unknown): Promise<ReplayServer> {
  return serveReplay([
    { path: '/api/kubernetes/proxy/api/v1/nodes', body: nodes },
    { path: '/api/kubernetes/proxy/api/v1/pods', body: emptyList('PodList') },
    {
      path: '/api/kubernetes/proxy/apis/policy/v1/poddisruptionbudgets',
      body: emptyList('PodDisruptionBudgetList'),
    },
  ]);
}

function proxyGet(server: ReplayServer) {
  return kubernetesProxyGet({
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => `${server.baseUrl}/api/kubernetes`,
    }),
    auth: mockServices.auth(),
    timeoutMs: 5000,
  });
}

/** Cost Explorer answering each GetCostAndUsage variant platform-cost asks with its contract. */
function costExplorerRoutes(): ReplayRoute[] {
  const answer = (name: string, requestBody: RegExp): ReplayRoute => ({
    method: 'POST',
    path: '/',
    requestBody,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: body('costexplorer', name),
  });
  return [
    answer('usage-by-provisioner-tag', /"ABSENT"/),
    answer('usage-by-nodepool-tag-untagged', /"Type":"TAG"/),
    answer('usage-on-demand-by-region-and-type', /"Not":/),
    answer('usage-spot-by-region-and-type', /"Key":"REGION"/),
  ];
}

function costExplorerReader(server: ReplayServer) {
  return createCostExplorerReader({
    client: new CostExplorerClient({
      region: 'us-east-1',
      endpoint: server.baseUrl,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
      maxAttempts: 1,
    }),
    clusterTag: 'eks:cluster-name',
  });
}

describe('Kubernetes NodeLists (contracts) through the cluster reader', () => {
  it('pools Karpenter v1 nodes by karpenter.sh/nodepool and a managed node group node under the one placeholder', async () => {
    const server = await kubernetesBackend(
      body('kubernetes', 'nodes-karpenter-v1'),
    );
    try {
      const inventory = await readClusterInventory(proxyGet(server), 'prod');
      expect(
        inventory.nodes.map(n => [n.nodepool, n.instanceType, n.region]),
      ).toEqual([
        ['general', 'm6i.large', 'eu-west-1'],
        ['critical', 'r8g.xlarge', 'eu-west-1'],
        [NO_NODEPOOL, 'm6i.large', 'eu-west-1'],
      ]);
      expect(NO_NODEPOOL).toBe('(no nodepool)');
      expect(server.requests[0]).toBe('GET /api/kubernetes/proxy/api/v1/nodes');
    } finally {
      await server.close();
    }
  });

  it('pools pre-v1 nodes by karpenter.sh/provisioner-name, unless the config lists only karpenter.sh/nodepool', async () => {
    const server = await kubernetesBackend(
      body('kubernetes', 'nodes-karpenter-v1alpha5'),
    );
    try {
      const get = proxyGet(server);
      const inventory = await readClusterInventory(get, 'nonprod');
      expect(
        inventory.nodes.map(n => [n.nodepool, n.instanceType, n.region]),
      ).toEqual([
        ['general', 't3.large', 'us-east-1'],
        ['graviton', 'c7g.xlarge', 'us-east-1'],
        ['general', 'm5.xlarge', 'us-east-1'],
      ]);
      const strict = await readClusterInventory(get, 'nonprod', {
        nodepoolLabels: ['karpenter.sh/nodepool'],
      });
      expect(strict.nodes.map(n => n.nodepool)).toEqual([
        NO_NODEPOOL,
        NO_NODEPOOL,
        NO_NODEPOOL,
      ]);

      // Priced from the us-east-1 table, unflagged (spot without a billed rate: on-demand, flagged).
      const price = createNodePricer(loadPriceBook(), new Map(), 'none');
      for (const node of inventory.nodes) {
        const p = price(node);
        expect(p.onDemandHourly).toBe(
          published('us-east-1', node.instanceType),
        );
        expect(p.flags.map(f => f.costedAs)).toEqual(
          node.capacityType === 'spot' ? ['on-demand'] : [],
        );
      }
      // The on-demand m5.xlarge for a day, from the published number.
      const m5 = inventory.nodes.find(n => n.instanceType === 'm5.xlarge')!;
      expect(price(m5).hourly * 24).toBeCloseTo(0.192 * 24, 10);
      // Graviton: the c7i of the same size is its x86 counterpart.
      const c7g = inventory.nodes.find(n => n.instanceType === 'c7g.xlarge')!;
      expect(price(c7g).x86Hourly).toBeCloseTo(
        published('us-east-1', 'c7i.xlarge'),
        10,
      );
    } finally {
      await server.close();
    }
  });

  it('flags what no table prices, saying which region and what to add', async () => {
    const server = await kubernetesBackend(
      body('kubernetes', 'nodes-unpriced'),
    );
    try {
      const inventory = await readClusterInventory(proxyGet(server), 'prod');
      const [sydney, x2gd] = inventory.nodes;
      // No region label: the region comes from the zone.
      expect(sydney.region).toBe('ap-southeast-2');
      const price = createNodePricer(loadPriceBook(), new Map(), 'none');
      expect(price(sydney).flags).toEqual([
        expect.objectContaining({
          region: 'ap-southeast-2',
          reason: expect.stringMatching(
            /^No price table for ap-southeast-2 \(prices\/ec2-on-demand-ap-southeast-2\.json\): m6i\.large costed at its (eu-west-1|us-east-1) price/,
          ),
        }),
      ]);
      expect([
        published('eu-west-1', 'm6i.large'),
        published('us-east-1', 'm6i.large'),
      ]).toContain(price(sydney).hourly);
      expect(price(x2gd).hourly).toBeGreaterThan(0);
      expect(price(x2gd).flags[0].reason).toMatch(
        /^No eu-west-1 list price for x2gd\.xlarge, and no table has the x2gd family: .* an estimate\. Add it to prices\/ec2-on-demand-eu-west-1\.json/,
      );
    } finally {
      await server.close();
    }
  });
});

describe('Cost Explorer GetCostAndUsage (contracts) through the AWS SDK', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await serveReplay(costExplorerRoutes());
  });
  afterAll(() => server.close());

  it('names pre-v1 instances by karpenter.sh/provisioner-name and the rest by the one placeholder; the split adds up to the bill', async () => {
    const pools = await costExplorerReader(server).usageByNodepool(
      'nonprod',
      '2026-12-02',
      '2026-12-04',
    );
    const day = pools.filter(p => p.day === '2026-12-02');
    expect(day.map(p => [p.nodepool, p.spot, p.cost, p.hours]).sort()).toEqual(
      [
        [NO_NODEPOOL, false, 4.608, 48],
        ['general', false, 4.608, 24],
        ['general', true, 1.6704, 72],
        ['graviton', false, 3.48, 24],
        ['graviton', true, 1.2050016, 24],
      ].sort(),
    );
    expect(pools.some(p => ['(none)', '(untagged)'].includes(p.nodepool))).toBe(
      false,
    );
    // The untagged total of the karpenter.sh/nodepool query, split among provisioners.
    for (const d of ['2026-12-02', '2026-12-03']) {
      const untagged = body('costexplorer', 'usage-by-nodepool-tag-untagged')
        .ResultsByTime.find((r: any) => r.TimePeriod.Start === d)
        .Groups.reduce(
          (s: number, g: any) => s + Number(g.Metrics.UnblendedCost.Amount),
          0,
        );
      expect(
        pools.filter(p => p.day === d).reduce((s, p) => s + p.cost, 0),
      ).toBeCloseTo(untagged, 8);
    }
  });

  it('reads billed usage per region and instance type, spot apart', async () => {
    const usage = await costExplorerReader(server).usageByInstanceType(
      'nonprod',
      '2026-12-02',
      '2026-12-04',
    );
    expect(new Set(usage.map(u => u.region))).toEqual(new Set(['us-east-1']));
    expect(
      usage
        .filter(u => u.day === '2026-12-02')
        .map(u => [u.instanceType, u.spot, u.cost, u.hours])
        .sort(),
    ).toEqual(
      [
        ['c7g.xlarge', true, 1.2050016, 24],
        ['t3.large', true, 1.6704, 72],
        ['c7g.xlarge', false, 3.48, 24],
        ['m5.xlarge', false, 4.608, 24],
        ['m6i.large', false, 4.608, 48],
      ].sort(),
    );
  });
});

describe('OpenCost allocation (contract) through the OpenCost reader', () => {
  it('reads one share per workload and day, idle apart', async () => {
    const server = await serveReplay([
      {
        path: '/allocation/compute',
        body: body('opencost', 'allocation-daily-by-cluster-namespace-label'),
      },
    ]);
    try {
      const shares = await createOpenCostReader({
        baseUrls: { prod: server.baseUrl },
        timeoutMs: 5000,
      })('prod', '2026-12-02', '2026-12-04');
      expect(
        shares
          .filter(s => s.day === '2026-12-02')
          .map(s => [s.namespace, s.kubernetesId, s.idle]),
      ).toEqual([
        ['payments', 'payments-api', false],
        ['kube-system', undefined, false],
        [undefined, undefined, true],
      ]);
      expect(shares).toHaveLength(6);
      expect(server.requests[0]).toMatch(
        /^GET \/allocation\/compute\?window=2026-12-02T00%3A00%3A00Z%2C2026-12-04T00%3A00%3A00Z&step=1d&aggregate=cluster%2Cnamespace%2Clabel%3Abackstage\.io%2Fkubernetes-id$/,
      );
    } finally {
      await server.close();
    }
  });
});

describe('one placeholder from nodes to the page', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('shows nodes and billed instances without a nodepool as one "(no nodepool)" line', async () => {
    // nonprod: Karpenter v0.31 nodes next to a managed node group node; billing as the contracts say.
    const v1 = body('kubernetes', 'nodes-karpenter-v1');
    const nodes = body('kubernetes', 'nodes-karpenter-v1alpha5');
    const group = structuredClone(v1.items[2]);
    Object.assign(group.metadata.labels, {
      'topology.kubernetes.io/region': 'us-east-1',
      'topology.kubernetes.io/zone': 'us-east-1a',
    });
    const listing = { ...nodes, items: [...nodes.items, group] };
    const kube = await kubernetesBackend(listing);
    const ce = await serveReplay(costExplorerRoutes());
    const db = await databases.init('SQLITE_3');
    try {
      await migrateCostTables(db);
      const prices = loadPriceBook();
      const now = () => Date.parse('2026-12-04T10:05:00Z');
      const get = proxyGet(kube);
      const snapshotter = createSnapshotter({
        db,
        logger: mockServices.logger.mock(),
        clusters: ['nonprod'],
        readInventory: cluster => readClusterInventory(get, cluster),
        prices,
        directory: async () => () => undefined,
        costExplorer: costExplorerReader(ce),
        // The recorded answers hold two days; a backfill refuses an answer with fewer days than asked.
        backfillDays: 2,
        retentionDays: 90,
        now,
      });
      expect((await snapshotter.run()).map(r => r.status)).toEqual(['ok']);
      const rows = await db(TABLES.dailyNodepool).select('nodepool', 'source');
      expect(
        [...new Set(rows.map(r => `${r.source} ${r.nodepool}`))].sort(),
      ).toEqual([
        `billing ${NO_NODEPOOL}`,
        'billing general',
        'billing graviton',
        `snapshot ${NO_NODEPOOL}`,
        'snapshot general',
        'snapshot graviton',
      ]);
      const dashboard = await createCostReports({
        db,
        clusters: ['nonprod'],
        prices,
        spotRateSource: 'test',
        now,
      }).dashboard({ cluster: 'nonprod', days: 7 });
      expect(dashboard.nodepools.map(l => l.key).sort()).toEqual(
        [NO_NODEPOOL, 'general', 'graviton'].sort(),
      );
      // The placeholder's cost: the managed node group's billed days plus this hour's node at
      // the published us-east-1 price of its type.
      const line = dashboard.nodepools.find(l => l.key === NO_NODEPOOL)!;
      expect(line.cost).toBeCloseTo(
        4.608 * 2 + published('us-east-1', 'm6i.large'),
        6,
      );
      expect(dashboard.priceFlags).toEqual([]);
    } finally {
      await db.destroy();
      await kube.close();
      await ce.close();
    }
  });
});
