import pLimit from 'p-limit';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AnswerGuardPolicy,
  AnswerJudgement,
  createAnswerGuard,
} from '@internal/backend-answer-guard';
import { Knex } from 'knex';
import { allocateHour, WorkloadCost } from '../Allocation';
import {
  BilledUsage,
  CostExplorerReader,
  DailyAllocation,
  OpenCostReader,
} from '../Billing';
import { ServiceDirectory } from '../Catalog';
import { ClusterInventory } from '../Clusters';
import {
  TABLES,
  addDays,
  addToDaily,
  createSourceStatus,
  dayOf,
  hourOf,
  insertChunked,
} from '../CostStore';
import { PriceBook } from '../Prices';
import { createNodePricer } from './pricing';
import { createSpotRateReader } from './spotRates';

/** Facts about a workload in the latest snapshot, kept for the entity card's recommendations. */
export interface WorkloadFacts
  extends Omit<WorkloadCost, 'cost' | 'spotCost' | 'armCost'> {
  hourlyCost: number;
}

export interface SnapshotterOptions {
  db: Knex;
  logger: LoggerService;
  clusters: string[];
  /** The cluster's nodes, pods and PDBs; `signal` is the scheduled run's. */
  readInventory: (
    cluster: string,
    signal?: AbortSignal,
  ) => Promise<ClusterInventory>;
  prices: PriceBook;
  directory: () => Promise<ServiceDirectory>;
  costExplorer?: CostExplorerReader;
  openCost?: OpenCostReader;
  backfillDays: number;
  retentionDays: number;
  /**
   * When a successful answer (nodes, pods, billed lines, allocations) waits for confirmation by the
   * next run instead of being stored: default none after any, or half as many or fewer.
   */
  suspiciousDrop?: Partial<AnswerGuardPolicy>;
  now?: () => number;
}

/** A backfill that left days for the next run; `source` names the upstream that failed, if one did. */
export class BackfillIncompleteError extends Error {
  constructor(message: string, readonly source?: string) {
    super(message);
    this.name = 'BackfillIncompleteError';
  }
}

export interface SnapshotResult {
  cluster: string;
  hour: string;
  /** `held`: the cluster answered, but far fewer nodes or pods than stored: waits for the next run. */
  status: 'ok' | 'failed' | 'held' | 'skipped';
  nodes?: number;
  error?: string;
  /** Time taken by this cluster's snapshot alone (the backfill is logged on its own). */
  ms?: number;
}

const UNALLOCATED_NAMESPACE = '(not allocated: no OpenCost)';

/** Days of backfill read from OpenCost at once: enough to hide latency, light on the upstream. */
const BACKFILL_CONCURRENCY = 4;

/** A node name is unique in a cluster; an upstream that repeats one must not fail the snapshot. */
function withUniqueNodes(
  inventory: ClusterInventory,
  onDuplicate: (name: string) => void,
): ClusterInventory {
  const seen = new Set<string>();
  const nodes = inventory.nodes.filter(n => {
    if (seen.has(n.name)) {
      onDuplicate(n.name);
      return false;
    }
    seen.add(n.name);
    return true;
  });
  return nodes.length === inventory.nodes.length
    ? inventory
    : { ...inventory, nodes };
}

export function createSnapshotter(options: SnapshotterOptions) {
  const { db, logger, clusters, prices } = options;
  const now = options.now ?? Date.now;
  const guard = createAnswerGuard({
    db,
    table: TABLES.answerGuards,
    policy: options.suspiciousDrop,
    now,
  });
  const status = createSourceStatus(db, now);
  const spotRates = createSpotRateReader({
    costExplorer: options.costExplorer,
    guard,
    status,
    logger,
    now,
  });

  /** Judges a cluster's node and pod lists against the last stored ones. */
  async function judgeInventory(
    inventory: ClusterInventory,
  ): Promise<AnswerJudgement[]> {
    const { cluster } = inventory;
    const out: AnswerJudgement[] = [];
    for (const [what, unit, count] of [
      ['nodes', 'nodes', inventory.nodes.length],
      ['pods', 'running pods', inventory.pods.length],
    ] as const) {
      out.push(
        await guard.judge({
          key: `kubernetes:${cluster}:${what}`,
          source: `Kubernetes ${cluster}`,
          unit,
          count,
          scope: cluster,
        }),
      );
    }
    return out;
  }

  /**
   * This hour's snapshot of one cluster, written in one transaction. The hour is claimed inside
   * it (its `ok` row is written only if none is there yet), so two runs — a timed-out one still
   * finishing and the next on another replica — never add the same hour twice to the daily
   * rollups. `signal` aborting before the commit rolls the whole hour back.
   */
  async function snapshotCluster(
    cluster: string,
    directory: ServiceDirectory,
    signal?: AbortSignal,
  ): Promise<SnapshotResult> {
    const hour = hourOf(now());
    const day = hour.slice(0, 10);
    const done = await db(TABLES.snapshots)
      .where({ cluster, hour, status: 'ok' })
      .first();
    if (done) {
      // The hour is stored; the rates are still read, so a failing Cost Explorer shows now.
      await spotRates(cluster);
      return { cluster, hour, status: 'skipped' };
    }

    let inventory: ClusterInventory;
    try {
      inventory = await options.readInventory(cluster, signal);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn(`platform-cost: cannot read cluster ${cluster}: ${error}`);
      // Never over an `ok` row another run stored meanwhile: the hour would be snapshotted twice.
      await db(TABLES.snapshots)
        .insert({ cluster, hour, day, status: 'failed', error })
        .onConflict(['cluster', 'hour'])
        .merge(['status', 'error'])
        .where(`${TABLES.snapshots}.status`, '<>', 'ok');
      return { cluster, hour, status: 'failed', error };
    }

    inventory = withUniqueNodes(inventory, name =>
      logger.warn(
        `platform-cost: cluster ${cluster} lists node ${name} more than once; costing it once`,
      ),
    );
    // A node list 90 % shorter is not a consolidation until the next run says the same.
    const judgements = await judgeInventory(inventory);
    const held = judgements.flatMap(j => (j.held ? [j.held.message] : []));
    if (held.length) {
      const error = held.join('; ');
      logger.warn(`platform-cost: ${cluster} not snapshotted: ${error}`);
      await db(TABLES.snapshots)
        .insert({ cluster, hour, day, status: 'held', error })
        .onConflict(['cluster', 'hour'])
        .merge(['status', 'error'])
        .where(`${TABLES.snapshots}.status`, '<>', 'ok');
      return { cluster, hour, status: 'held', error };
    }
    for (const { confirmed } of judgements) {
      if (confirmed) {
        logger.warn(
          `platform-cost: ${confirmed.source} answered ${confirmed.count} ${confirmed.unit} again (had ${confirmed.acceptedCount}; first seen ${confirmed.since}): confirmed by a second run, stored`,
        );
      }
    }
    const spot = await spotRates(cluster);
    const priceOf = createNodePricer(prices, spot.rates, spot.source);
    const hourCost = allocateHour(inventory, priceOf);

    const facts: WorkloadFacts[] = hourCost.workloads
      .filter(w => w.kubernetesId)
      .map(({ cost, spotCost: _s, armCost: _a, ...rest }) => ({
        ...rest,
        hourlyCost: cost,
      }));

    const clusterRow = {
      day,
      cluster,
      source: 'snapshot',
      hours: 1,
      cost: 0,
      spot_cost: 0,
      arm_cost: 0,
      spot_on_demand_cost: 0,
      arm_x86_cost: 0,
      idle_cost: hourCost.idle,
      node_hours: hourCost.nodes.length,
      cpu_requested_hours: 0,
      cpu_allocatable_hours: 0,
    };
    const pools = new Map<string, Record<string, string | number>>();
    for (const n of hourCost.nodes) {
      const spotNode = n.capacityType === 'spot';
      const arm = n.arch === 'arm64';
      clusterRow.cost += n.price.hourly;
      if (spotNode) {
        clusterRow.spot_cost += n.price.hourly;
        clusterRow.spot_on_demand_cost += n.price.onDemandHourly;
      }
      if (arm) {
        clusterRow.arm_cost += n.price.hourly;
        clusterRow.arm_x86_cost += n.price.x86Hourly;
      }
      clusterRow.cpu_requested_hours += Math.min(
        n.cpuRequested,
        n.cpuAllocatable,
      );
      clusterRow.cpu_allocatable_hours += n.cpuAllocatable;
      const pool = pools.get(n.nodepool) ?? {
        day,
        cluster,
        nodepool: n.nodepool,
        source: 'snapshot',
        hours: 1,
        cost: 0,
        spot_cost: 0,
        arm_cost: 0,
        node_hours: 0,
      };
      (pool.cost as number) += n.price.hourly;
      if (spotNode) (pool.spot_cost as number) += n.price.hourly;
      if (arm) (pool.arm_cost as number) += n.price.hourly;
      (pool.node_hours as number) += 1;
      pools.set(n.nodepool, pool);
    }
    const serviceRows = hourCost.workloads.map(w => {
      const owner = w.kubernetesId
        ? directory(w.namespace, w.kubernetesId)
        : undefined;
      return {
        day,
        cluster,
        namespace: w.namespace,
        kubernetes_id: w.kubernetesId ?? '',
        entity_ref: owner?.entityRef ?? null,
        team: owner?.team ?? null,
        source: 'snapshot',
        hours: 1,
        cost: w.cost,
        spot_cost: w.spotCost,
        arm_cost: w.armCost,
      };
    });

    const flags = hourCost.nodes.flatMap(n => n.price.flags);
    signal?.throwIfAborted();
    let claimed = false;
    await db.transaction(async tx => {
      const previous = await tx(TABLES.snapshots)
        .where({ cluster, status: 'ok' })
        .andWhere('hour', '<', hour)
        .orderBy('hour', 'desc')
        .first('hour');
      // The claim: a concurrent claim of the same hour waits for this transaction (PostgreSQL's
      // row lock, SQLite's write lock) and then finds the row `ok`, writing nothing.
      claimed =
        (
          await tx(TABLES.snapshots)
            .insert({
              cluster,
              hour,
              day,
              status: 'ok',
              error: null,
              workloads: JSON.stringify(facts),
            })
            .onConflict(['cluster', 'hour'])
            .merge(['status', 'error', 'workloads'])
            .where(`${TABLES.snapshots}.status`, '<>', 'ok')
            .returning('cluster')
        ).length > 0;
      if (!claimed) return;
      // The baselines move with the hour they describe.
      for (const j of judgements) await j.accept(tx);
      await insertChunked(
        tx,
        TABLES.nodeHours,
        hourCost.nodes.map(n => ({
          cluster,
          hour,
          node: n.name,
          nodepool: n.nodepool,
          instance_type: n.instanceType,
          capacity_type: n.capacityType,
          arch: n.arch,
          zone: n.zone,
          hourly: n.price.hourly,
          on_demand_hourly: n.price.onDemandHourly,
          cpu_allocatable: n.cpuAllocatable,
          cpu_requested: n.cpuRequested,
          price_flag: n.price.flags.map(f => f.reason).join(' ') || null,
        })),
      );
      await addToDaily(
        tx,
        TABLES.dailyCluster,
        ['day', 'cluster'],
        [clusterRow],
      );
      await addToDaily(
        tx,
        TABLES.dailyNodepool,
        ['day', 'cluster', 'nodepool'],
        [...pools.values()] as any,
      );
      await addToDaily(
        tx,
        TABLES.dailyService,
        ['day', 'cluster', 'namespace', 'kubernetes_id'],
        serviceRows,
      );
      if (previous) {
        const current = new Set(hourCost.nodes.map(n => n.name));
        const before = await tx(TABLES.nodeHours)
          .where({ cluster, hour: previous.hour })
          .select('node', 'nodepool', 'instance_type', 'hourly');
        const removed = before
          .filter(n => !current.has(n.node))
          .map(n => ({ cluster, ...n, removed_at: hour }));
        if (removed.length) {
          for (let i = 0; i < removed.length; i += 100) {
            await tx(TABLES.removedNodes)
              .insert(removed.slice(i, i + 100))
              .onConflict(['cluster', 'node'])
              .ignore();
          }
        }
      }
      for (const f of new Map(
        flags.map(flag => [flag.instanceType + flag.costedAs, flag]),
      ).values()) {
        await tx(TABLES.priceFlags)
          .insert({
            instance_type: f.instanceType,
            costed_as: f.costedAs,
            reason: f.reason,
            last_seen: hour,
          })
          .onConflict('instance_type')
          .merge();
      }
      // Thrown inside the transaction: knex rolls the hour back.
      signal?.throwIfAborted();
    });
    if (!claimed) return { cluster, hour, status: 'skipped' };
    return { cluster, hour, status: 'ok', nodes: hourCost.nodes.length };
  }

  /** Cost of one backfilled day from its billed lines, split by OpenCost's allocation shares. */
  function billedDayRows(
    cluster: string,
    day: string,
    lines: BilledUsage[],
    shares: DailyAllocation[],
    directory: ServiceDirectory,
  ) {
    const row = {
      day,
      cluster,
      source: 'billing',
      hours: 24,
      cost: 0,
      spot_cost: 0,
      arm_cost: 0,
      spot_on_demand_cost: 0,
      arm_x86_cost: 0,
      idle_cost: 0,
      node_hours: 0,
      cpu_requested_hours: null as number | null,
      cpu_allocatable_hours: null as number | null,
    };
    for (const u of lines) {
      row.cost += u.cost;
      row.node_hours += u.hours;
      const onDemand = prices.onDemand(u.instanceType, u.region).hourly;
      if (u.spot) {
        row.spot_cost += u.cost;
        row.spot_on_demand_cost += u.hours * onDemand;
      }
      const x86Type = prices.x86Equivalent(u.instanceType);
      if (prices.archOf(u.instanceType) === 'arm64' && x86Type) {
        row.arm_cost += u.cost;
        row.arm_x86_cost +=
          (u.cost * prices.onDemand(x86Type, u.region).hourly) / onDemand;
      }
    }
    const serviceRows: Array<Record<string, string | number | null>> = [];
    const shareTotal = shares.reduce((s, a) => s + a.totalCost, 0);
    if (shareTotal > 0) {
      const cpuAll = shares.reduce((s, a) => s + a.cpuCoreHours, 0);
      row.cpu_allocatable_hours = cpuAll;
      row.cpu_requested_hours = shares
        .filter(a => !a.idle)
        .reduce((s, a) => s + a.cpuCoreHours, 0);
      const byWorkload = new Map<
        string,
        { namespace: string; id: string; cost: number }
      >();
      for (const a of shares) {
        const cost = (row.cost * a.totalCost) / shareTotal;
        if (a.idle) {
          row.idle_cost += cost;
          continue;
        }
        const key = `${a.namespace}/${a.kubernetesId ?? ''}`;
        const w = byWorkload.get(key) ?? {
          namespace: a.namespace ?? '',
          id: a.kubernetesId ?? '',
          cost: 0,
        };
        w.cost += cost;
        byWorkload.set(key, w);
      }
      for (const w of byWorkload.values()) {
        const owner = w.id ? directory(w.namespace, w.id) : undefined;
        serviceRows.push({
          day,
          cluster,
          namespace: w.namespace,
          kubernetes_id: w.id,
          entity_ref: owner?.entityRef ?? null,
          team: owner?.team ?? null,
          source: 'billing',
          hours: 24,
          cost: w.cost,
          spot_cost: 0,
          arm_cost: 0,
        });
      }
    } else {
      serviceRows.push({
        day,
        cluster,
        namespace: UNALLOCATED_NAMESPACE,
        kubernetes_id: '',
        entity_ref: null,
        team: null,
        source: 'billing',
        hours: 24,
        cost: row.cost,
        spot_cost: 0,
        arm_cost: 0,
      });
    }
    return { clusterRow: row, serviceRows };
  }

  /**
   * First run only: fills the days before the first snapshot from upstreams that keep history —
   * Cost Explorer's billed EC2 compute of the cluster's nodes (DAILY), split between services and
   * idle capacity by OpenCost's daily allocation shares. Rows are marked `source = billing`.
   *
   * OpenCost is read one day at a time (a 90-day window of a large cluster is hundreds of MB) with
   * bounded concurrency, and each day is written on its own: a run that fails part-way resumes
   * with the missing days next time.
   */
  async function backfill(
    cluster: string,
    directory: ServiceDirectory,
    signal?: AbortSignal,
  ) {
    if (await db(TABLES.backfills).where({ cluster }).first()) return 'before';
    const started = Date.now();
    const firstSnapshot = await db(TABLES.snapshots)
      .where({ cluster, status: 'ok' })
      .min({ day: 'day' })
      .first();
    const end = firstSnapshot?.day ?? dayOf(now());
    const start = addDays(end, -options.backfillDays);
    if (!options.costExplorer) {
      await db(TABLES.backfills).insert({
        cluster,
        done_at: new Date(now()).toISOString(),
        note: 'No Cost Explorer configured: history starts with the first snapshot.',
      });
      return 'done';
    }
    const costExplorer = options.costExplorer;
    const billed = Promise.all([
      costExplorer.usageByInstanceType(cluster, start, end, { everyDay: true }),
      costExplorer.usageByNodepool(cluster, start, end, { everyDay: true }),
    ]).catch(e => {
      throw new BackfillIncompleteError(
        `Cost Explorer: ${e instanceof Error ? e.message : e}`,
        `Cost Explorer (${cluster})`,
      );
    });
    const [[usage, pools], done] = await Promise.all([
      billed,
      db(TABLES.dailyCluster)
        .where({ cluster, source: 'billing' })
        .andWhere('day', '>=', start)
        .andWhere('day', '<', end)
        .pluck('day'),
    ]);

    const days = new Map<string, BilledUsage[]>();
    for (const u of usage) {
      if (u.hours <= 0 && u.cost <= 0) continue;
      days.set(u.day, [...(days.get(u.day) ?? []), u]);
    }
    const alreadyDone = new Set<string>(done);
    const pending = [...days.keys()].filter(d => !alreadyDone.has(d)).sort();
    /** Days not stored, each with the upstream that failed (none for a held answer). */
    const failures: Array<{ day: string; error: string; source?: string }> = [];
    const limit = pLimit(BACKFILL_CONCURRENCY);
    // Days of one run never confirm each other's drop: only the next run does.
    const runStartedAt = now();
    const readDay = async (day: string) => {
      // Aborted: the days not started are left for the next run, like failed ones.
      if (signal?.aborted) return;
      let shares: DailyAllocation[] = [];
      try {
        if (options.openCost) {
          shares = await options.openCost(cluster, day, addDays(day, 1));
        }
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        failures.push({ day, error, source: `OpenCost (${cluster})` });
        return;
      }
      try {
        const dayShares = shares.filter(a => a.day === day);
        // Far fewer workloads than the last day stored would move their cost to idle: held.
        const verdict = options.openCost
          ? await guard.judge({
              key: `opencost:${cluster}:allocations`,
              source: `OpenCost (${cluster})`,
              unit: `workload allocations for ${day}`,
              count: dayShares.filter(a => !a.idle).length,
              scope: cluster,
              runStartedAt,
            })
          : undefined;
        if (verdict && !verdict.store) {
          failures.push({ day, error: verdict.held!.message });
          return;
        }
        const { clusterRow, serviceRows } = billedDayRows(
          cluster,
          day,
          days.get(day)!,
          dayShares,
          directory,
        );
        const poolRows = new Map<string, Record<string, string | number>>();
        for (const p of pools) {
          if (p.day !== day) continue;
          const row = poolRows.get(p.nodepool) ?? {
            day,
            cluster,
            nodepool: p.nodepool,
            source: 'billing',
            hours: 24,
            cost: 0,
            spot_cost: 0,
            arm_cost: 0,
            node_hours: 0,
          };
          (row.cost as number) += p.cost;
          if (p.spot) (row.spot_cost as number) += p.cost;
          (row.node_hours as number) += p.hours;
          poolRows.set(p.nodepool, row);
        }
        await db.transaction(async tx => {
          await insertChunked(tx, TABLES.dailyCluster, [clusterRow]);
          await insertChunked(tx, TABLES.dailyNodepool, [...poolRows.values()]);
          await insertChunked(tx, TABLES.dailyService, serviceRows);
          await verdict?.accept(tx);
          signal?.throwIfAborted();
        });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        failures.push({ day, error, source: `Pier's cost store (${cluster})` });
      }
    };
    await Promise.all(pending.map(day => limit(() => readDay(day))));
    // Not marked done: the next run fetches only the days still missing.
    signal?.throwIfAborted();
    if (failures.length) {
      failures.sort((a, b) => (a.day < b.day ? -1 : 1));
      const first = failures.find(f => f.source) ?? failures[0];
      throw new BackfillIncompleteError(
        `${failures.length} of ${pending.length} days not backfilled (kept ${
          pending.length - failures.length
        }; the next run fetches only the missing days). First: ${first.day}: ${
          first.error
        }`,
        first.source,
      );
    }
    const sorted = [...days.keys()].sort();
    await db(TABLES.backfills).insert({
      cluster,
      done_at: new Date(now()).toISOString(),
      first_day: sorted[0] ?? null,
      last_day: sorted[sorted.length - 1] ?? null,
      note: options.openCost
        ? 'Cost Explorer (billed EC2 compute of the cluster’s nodes) split between services and idle by OpenCost’s daily allocation shares'
        : 'Cost Explorer (billed EC2 compute of the cluster’s nodes); no OpenCost, so not split by service',
    });
    logger.info(
      `platform-cost: backfilled ${cluster} with ${
        pending.length
      } days from billing in ${Date.now() - started} ms (${
        alreadyDone.size
      } already there)`,
    );
    return 'done';
  }

  /** The backfill, its outcome kept as the billing sources' status. */
  async function backfillAndRecord(
    cluster: string,
    directory: ServiceDirectory,
    signal?: AbortSignal,
  ) {
    const source = {
      key: `backfill:${cluster}`,
      source: `Billing history (${cluster})`,
      cluster,
    };
    try {
      if ((await backfill(cluster, directory, signal)) === 'done') {
        await status.ok(source);
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      logger.warn(
        `platform-cost: backfill of ${cluster} failed, will retry next run: ${e}`,
      );
      const named = e instanceof BackfillIncompleteError ? e : undefined;
      // Only held days: the held answer says it on the page already.
      if (named && !named.source) return;
      await status.failed(
        { ...source, source: named?.source ?? source.source },
        e instanceof Error ? e.message : String(e),
        `History of ${cluster} before its first snapshot misses the days not read; each run reads them again.`,
      );
    }
  }

  async function prune() {
    const cutoffDay = addDays(dayOf(now()), -options.retentionDays);
    const cutoffHour = `${cutoffDay}T00:00:00Z`;
    for (const table of [
      TABLES.dailyCluster,
      TABLES.dailyNodepool,
      TABLES.dailyService,
    ]) {
      await db(table).where('day', '<', cutoffDay).delete();
    }
    await db(TABLES.snapshots).where('day', '<', cutoffDay).delete();
    await db(TABLES.nodeHours).where('hour', '<', cutoffHour).delete();
    await db(TABLES.removedNodes).where('removed_at', '<', cutoffHour).delete();
  }

  return {
    snapshotCluster,
    backfill,
    prune,
    /**
     * One scheduled run: backfill on first run, then this hour's snapshot of every cluster. When
     * `signal` aborts, the run rejects with its reason at the next step: what was committed stays
     * (whole hours, whole backfilled days), what was being written is rolled back.
     */
    async run(signal?: AbortSignal): Promise<SnapshotResult[]> {
      const directory = await options.directory();
      const results: SnapshotResult[] = [];
      for (const cluster of clusters) {
        signal?.throwIfAborted();
        const started = Date.now();
        const result = await snapshotCluster(cluster, directory, signal);
        results.push({ ...result, ms: Date.now() - started });
        await backfillAndRecord(cluster, directory, signal);
      }
      signal?.throwIfAborted();
      await prune();
      return results;
    },
  };
}

export type Snapshotter = ReturnType<typeof createSnapshotter>;
