import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '@internal/platform-sim';
import { Knex } from 'knex';
import { readClusterInventory } from '../Clusters';
import { TABLES, migrateCostTables } from '../CostStore';
import { loadPriceBook } from '../Prices';
import { createSnapshotter } from './createSnapshotter';
import { simUpstreams } from './__testUtils__/simUpstreams';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BACKFILL_DAYS = 30;
/** OpenCost days read before the test aborts the run (the backfill reads 4 days at a time). */
const DAYS_BEFORE_ABORT = 10;

/**
 * A replica's run cut short: the scheduler aborts a task past its timeout (or at shutdown), and
 * another replica may then claim the next run. What was committed must be whole, nothing may be
 * added twice, and the next run must complete what is missing.
 */
describe.each(databases.eachSupportedId())(
  'snapshot runs aborted or overlapping on %s',
  databaseId => {
    let sim: PlatformSim;
    let now: number;
    const logger = mockServices.logger.mock();
    const prices = loadPriceBook();

    beforeAll(async () => {
      sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
      now = sim.scenario.now + 5 * 60_000;
    });
    afterAll(async () => {
      await sim?.stop();
    });
    afterEach(() => sim.faults.clear());

    const snapshotter = (
      db: Knex,
      options: {
        billing?: boolean;
        onOpenCost?: () => void;
        beforeRead?: () => Promise<void>;
      } = {},
    ) => {
      const up = simUpstreams(sim);
      return createSnapshotter({
        db,
        logger,
        clusters: ['prod', 'nonprod'],
        readInventory: async cluster => {
          await options.beforeRead?.();
          return readClusterInventory(up.get, cluster);
        },
        prices,
        directory: up.directory,
        costExplorer: options.billing === false ? undefined : up.costExplorer,
        openCost: (cluster, start, end) => {
          options.onOpenCost?.();
          return up.openCost(cluster, start, end);
        },
        backfillDays: BACKFILL_DAYS,
        retentionDays: 90,
        now: () => now,
      });
    };

    const today = () => new Date(now).toISOString().slice(0, 10);
    const hour = () =>
      new Date(Math.floor(now / 3_600_000) * 3_600_000)
        .toISOString()
        .replace('.000Z', 'Z');
    const nodesOf = (cluster: 'prod' | 'nonprod') =>
      sim.scenario.nodes[cluster].length;

    /** Each cluster's snapshot of this hour is stored once: one `ok` row, its nodes, 1 hour. */
    async function expectHourStoredOnce(db: Knex) {
      for (const cluster of ['prod', 'nonprod'] as const) {
        const rows = await db(TABLES.snapshots).where({
          cluster,
          hour: hour(),
        });
        expect(rows.map(r => r.status)).toEqual(['ok']);
        const nodeHours = await db(TABLES.nodeHours).where({
          cluster,
          hour: hour(),
        });
        expect(nodeHours).toHaveLength(nodesOf(cluster));
        const daily = await db(TABLES.dailyCluster)
          .where({ cluster, day: today(), source: 'snapshot' })
          .first();
        expect(Number(daily.hours)).toBe(1);
        expect(Number(daily.node_hours)).toBe(nodesOf(cluster));
      }
    }

    it('stops a backfill between days when aborted, keeps whole days only, and the next run completes it', async () => {
      const db = await databases.init(databaseId);
      await migrateCostTables(db);
      sim.faults.set('opencost', { latencyMs: 40 });
      const controller = new AbortController();
      let calls = 0;
      const run = snapshotter(db, {
        onOpenCost: () => {
          calls++;
          if (calls === DAYS_BEFORE_ABORT) controller.abort();
        },
      }).run(controller.signal);
      await expect(run).rejects.toThrow(/abort/i);
      // At most the days already in flight were read after the abort (4 at a time).
      expect(calls).toBeLessThanOrEqual(DAYS_BEFORE_ABORT + 4);

      // prod was snapshotted, then its backfill was cut: not marked done, nonprod not reached.
      expect(await db(TABLES.backfills)).toEqual([]);
      expect(await db(TABLES.snapshots).where({ cluster: 'nonprod' })).toEqual(
        [],
      );
      const kept = await db(TABLES.dailyCluster).where({
        cluster: 'prod',
        source: 'billing',
      });
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(BACKFILL_DAYS);
      // Whole days only: every billed day kept has its services' share too.
      for (const day of kept.map(r => r.day)) {
        expect(
          await db(TABLES.dailyService)
            .where({ cluster: 'prod', day, source: 'billing' })
            .first(),
        ).toBeDefined();
      }

      sim.faults.clear();
      calls = 0;
      const results = await snapshotter(db, {
        onOpenCost: () => calls++,
      }).run(new AbortController().signal);
      expect(results.map(r => `${r.cluster} ${r.status}`)).toEqual([
        'prod skipped',
        'nonprod ok',
      ]);
      // Only the missing days were read again.
      expect(calls).toBe(2 * BACKFILL_DAYS - kept.length);
      for (const cluster of ['prod', 'nonprod']) {
        const days = await db(TABLES.dailyCluster)
          .where({ cluster, source: 'billing' })
          .pluck('day');
        expect(days).toHaveLength(BACKFILL_DAYS);
        expect(new Set(days).size).toBe(BACKFILL_DAYS);
      }
      expect((await db(TABLES.backfills)).map(b => b.cluster).sort()).toEqual([
        'nonprod',
        'prod',
      ]);
      await expectHourStoredOnce(db);
      await db.destroy();
    });

    it('rolls the hour back when aborted while writing it, and the next run stores it once', async () => {
      const db = await databases.init(databaseId);
      await migrateCostTables(db);
      const controller = new AbortController();
      // The abort arrives while the snapshot's transaction writes prod's service rollup.
      const onQuery = (q: { sql: string }) => {
        if (/cost_daily_service/.test(q.sql) && /insert/i.test(q.sql)) {
          controller.abort();
        }
      };
      db.on('query', onQuery);
      await expect(
        snapshotter(db, { billing: false }).run(controller.signal),
      ).rejects.toThrow(/abort/i);
      db.off('query', onQuery);
      for (const table of [
        TABLES.snapshots,
        TABLES.nodeHours,
        TABLES.dailyCluster,
        TABLES.dailyNodepool,
        TABLES.dailyService,
      ]) {
        expect(await db(table)).toEqual([]);
      }

      await snapshotter(db, { billing: false }).run();
      await expectHourStoredOnce(db);
      await db.destroy();
    });

    it('stores the hour once when two runs snapshot it at the same time', async () => {
      const db = await databases.init(databaseId);
      await migrateCostTables(db);
      const [a, b] = await Promise.all([
        snapshotter(db, { billing: false }).run(),
        snapshotter(db, { billing: false }).run(),
      ]);
      for (const cluster of ['prod', 'nonprod']) {
        const statuses = [a, b]
          .map(r => r.find(x => x.cluster === cluster)!.status)
          .sort();
        expect(statuses).toEqual(['ok', 'skipped']);
      }
      await expectHourStoredOnce(db);

      await db.destroy();
    });

    it('keeps an hour another run stored while this one failed to read the cluster', async () => {
      const db = await databases.init(databaseId);
      await migrateCostTables(db);
      // Run A checks the hour (not stored yet), then its reads wait until run B has stored it,
      // and fail: A's failure must not overwrite B's hour, or a third run would add it again.
      let release!: () => void;
      let entered!: () => void;
      const bDone = new Promise<void>(r => {
        release = r;
      });
      const aReading = new Promise<void>(r => {
        entered = r;
      });
      const a = snapshotter(db, {
        billing: false,
        beforeRead: async () => {
          entered();
          await bDone;
          throw new Error('connection reset');
        },
      }).run();
      await aReading;
      await snapshotter(db, { billing: false }).run();
      release();
      expect((await a).map(r => r.status)).toEqual(['failed', 'skipped']);
      expect(
        (await snapshotter(db, { billing: false }).run()).map(r => r.status),
      ).toEqual(['skipped', 'skipped']);
      await expectHourStoredOnce(db);
      await db.destroy();
    });
  },
);
