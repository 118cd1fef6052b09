import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { mockServices } from '@backstage/backend-test-utils';
import {
  EPHEMERAL_PORTS,
  INSTANCE_TYPES,
  PlatformSim,
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  hasPodDisruptionBudget,
  startPlatformSim,
} from '@internal/platform-sim';
import knexFactory, { Knex } from 'knex';
import { createCostExplorerReader, createOpenCostReader } from '../Billing';
import { serviceDirectoryFrom } from '../Catalog';
import {
  ClusterInventory,
  KubernetesGet,
  readClusterInventory,
} from '../Clusters';
import { TABLES, migrateCostTables } from '../CostStore';
import { createCostReports } from '../Dashboard';
import { loadPriceTable } from '../Prices';
import { SnapshotResult, createSnapshotter } from './createSnapshotter';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('snapshots and backfill against platform-sim', () => {
  let sim: PlatformSim;
  let db: Knex;
  let now: number;
  let firstRun: SnapshotResult[];
  let dropNode: string | undefined;
  const prices = loadPriceTable();

  const build = () => {
    const get: KubernetesGet = async (cluster, path) => {
      const base = sim.urls.kubernetes[cluster as 'prod' | 'nonprod'];
      const res = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
      });
      if (!res.ok) throw new Error(`${cluster} ${path}: HTTP ${res.status}`);
      return res.json();
    };
    const readInventory = async (
      cluster: string,
    ): Promise<ClusterInventory> => {
      const inventory = await readClusterInventory(get, cluster);
      // Karpenter consolidating a node between two snapshots.
      return dropNode
        ? {
            ...inventory,
            nodes: inventory.nodes.filter(n => n.name !== dropNode),
          }
        : inventory;
    };
    const costExplorer = createCostExplorerReader({
      client: new CostExplorerClient({
        region: 'us-east-1',
        endpoint: sim.urls.aws.costexplorer,
        credentials: {
          accessKeyId: SIM_AWS_ACCESS_KEY_ID,
          secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
        },
      }),
      clusterTag: 'eks:cluster-name',
      nodepoolTag: 'karpenter.sh/nodepool',
    });
    return createSnapshotter({
      db,
      logger: mockServices.logger.mock(),
      clusters: ['prod', 'nonprod'],
      readInventory,
      prices,
      directory: async () =>
        serviceDirectoryFrom(deriveCatalogEntities(sim.scenario) as any),
      costExplorer,
      openCost: createOpenCostReader({
        baseUrls: { prod: sim.urls.opencost, nonprod: sim.urls.opencost },
        timeoutMs: 5000,
      }),
      backfillDays: 90,
      retentionDays: 90,
      now: () => now,
    });
  };
  const reports = () =>
    createCostReports({
      db,
      clusters: ['prod', 'nonprod'],
      prices,
      spotRateSource: 'test',
      now: () => now,
    });

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    now = sim.scenario.now + 5 * 60_000;
    db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await migrateCostTables(db);
    firstRun = await build().run();
  }, 60_000); // a 90-day backfill of both clusters: seconds on a busy machine

  afterAll(async () => {
    await db?.destroy();
    await sim?.stop();
  });

  afterEach(() => sim.faults.clear());

  /** Billed compute of a cluster on a day, straight from the scenario's node lifetimes. */
  const billedDay = (cluster: string, day: string) => {
    const start = Date.parse(`${day}T00:00:00Z`);
    const end = Math.min(start + DAY, sim.scenario.now);
    return sim.scenario.nodeHistory
      .filter(n => n.cluster === cluster)
      .reduce((sum, n) => {
        const overlap =
          Math.min(end, n.deletedAt ?? sim.scenario.now) -
          Math.max(start, n.createdAt);
        return overlap > 0 ? sum + (n.hourlyPrice * overlap) / HOUR : sum;
      }, 0);
  };

  it('backfills 90 days before the first snapshot from billing, equal to what the nodes cost', async () => {
    const rows = await db(TABLES.dailyCluster)
      .where({ source: 'billing' })
      .orderBy('day');
    const prodDays = rows.filter(r => r.cluster === 'prod');
    expect(prodDays).toHaveLength(90);
    const today = new Date(now).toISOString().slice(0, 10);
    expect(prodDays[prodDays.length - 1].day < today).toBe(true);
    for (const r of rows) {
      expect(r.cost).toBeCloseTo(billedDay(r.cluster, r.day), 4);
    }
    // Consolidation shows: the window's first days ran more nodes than the last.
    expect(prodDays[0].node_hours).toBeGreaterThan(
      prodDays[prodDays.length - 1].node_hours,
    );
  });

  it('snapshots both clusters on the first run', () => {
    expect(firstRun.map(r => r.status)).toEqual(['ok', 'ok']);
  });

  it('reconciles: services + idle = cluster total, for every day and cluster', async () => {
    const clusters = await db(TABLES.dailyCluster).select();
    const services: Array<{ day: string; cluster: string; cost: number }> =
      await db(TABLES.dailyService)
        .select('day', 'cluster')
        .sum({ cost: 'cost' })
        .groupBy('day', 'cluster');
    expect(clusters.length).toBeGreaterThan(180);
    for (const c of clusters) {
      const s = services.find(x => x.day === c.day && x.cluster === c.cluster);
      expect(Number(s?.cost ?? 0) + c.idle_cost).toBeCloseTo(c.cost, 6);
    }
  });

  it('snapshots every node at its price, with the counterfactuals the savings use', async () => {
    const hour = new Date(Math.floor(now / HOUR) * HOUR)
      .toISOString()
      .replace('.000Z', 'Z');
    for (const cluster of ['prod', 'nonprod'] as const) {
      const nodes = await db(TABLES.nodeHours).where({ cluster, hour });
      const expected = sim.scenario.nodes[cluster];
      expect(nodes).toHaveLength(expected.length);
      const row = await db(TABLES.dailyCluster)
        .where({ cluster, source: 'snapshot' })
        .first();
      // On-demand nodes at list price; spot nodes' counterfactual is the list price of their type.
      const list = (t: string) => INSTANCE_TYPES[t].onDemandHourly;
      const onDemand = expected
        .filter(n => n.capacityType === 'on-demand')
        .reduce((s, n) => s + list(n.instanceType), 0);
      const spotList = expected
        .filter(n => n.capacityType === 'spot')
        .reduce((s, n) => s + list(n.instanceType), 0);
      expect(row.cost - row.spot_cost).toBeCloseTo(onDemand, 6);
      expect(row.spot_on_demand_cost).toBeCloseTo(spotList, 6);
      // Spot at the effective rate billed over the last 7 days for the type.
      const since =
        Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`) -
        7 * DAY;
      const until = since + 7 * DAY;
      const history = sim.scenario.nodeHistory;
      const simNow = sim.scenario.now;
      const rate = (type: string) => {
        let cost = 0;
        let hours = 0;
        for (const n of history) {
          if (
            n.cluster !== cluster ||
            n.capacityType !== 'spot' ||
            n.instanceType !== type
          )
            continue;
          const h =
            (Math.min(until, n.deletedAt ?? simNow) -
              Math.max(since, n.createdAt)) /
            HOUR;
          if (h > 0) {
            cost += h * n.hourlyPrice;
            hours += h;
          }
        }
        return cost / hours;
      };
      const spot = expected
        .filter(n => n.capacityType === 'spot')
        .reduce((s, n) => s + rate(n.instanceType), 0);
      expect(row.spot_cost).toBeCloseTo(spot, 4);
      // Graviton counterfactual: the r7i of the same size at the same discount.
      const arm = nodes.filter(n => n.arch === 'arm64');
      const r7i = (t: string) =>
        prices.file.prices[t.replace('r8g', 'r7i')].hourly;
      const x86 = arm.reduce(
        (s, n) => s + (n.hourly * r7i(n.instance_type)) / list(n.instance_type),
        0,
      );
      expect(row.arm_x86_cost).toBeCloseTo(x86, 6);
      expect(row.arm_x86_cost).toBeGreaterThan(row.arm_cost);
    }
  });

  it('recommends a PodDisruptionBudget exactly for services with spot replicas and none', async () => {
    const r = reports();
    for (const service of sim.scenario.services.slice(0, 6)) {
      const pods = (
        sim.kubernetes.prod.state.objects.get('/v1/pods') ?? []
      ).filter(
        p =>
          p.metadata.labels?.['backstage.io/kubernetes-id'] === service.name &&
          (p.status as any).phase === 'Running',
      );
      const spotNodes = new Set(
        sim.scenario.nodes.prod
          .filter(n => n.capacityType === 'spot')
          .map(n => n.name),
      );
      const onSpot = pods.some(p => spotNodes.has((p.spec as any).nodeName));
      const cost = await r.entityCost({
        entityRef: `component:default/${service.name}`,
        kubernetesId: service.name,
      });
      const pdbRec = cost.recommendations.some(
        x => x.kind === 'pod-disruption-budget' && x.cluster === 'prod',
      );
      expect(pdbRec).toBe(onSpot && !hasPodDisruptionBudget(service));
      expect(cost.monthly).toBeGreaterThan(0);
    }
  });

  it('keeps earlier data and shows the gap when a cluster is unreachable; counts removed nodes', async () => {
    const before = await db(TABLES.dailyCluster)
      .where({ cluster: 'prod' })
      .count({ n: '*' })
      .first();
    now += HOUR;
    sim.faults.set('kubernetes.prod', { errorRate: 1, errorStatus: 503 });
    const failed = await build().run();
    expect(failed.find(r => r.cluster === 'prod')?.status).toBe('failed');
    expect(failed.find(r => r.cluster === 'nonprod')?.status).toBe('ok');
    const after = await db(TABLES.dailyCluster)
      .where({ cluster: 'prod' })
      .count({ n: '*' })
      .first();
    expect(after?.n).toEqual(before?.n);

    const dashboard = await reports().dashboard({ cluster: 'prod', days: 30 });
    expect(dashboard.stale).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        error: expect.stringMatching(/503/),
      }),
    ]);
    const today = dashboard.trend[dashboard.trend.length - 1];
    expect(today.hoursFailed).toBe(1);
    expect(today.hoursCovered).toBe(1);

    // Next hour prod answers again, one node fewer: it counts as removed.
    sim.faults.clear();
    now += HOUR;
    dropNode = sim.scenario.nodes.prod[0].name;
    await build().run();
    now += 2 * HOUR;
    const later = await reports().dashboard({ cluster: 'prod', days: 30 });
    expect(later.stale).toEqual([]);
    expect(later.consolidation.removed.count).toBe(1);
    const removed = await db(TABLES.removedNodes).first();
    expect(removed.node).toBe(dropNode);
    expect(later.consolidation.removed.wouldHaveCost).toBeCloseTo(
      (removed.hourly * (now - Date.parse(removed.removed_at))) / HOUR,
      6,
    );
  });
});
