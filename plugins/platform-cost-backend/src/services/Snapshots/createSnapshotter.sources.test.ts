import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { FaultSpec, PlatformSim } from '@internal/platform-sim';
import { Knex } from 'knex';
import { readClusterInventory } from '../Clusters';
import { TABLES, hourOf, migrateCostTables } from '../CostStore';
import { loadPriceBook } from '../Prices';
import { createSnapshotter } from './createSnapshotter';
import {
  simReports,
  simUpstreams,
  startSimOnSteadyClock,
} from './__testUtils__/simUpstreams';

const HOUR = 3_600_000;
const BACKFILL_DAYS = 5;

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** platform-sim's faults that make a read fail (a held answer is createSnapshotter.answers.test's). */
const FAILING: Array<[string, FaultSpec]> = [
  ['5xx', { errorRate: 1, errorStatus: 503 }],
  ['429 with Retry-After', { status429RetryAfter: 1 }],
  ['hang past the timeout', { hang: true }],
  ['malformed body', { malformed: true }],
  ['connection reset', { reset: true }],
  ['200 {}', { empty: true }],
];

/**
 * Cost Explorer's spot rates and the OpenCost backfill under each failing answer, driven through
 * platform-sim's faults: the dashboard names the source, since when and what the figures do, and
 * nothing good is lost meanwhile.
 */
describe.each(databases.eachSupportedId())(
  'sources a cost run reads besides the clusters, on %s',
  databaseId => {
    let sim: PlatformSim;
    let db: Knex;
    let now: number;
    const logger = mockServices.logger.mock();
    const prices = loadPriceBook();

    const build = () => {
      const up = simUpstreams(sim, { timeoutMs: 400, maxAttempts: 1 });
      return createSnapshotter({
        db,
        logger,
        clusters: ['prod', 'nonprod'],
        readInventory: cluster => readClusterInventory(up.get, cluster),
        prices,
        directory: up.directory,
        costExplorer: up.costExplorer,
        openCost: up.openCost,
        backfillDays: BACKFILL_DAYS,
        retentionDays: 90,
        now: () => now,
      });
    };
    const dashboard = () =>
      simReports(db, prices, () => now).dashboard({
        cluster: 'prod',
        days: 30,
      });
    /** Instance types whose spot nodes were priced at on-demand in this hour's snapshot. */
    const flagged = async (hour: string) =>
      (
        await db(TABLES.priceFlags).where({
          last_seen: hour,
          costed_as: 'on-demand',
        })
      )
        .map(f => f.instance_type)
        .sort();
    const billedDays = async () =>
      (
        await db(TABLES.dailyCluster).where({
          cluster: 'prod',
          source: 'billing',
        })
      ).length;

    beforeAll(async () => {
      sim = await startSimOnSteadyClock();
      now = sim.scenario.now + 5 * 60_000;
    });

    beforeEach(async () => {
      db = await databases.init(databaseId);
      await migrateCostTables(db);
    });

    afterEach(async () => {
      sim.faults.clear();
      await db.destroy();
    });

    afterAll(async () => {
      await sim?.stop();
    });

    it.each(FAILING)(
      'OpenCost failing the backfill (%s): said with since when, the missing days read by the next run',
      async (_name, fault) => {
        sim.faults.set('opencost', fault);
        const started = now;
        await build().run();
        expect(await db(TABLES.backfills).where({ cluster: 'prod' })).toEqual(
          [],
        );
        expect(await billedDays()).toBe(0);
        const failing = (await dashboard()).sourceProblems ?? [];
        expect(failing).toEqual([
          expect.objectContaining({
            source: 'OpenCost (prod)',
            cluster: 'prod',
            problem: expect.stringMatching(/days not backfilled/),
            lastGoodAt: null,
            consequence: expect.stringMatching(/reads them again/),
          }),
        ]);
        expect(Date.parse(failing[0].since)).toBeGreaterThanOrEqual(started);

        // Still failing an hour later: since when stays the first failure's.
        now += HOUR;
        await build().run();
        const later = (await dashboard()).sourceProblems ?? [];
        expect(later.map(p => p.since)).toEqual([failing[0].since]);

        sim.faults.clear();
        now += HOUR;
        await build().run();
        expect(await billedDays()).toBe(BACKFILL_DAYS);
        expect((await dashboard()).sourceProblems).toEqual([]);
      },
    );

    it.each(FAILING)(
      'Cost Explorer failing (%s) mid-hour: said within a run, spot nodes keep the last good rates',
      async (_name, fault) => {
        await build().run();
        const flaggedFirst = await flagged(hourOf(now));
        const rated = await db(TABLES.sourceStatus)
          .where({ key: 'costexplorer:prod:spot-rates' })
          .first();
        expect(JSON.parse(rated.last_good).length).toBeGreaterThan(0);

        // The hour is already stored: the next run still reads the rates and says they fail.
        sim.faults.set('aws.costexplorer', fault);
        now += 60_000;
        const skipped = await build().run();
        expect(skipped.map(r => r.status)).toEqual(['skipped', 'skipped']);
        const failing = (await dashboard()).sourceProblems ?? [];
        expect(failing).toContainEqual(
          expect.objectContaining({
            source: 'Cost Explorer (prod)',
            lastGoodAt: new Date(Number(rated.ok_at)).toISOString(),
            consequence: expect.stringMatching(
              /spot rates of the last good answer/,
            ),
          }),
        );

        // Next hour, still failing: spot nodes are priced at the kept rates, no more of them at
        // on-demand than with the good answer.
        now += HOUR;
        await build().run();
        expect(await flagged(hourOf(now))).toEqual(flaggedFirst);

        sim.faults.clear();
        now += 60_000;
        await build().run();
        expect(
          ((await dashboard()).sourceProblems ?? []).filter(p =>
            /Cost Explorer/.test(p.source),
          ),
        ).toEqual([]);
      },
    );
  },
);
