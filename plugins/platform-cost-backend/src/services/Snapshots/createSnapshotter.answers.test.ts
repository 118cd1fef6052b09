import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { PlatformSim } from '@internal/platform-sim';
import { Knex } from 'knex';
import { OpenCostReader } from '../Billing';
import { readClusterInventory } from '../Clusters';
import { TABLES, migrateCostTables } from '../CostStore';
import { loadPriceBook } from '../Prices';
import { createSnapshotter } from './createSnapshotter';
import {
  simReports,
  simUpstreams,
  startSimOnSteadyClock,
} from './__testUtils__/simUpstreams';

const HOUR = 3_600_000;
const BACKFILL_DAYS = 10;

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Answers that succeed but are empty or far smaller, from platform-sim's `empty` and
 * `dropFraction` faults, read by the plugin's own readers: they never replace stored data at once.
 */
describe.each(databases.eachSupportedId())(
  'snapshots of answers that succeed but are empty or far smaller, on %s',
  databaseId => {
    let sim: PlatformSim;
    let db: Knex;
    let now: number;
    let openCostCalls = 0;
    /** The answers of this run's OpenCost calls, in call order. */
    let openCostAnswers: Array<Promise<unknown>> = [];
    /** Set by a test: runs before each OpenCost day is read (the n-th call of the run). */
    let beforeOpenCostDay: (call: number) => Promise<void> | void = () => {};
    const logger = mockServices.logger.mock();
    const prices = loadPriceBook();

    const build = () => {
      const up = simUpstreams(sim, { maxAttempts: 1 });
      const countedOpenCost: OpenCostReader = async (cluster, start, end) => {
        await beforeOpenCostDay(++openCostCalls);
        const answer = up.openCost(cluster, start, end);
        openCostAnswers.push(answer.catch(() => undefined));
        return answer;
      };
      return createSnapshotter({
        db,
        logger,
        clusters: ['prod', 'nonprod'],
        readInventory: cluster => readClusterInventory(up.get, cluster),
        prices,
        directory: up.directory,
        costExplorer: up.costExplorer,
        openCost: countedOpenCost,
        backfillDays: BACKFILL_DAYS,
        retentionDays: 90,
        now: () => now,
      });
    };
    const reports = () => simReports(db, prices, () => now);
    const nodeRows = async (cluster: string) =>
      (await db(TABLES.nodeHours).where({ cluster }).count({ n: '*' }).first())
        ?.n;
    const removedNodes = async () =>
      Number((await db(TABLES.removedNodes).count({ n: '*' }).first())?.n ?? 0);

    beforeAll(async () => {
      sim = await startSimOnSteadyClock();
      now = sim.scenario.now + 5 * 60_000;
      db = await databases.init(databaseId);
      await migrateCostTables(db);
    });

    afterAll(async () => {
      await db?.destroy();
      await sim?.stop();
    });

    afterEach(() => {
      sim.faults.clear();
      beforeOpenCostDay = () => {};
    });

    it('backfills only from a whole Cost Explorer answer, and holds OpenCost days with far fewer workloads until the next run', async () => {
      // Cost Explorer answers a tenth of the days: the backfill waits, nothing is marked done.
      sim.faults.set('aws.costexplorer', { dropFraction: 0.9 });
      const first = await build().run();
      expect(first.map(r => r.status)).toEqual(['ok', 'ok']);
      expect(await db(TABLES.backfills).select()).toEqual([]);
      expect(
        await db(TABLES.dailyCluster).where({ source: 'billing' }).select(),
      ).toEqual([]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /backfill of prod failed, will retry next run: .*Cost Explorer GetCostAndUsage \(prod, .*\): answer has 1 of the 10 days asked for/,
        ),
      );
      // The spot rates of the snapshot could not be read either: flagged, not zero.
      const flags = await db(TABLES.priceFlags).select('reason');
      expect(flags.map(f => f.reason).join(' ')).toMatch(
        /Cost Explorer failed: .*answer has 0 of the 7 days asked for/,
      );

      // Next hour Cost Explorer is whole, but OpenCost loses 90 % of the workloads after the
      // first four days of prod (read side by side): those days wait for the next run.
      sim.faults.clear();
      now += HOUR;
      openCostCalls = 0;
      openCostAnswers = [];
      beforeOpenCostDay = async call => {
        if (call <= 4) return;
        await Promise.all(openCostAnswers.slice(0, 4));
        sim.faults.set('opencost', { dropFraction: 0.9 });
      };
      await build().run();
      const prodDays = await db(TABLES.dailyCluster).where({
        cluster: 'prod',
        source: 'billing',
      });
      expect(prodDays).toHaveLength(4);
      expect(await db(TABLES.backfills).where({ cluster: 'prod' })).toEqual([]);
      const { held } = await reports().dashboard({ cluster: 'prod', days: 30 });
      expect(held).toEqual([
        expect.objectContaining({
          source: 'OpenCost (prod)',
          cluster: 'prod',
          message: expect.stringMatching(
            /^OpenCost \(prod\) answered \d+ workload allocations for \d{4}-\d\d-\d\d at .* \(had \d+ at .*\): not stored, waiting for confirmation by the next run$/,
          ),
        }),
      ]);

      // The run after confirms it: the rest of the days are stored, the backfill is done.
      now += HOUR;
      await build().run();
      expect(
        await db(TABLES.dailyCluster).where({
          cluster: 'prod',
          source: 'billing',
        }),
      ).toHaveLength(BACKFILL_DAYS);
      expect(
        (await db(TABLES.backfills).where({ cluster: 'prod' })).length,
      ).toBe(1);
      expect(
        (await reports().dashboard({ cluster: 'prod', days: 30 })).held,
      ).toEqual([]);
    });

    it('keeps the last snapshot when a cluster answers 200 with {}: no node counts as removed', async () => {
      const before = {
        prod: await nodeRows('prod'),
        removed: await removedNodes(),
      };
      now += HOUR;
      sim.faults.set('kubernetes.prod', { empty: true });
      const results = await build().run();
      expect(results.find(r => r.cluster === 'prod')).toMatchObject({
        status: 'failed',
        error: 'Kubernetes prod nodes: answer has no items list',
      });
      expect(results.find(r => r.cluster === 'nonprod')?.status).toBe('ok');
      expect(await nodeRows('prod')).toEqual(before.prod);
      expect(await removedNodes()).toBe(before.removed);
      const dashboard = await reports().dashboard({
        cluster: 'prod',
        days: 30,
      });
      expect(dashboard.stale).toEqual([
        expect.objectContaining({
          cluster: 'prod',
          error: 'Kubernetes prod nodes: answer has no items list',
        }),
      ]);
    });

    it('holds a node list 90 % shorter (not a consolidation) until the next run confirms it', async () => {
      const nodes = sim.scenario.nodes.prod.length;
      const before = {
        prod: await nodeRows('prod'),
        removed: await removedNodes(),
      };
      now += HOUR;
      sim.faults.set('kubernetes.prod', { dropFraction: 0.9 });
      const held = await build().run();
      const prod = held.find(r => r.cluster === 'prod')!;
      expect(prod.status).toBe('held');
      expect(prod.error).toMatch(
        new RegExp(
          `^Kubernetes prod answered ${Math.floor(
            nodes / 10,
          )} nodes at .* UTC \\(had ${nodes} at .* UTC\\): not stored, waiting for confirmation by the next run; Kubernetes prod answered \\d+ running pods`,
        ),
      );
      expect(await nodeRows('prod')).toEqual(before.prod);
      expect(await removedNodes()).toBe(before.removed);

      const dashboard = await reports().dashboard({
        cluster: 'prod',
        days: 30,
      });
      expect(dashboard.held).toEqual([
        expect.objectContaining({
          source: 'Kubernetes prod',
          unit: 'nodes',
          cluster: 'prod',
          count: Math.floor(nodes / 10),
          acceptedCount: nodes,
          since: new Date(now).toISOString(),
        }),
        expect.objectContaining({ unit: 'running pods' }),
      ]);
      expect(dashboard.stale).toEqual([]);
      // The {} hour and this one: gaps on the trend, not zero-node hours.
      expect(dashboard.trend.reduce((n, d) => n + d.hoursFailed, 0)).toBe(2);
      expect(dashboard.consolidation.removed.count).toBe(before.removed);
      // The other cluster's page says nothing about prod.
      expect(
        (await reports().dashboard({ cluster: 'nonprod', days: 30 })).held,
      ).toEqual([]);
      // The entity card says it too.
      const service = sim.scenario.services[0];
      const cost = await reports().entityCost({
        entityRef: `component:default/${service.name}`,
        kubernetesId: service.name,
      });
      expect(cost.held?.map(h => h.unit)).toEqual(['nodes', 'running pods']);

      // The next run answers the same: confirmed, stored, and the nodes gone count as removed.
      now += HOUR;
      const confirmed = await build().run();
      expect(confirmed.find(r => r.cluster === 'prod')).toMatchObject({
        status: 'ok',
        nodes: Math.floor(nodes / 10),
      });
      expect(await removedNodes()).toBe(
        before.removed + nodes - Math.floor(nodes / 10),
      );
      expect(
        (await reports().dashboard({ cluster: 'prod', days: 30 })).held,
      ).toEqual([]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /Kubernetes prod answered \d+ nodes again .*confirmed by a second run, stored/,
        ),
      );

      // Back to the whole list: more nodes are never held.
      sim.faults.clear();
      now += HOUR;
      const whole = await build().run();
      expect(whole.find(r => r.cluster === 'prod')).toMatchObject({
        status: 'ok',
        nodes,
      });
    });

    it('forgets a held drop when the next answer is whole again', async () => {
      const removed = await removedNodes();
      now += HOUR;
      sim.faults.set('kubernetes.nonprod', { dropFraction: 1 });
      const held = await build().run();
      expect(held.find(r => r.cluster === 'nonprod')).toMatchObject({
        status: 'held',
        error: expect.stringMatching(/^Kubernetes nonprod answered 0 nodes/),
      });
      sim.faults.clear();
      now += HOUR;
      const next = await build().run();
      expect(next.map(r => r.status)).toEqual(['ok', 'ok']);
      expect(await removedNodes()).toBe(removed);
      expect((await reports().dashboard({ days: 30 })).held).toEqual([]);
    });
  },
);
