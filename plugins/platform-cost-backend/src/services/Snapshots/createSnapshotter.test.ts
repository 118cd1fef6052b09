import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import {
  PlatformSim,
  listPrice,
  hasPodDisruptionBudget,
} from '@internal/platform-sim';
import { Knex } from 'knex';
import { ClusterInventory, readClusterInventory } from '../Clusters';
import { TABLES, migrateCostTables } from '../CostStore';
import { loadPriceBook } from '../Prices';
import { SnapshotResult, createSnapshotter } from './createSnapshotter';
import {
  simReports,
  simUpstreams,
  startSimOnSteadyClock,
} from './__testUtils__/simUpstreams';

/** The hourly price a committed table publishes (read from the file, not through the plugin). */
function publishedPrice(region: string, instanceType: string): number {
  const file = resolvePath(
    __dirname,
    `../../../prices/ec2-on-demand-${region}.json`,
  );
  const price = JSON.parse(fs.readFileSync(file, 'utf8')).prices[instanceType]
    ?.hourly;
  if (typeof price !== 'number') {
    throw new Error(`${file} publishes no price for ${instanceType}`);
  }
  return price;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** OpenCost requests that fail during the first run: that cluster's backfill must resume. */
const OPENCOST_FAILURES = 5;

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'snapshots and backfill against platform-sim on %s',
  databaseId => {
    let sim: PlatformSim;
    let db: Knex;
    let now: number;
    let firstRun: SnapshotResult[];
    let dropNode: string | undefined;
    let duplicateNode = false;
    let openCostCalls: Array<{ cluster: string; start: string; end: string }>;
    let afterFirstRun: { prodBillingDays: number; prodBackfilled: boolean };
    let resumedDays: string[];
    const logger = mockServices.logger.mock();
    const prices = loadPriceBook();

    const build = () => {
      const up = simUpstreams(sim);
      const readInventory = async (
        cluster: string,
      ): Promise<ClusterInventory> => {
        const inventory = await readClusterInventory(up.get, cluster);
        // Karpenter consolidating a node between two snapshots.
        const nodes = inventory.nodes.filter(n => n.name !== dropNode);
        // An upstream listing a node twice.
        if (duplicateNode) nodes.push({ ...nodes[0], cpuAllocatable: 99 });
        return { ...inventory, nodes };
      };
      return createSnapshotter({
        db,
        logger,
        clusters: ['prod', 'nonprod'],
        readInventory,
        prices,
        directory: up.directory,
        costExplorer: up.costExplorer,
        openCost: (cluster, start, end) => {
          openCostCalls.push({ cluster, start, end });
          return up.openCost(cluster, start, end);
        },
        backfillDays: 90,
        retentionDays: 90,
        now: () => now,
      });
    };
    const reports = () => simReports(db, prices, () => now);

    beforeAll(async () => {
      sim = await startSimOnSteadyClock();
      now = sim.scenario.now + 5 * 60_000;
      db = await databases.init(databaseId);
      await migrateCostTables(db);
      // prod is backfilled first: its first OpenCost days fail, so its backfill stops part-way.
      openCostCalls = [];
      sim.faults.set('opencost', { errorRate: 1, count: OPENCOST_FAILURES });
      firstRun = await build().run();
      afterFirstRun = {
        prodBillingDays: (
          await db(TABLES.dailyCluster).where({
            cluster: 'prod',
            source: 'billing',
          })
        ).length,
        prodBackfilled: Boolean(
          await db(TABLES.backfills).where({ cluster: 'prod' }).first(),
        ),
      };
      // Next run (same hour: snapshots skip) resumes prod's backfill.
      openCostCalls = [];
      await build().run();
      resumedDays = openCostCalls.map(c => `${c.cluster} ${c.start}`);
    }, 120_000); // a 90-day backfill of both clusters: seconds on a busy machine

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

    it('reads OpenCost one day at a time and resumes a backfill that failed part-way', async () => {
      expect(afterFirstRun).toEqual({
        prodBillingDays: 90 - OPENCOST_FAILURES,
        prodBackfilled: false,
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          new RegExp(
            `backfill of prod failed.*${OPENCOST_FAILURES} of 90 days`,
          ),
        ),
      );
      // Only the missing days are fetched again, each as a one-day window.
      expect(resumedDays).toHaveLength(OPENCOST_FAILURES);
      expect(new Set(resumedDays).size).toBe(OPENCOST_FAILURES);
      expect(resumedDays.every(d => d.startsWith('prod '))).toBe(true);
      const backfills = await db(TABLES.backfills).orderBy('cluster');
      expect(backfills.map(b => b.cluster)).toEqual(['nonprod', 'prod']);
    });

    it('shows consolidation over all 90 days kept, also on a 30-day range', async () => {
      // Average prod nodes per day, straight from the scenario's node lifetimes.
      const today = new Date(now).toISOString().slice(0, 10);
      const prodNodes = sim.scenario.nodeHistory.filter(
        n => n.cluster === 'prod',
      );
      const nodesOn = (start: number) =>
        prodNodes.reduce((sum, n) => {
          const overlap =
            Math.min(start + DAY, n.deletedAt ?? sim.scenario.now) -
            Math.max(start, n.createdAt);
          return overlap > 0 ? sum + overlap / HOUR : sum;
        }, 0) / 24;
      const perDay = Array.from({ length: 90 }, (_, i) => {
        const start = Date.parse(`${today}T00:00:00Z`) - (90 - i) * DAY;
        const day = new Date(start).toISOString().slice(0, 10);
        return { day, nodes: nodesOn(start) };
      });
      perDay.push({ day: today, nodes: sim.scenario.nodes.prod.length });
      const peak = perDay.reduce((a, b) => (b.nodes > a.nodes ? b : a));

      const dashboard = await reports().dashboard({
        cluster: 'prod',
        days: 30,
      });
      expect(dashboard.consolidation.kept.first?.day).toBe(perDay[0].day);
      expect(dashboard.consolidation.kept.peak?.day).toBe(peak.day);
      expect(dashboard.consolidation.kept.peak?.nodes).toBeCloseTo(
        peak.nodes,
        4,
      );
      expect(dashboard.consolidation.kept.last).toEqual({
        day: today,
        nodes: sim.scenario.nodes.prod.length,
      });
      // The scenario consolidated before the 30-day range began.
      expect(peak.day < dashboard.trend[0].day).toBe(true);
      expect(peak.nodes).toBeGreaterThan(sim.scenario.nodes.prod.length * 1.1);
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
        const s = services.find(
          x => x.day === c.day && x.cluster === c.cluster,
        );
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
        // On-demand nodes at the list price of their type in their region (nonprod runs in
        // us-east-1, prod in eu-west-1); spot nodes' counterfactual is that list price.
        const list = (n: { instanceType: string; region: string }) =>
          listPrice(n.instanceType, n.region);
        const onDemand = expected
          .filter(n => n.capacityType === 'on-demand')
          .reduce((s, n) => s + list(n), 0);
        const spotList = expected
          .filter(n => n.capacityType === 'spot')
          .reduce((s, n) => s + list(n), 0);
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
        // Graviton counterfactual: the x86 type of the same size (r8g → r7i in prod, c7g → c7i
        // in nonprod) at the same discount, from the committed table of the cluster's region.
        const region = expected[0].region;
        const arm = nodes.filter(n => n.arch === 'arm64');
        const x86Of = (t: string) =>
          publishedPrice(
            region,
            t.replace(/^r8g\./, 'r7i.').replace(/^c7g\./, 'c7i.'),
          );
        const x86 = arm.reduce(
          (s, n) =>
            s +
            (n.hourly * x86Of(n.instance_type)) /
              listPrice(n.instance_type, region),
          0,
        );
        expect(row.arm_x86_cost).toBeCloseTo(x86, 6);
        expect(row.arm_x86_cost).toBeGreaterThan(row.arm_cost);
      }
    });

    it('pools pre-v1 Karpenter nodes by karpenter.sh/provisioner-name and prices each node in its region, unflagged', async () => {
      const hour = new Date(Math.floor(now / HOUR) * HOUR)
        .toISOString()
        .replace('.000Z', 'Z');
      for (const cluster of ['prod', 'nonprod'] as const) {
        const rows = await db(TABLES.nodeHours).where({ cluster, hour });
        const byNode = new Map(rows.map(r => [r.node, r]));
        for (const n of sim.scenario.nodes[cluster]) {
          const row = byNode.get(n.name);
          expect({ node: n.name, nodepool: row?.nodepool }).toEqual({
            node: n.name,
            nodepool: n.nodePool,
          });
          expect(row?.price_flag).toBeNull();
          // What the region's committed table publishes for the type.
          expect(Number(row?.on_demand_hourly)).toBeCloseTo(
            publishedPrice(n.region, n.instanceType),
            10,
          );
        }
      }
      expect(new Set(sim.scenario.nodes.nonprod.map(n => n.region))).toEqual(
        new Set(['us-east-1']),
      );
      expect(await db(TABLES.priceFlags).select()).toEqual([]);
      // The bill: nonprod's instances carry karpenter.sh/provisioner-name, not karpenter.sh/nodepool.
      const billedPools = await db(TABLES.dailyNodepool)
        .where({ cluster: 'nonprod', source: 'billing' })
        .distinct('nodepool');
      expect(billedPools.map(p => p.nodepool).sort()).toEqual([
        'general',
        'graviton',
      ]);
    });

    it("shows each nodepool's spot and arm64 share of what its snapshotted nodes cost, after a billed backfill", async () => {
      // 30 days: mostly billed days (which carry cost but no placement) and one snapshotted hour.
      const dashboard = await reports().dashboard({
        cluster: 'nonprod',
        days: 30,
      });
      const hourRows = await db(TABLES.nodeHours).where({ cluster: 'nonprod' });
      for (const pool of dashboard.nodepools) {
        const nodes = hourRows.filter(r => r.nodepool === pool.key);
        const cost = nodes.reduce((s, r) => s + Number(r.hourly), 0);
        const share = (pick: (r: any) => boolean) =>
          nodes.filter(pick).reduce((s, r) => s + Number(r.hourly), 0) / cost;
        expect({ pool: pool.key, spot: pool.spotShare }).toEqual({
          pool: pool.key,
          spot: expect.closeTo(
            share(r => r.capacity_type === 'spot'),
            6,
          ),
        });
        expect(pool.armShare).toBeCloseTo(
          share(r => r.arch === 'arm64'),
          6,
        );
      }
      // graviton is the arm64 pool, general the x86 one (platform-sim's NodePools).
      const byKey = new Map(dashboard.nodepools.map(l => [l.key, l]));
      expect(byKey.get('graviton')?.armShare).toBe(1);
      expect(byKey.get('general')?.armShare).toBe(0);
    });

    it('recommends a PodDisruptionBudget exactly for services with spot replicas and none', async () => {
      const r = reports();
      for (const service of sim.scenario.services.slice(0, 6)) {
        const pods = (
          sim.kubernetes.prod.state.objects.get('/v1/pods') ?? []
        ).filter(
          p =>
            p.metadata.labels?.['backstage.io/kubernetes-id'] ===
              service.name && (p.status as any).phase === 'Running',
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

      const dashboard = await reports().dashboard({
        cluster: 'prod',
        days: 30,
      });
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

    it('serves the dashboards precomputed after the latest snapshot, never older ones', async () => {
      const r = reports();
      await r.precompute();
      for (const cluster of ['all', 'prod', 'nonprod']) {
        for (const days of [30, 90]) {
          const stored = await r.storedDashboard({ cluster, days });
          expect(JSON.parse(stored!)).toEqual(
            JSON.parse(JSON.stringify(await r.dashboard({ cluster, days }))),
          );
        }
      }
      expect(await r.storedDashboard({ days: 30 })).toBe(
        await r.storedDashboard({ cluster: 'all', days: 30 }),
      );

      // A newer snapshot: the stored dashboards no longer apply until precomputed again.
      now += HOUR;
      await build().run();
      expect(await r.storedDashboard({ cluster: 'prod', days: 30 })).toBe(
        undefined,
      );
      await r.precompute();
      const fresh = JSON.parse(
        (await r.storedDashboard({ cluster: 'prod', days: 30 }))!,
      );
      expect(fresh.trend[fresh.trend.length - 1].hoursCovered).toBeGreaterThan(
        0,
      );
    });

    it('costs a node listed twice once, and still snapshots the cluster', async () => {
      now += HOUR;
      duplicateNode = true;
      const results = await build().run();
      duplicateNode = false;
      expect(results.map(r => r.status)).toEqual(['ok', 'ok']);
      const hour = new Date(Math.floor(now / HOUR) * HOUR)
        .toISOString()
        .replace('.000Z', 'Z');
      const names = sim.scenario.nodes.prod
        .map(n => n.name)
        .filter(n => n !== dropNode);
      const rows = await db(TABLES.nodeHours).where({ cluster: 'prod', hour });
      expect(rows.map(n => n.node).sort()).toEqual([...names].sort());
      expect(rows.find(n => n.node === names[0])?.cpu_allocatable).not.toBe(99);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(`lists node ${names[0]} more than once`),
      );
    });
  },
);
