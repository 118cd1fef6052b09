import { createAnswerGuard } from '@internal/backend-answer-guard';
import {
  CostDashboard,
  CostDay,
  CostLine,
  EntityCost,
  HeldAnswer,
  NodeCount,
  Recommendation,
} from '@internal/plugin-platform-cost-common';
import { Knex } from 'knex';
import { CPU_WEIGHT } from '../Allocation';
import { TABLES, addDays, createSourceStatus, dayOf } from '../CostStore';
import { PriceBook } from '../Prices';
import { WorkloadFacts } from '../Snapshots';

export const DAYS_PER_MONTH = 30.4;
const HOURS_PER_MONTH = 24 * DAYS_PER_MONTH;
export const IDLE_KEY = '__idle__';
/** The ranges the cost page offers, in days. */
export const DASHBOARD_RANGES = [30, 90] as const;
const IDLE_TITLE = 'Idle capacity (requested by no pod)';
const NO_TEAM = '(no owner in the catalog)';

/** Requests are "far above usage" below this share used; the recommendation leaves this headroom. */
const LOW_USAGE = 0.5;
const HEADROOM = 1.3;

export interface RequestCounter {
  (service: string, fromMs: number, toMs: number): Promise<
    | { status: 'ok'; requests: number }
    | { status: 'unavailable'; message: string }
  >;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * Cost, spot and arm64 cost of the hourly snapshots only: placement (spot, arm64) of a workload or
 * pool is known from the snapshots' nodes, while billed days carry only what the bill says. Shares
 * are therefore snapshot spot ÷ snapshot cost, never spot of one source over cost of another.
 */
function snapshotSums(db: Knex) {
  return ['cost', 'spot_cost', 'arm_cost'].map(column =>
    db.raw(
      `SUM(CASE WHEN source = 'snapshot' THEN ${column} ELSE 0 END) AS ${
        column === 'cost' ? 'snapshot_cost' : `snapshot_${column}`
      }`,
    ),
  );
}

export function createCostReports(options: {
  db: Knex;
  clusters: string[];
  prices: PriceBook;
  spotRateSource: string;
  requests?: RequestCounter;
  now?: () => number;
}) {
  const { db, clusters, prices } = options;
  const now = options.now ?? Date.now;
  const guard = createAnswerGuard({ db, table: TABLES.answerGuards });
  const sources = createSourceStatus(db, now);

  /** Answers held about the given clusters (or about none in particular). */
  async function heldAbout(selected: string[]): Promise<HeldAnswer[]> {
    return (await guard.held())
      .filter(h => h.scope === undefined || selected.includes(h.scope))
      .map(h => ({
        source: h.source,
        unit: h.unit,
        ...(h.scope !== undefined ? { cluster: h.scope } : {}),
        count: h.count,
        acceptedCount: h.acceptedCount,
        acceptedAt: h.acceptedAt,
        since: h.since,
        message: h.message,
      }));
  }

  async function dashboard(query: {
    cluster?: string;
    days: number;
  }): Promise<CostDashboard> {
    const today = dayOf(now());
    const from = addDays(today, -(query.days - 1));
    const selected =
      query.cluster && query.cluster !== 'all' ? [query.cluster] : clusters;
    const inClusters = (q: Knex.QueryBuilder) => q.whereIn('cluster', selected);

    const [
      clusterRowsRaw,
      failed,
      serviceRows,
      poolRows,
      removed,
      flags,
      backfills,
      latest,
      keptNodes,
    ] = await Promise.all([
      inClusters(db(TABLES.dailyCluster).where('day', '>=', from)).select(),
      // Hours not stored: the cluster could not be read, or its answer waits for confirmation.
      inClusters(
        db(TABLES.snapshots)
          .where('day', '>=', from)
          .whereIn('status', ['failed', 'held']),
      )
        .select('day', 'cluster')
        .count({ n: '*' })
        .groupBy('day', 'cluster'),
      inClusters(db(TABLES.dailyService).where('day', '>=', from))
        .select('namespace', 'kubernetes_id')
        .max({ entity_ref: 'entity_ref', team: 'team' })
        .sum({ cost: 'cost', spot_cost: 'spot_cost', arm_cost: 'arm_cost' })
        .select(snapshotSums(db))
        .groupBy('namespace', 'kubernetes_id'),
      inClusters(db(TABLES.dailyNodepool).where('day', '>=', from))
        .select('nodepool')
        .sum({ cost: 'cost', spot_cost: 'spot_cost', arm_cost: 'arm_cost' })
        .select(snapshotSums(db))
        .groupBy('nodepool'),
      inClusters(
        db(TABLES.removedNodes).where('removed_at', '>=', `${from}T00:00:00Z`),
      ).select('hourly', 'removed_at'),
      db(TABLES.priceFlags)
        .where('last_seen', '>=', `${from}T00:00:00Z`)
        .select(),
      inClusters(db(TABLES.backfills)).select(),
      db(TABLES.snapshots)
        .whereIn('cluster', selected)
        .select('cluster', 'status', 'error', 'hour')
        .whereIn(
          ['cluster', 'hour'],
          db(TABLES.snapshots).select('cluster').max('hour').groupBy('cluster'),
        ),
      inClusters(db(TABLES.dailyCluster).where('hours', '>', 0))
        .select(
          'day',
          db.raw('COUNT(*) AS clusters'),
          db.raw('SUM(node_hours / hours) AS nodes'),
        )
        .groupBy('day')
        .orderBy('day'),
    ]);

    const clusterRows: any[] = clusterRowsRaw;
    // Trend: one point per day of the range, gaps included.
    const failedHours = new Map<string, number>();
    for (const f of failed as any[]) {
      failedHours.set(f.day, (failedHours.get(f.day) ?? 0) + num(f.n));
    }
    const byDay = new Map<string, any[]>();
    for (const r of clusterRows)
      byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
    const trend: CostDay[] = [];
    for (let day = from; day <= today; day = addDays(day, 1)) {
      const rows = byDay.get(day) ?? [];
      const covered = rows.filter(r => num(r.hours) > 0);
      const sum = (f: string) => rows.reduce((s, r) => s + num(r[f]), 0);
      const requested = rows.filter(r => r.cpu_requested_hours !== null);
      const alloc = requested.reduce(
        (s, r) => s + num(r.cpu_allocatable_hours),
        0,
      );
      trend.push({
        day,
        source: rows.some(r => r.source === 'snapshot')
          ? 'snapshot'
          : 'billing',
        hoursCovered:
          rows.length < selected.length
            ? 0
            : Math.min(...rows.map(r => num(r.hours))),
        hoursFailed: failedHours.get(day) ?? 0,
        cost: sum('cost'),
        dailyRate: covered.length
          ? covered.reduce((s, r) => s + (num(r.cost) * 24) / num(r.hours), 0)
          : null,
        spotCost: sum('spot_cost'),
        onDemandCost: sum('cost') - sum('spot_cost'),
        idleCost: sum('idle_cost'),
        nodes: covered.reduce(
          (s, r) => s + num(r.node_hours) / num(r.hours),
          0,
        ),
        binPacking: alloc
          ? requested.reduce((s, r) => s + num(r.cpu_requested_hours), 0) /
            alloc
          : null,
      });
    }

    const total = clusterRows.reduce((s, r) => s + num(r.cost), 0);
    const idle = clusterRows.reduce((s, r) => s + num(r.idle_cost), 0);
    const coveredDays = Math.max(
      0,
      ...selected.map(
        c =>
          clusterRows
            .filter(r => r.cluster === c)
            .reduce((s, r) => s + num(r.hours), 0) / 24,
      ),
    );
    const monthly = (cost: number) =>
      coveredDays ? (cost / coveredDays) * DAYS_PER_MONTH : 0;
    const line = (
      key: string,
      title: string,
      cost: number,
      snapshotCost: number,
      spot: number,
      arm: number,
      extra: Partial<CostLine> = {},
    ): CostLine => ({
      key,
      title,
      cost,
      share: total ? cost / total : 0,
      // Spot/arm placement per workload is known only from snapshots, not from the bill.
      spotShare: snapshotCost ? spot / snapshotCost : 0,
      armShare: snapshotCost ? arm / snapshotCost : 0,
      monthly: monthly(cost),
      ...extra,
    });

    const idleLine = line(IDLE_KEY, IDLE_TITLE, idle, 0, 0, 0);
    const services = (serviceRows as any[])
      .map(r =>
        line(
          `${r.namespace}/${r.kubernetes_id}`,
          r.kubernetes_id ||
            `${r.namespace} (pods without a kubernetes-id label)`,
          num(r.cost),
          num(r.snapshot_cost),
          num(r.snapshot_spot_cost),
          num(r.snapshot_arm_cost),
          { team: r.team ?? undefined, entityRef: r.entity_ref ?? undefined },
        ),
      )
      .sort((a, b) => b.cost - a.cost);
    const teamSums = new Map<
      string,
      { cost: number; snap: number; spot: number; arm: number }
    >();
    for (const r of serviceRows as any[]) {
      const t = teamSums.get(r.team ?? NO_TEAM) ?? {
        cost: 0,
        snap: 0,
        spot: 0,
        arm: 0,
      };
      t.cost += num(r.cost);
      t.snap += num(r.snapshot_cost);
      t.spot += num(r.snapshot_spot_cost);
      t.arm += num(r.snapshot_arm_cost);
      teamSums.set(r.team ?? NO_TEAM, t);
    }
    const teams = [...teamSums]
      .map(([team, t]) =>
        line(
          team,
          team.replace(/^group:default\//, ''),
          t.cost,
          t.snap,
          t.spot,
          t.arm,
          {
            team: team === NO_TEAM ? undefined : team,
          },
        ),
      )
      .sort((a, b) => b.cost - a.cost);
    const nodepools = (poolRows as any[])
      .map(r =>
        line(
          r.nodepool,
          r.nodepool,
          num(r.cost),
          num(r.snapshot_cost),
          num(r.snapshot_spot_cost),
          num(r.snapshot_arm_cost),
        ),
      )
      .sort((a, b) => b.cost - a.cost);

    const spotActual = clusterRows.reduce((s, r) => s + num(r.spot_cost), 0);
    const spotCounterfactual = clusterRows.reduce(
      (s, r) => s + num(r.spot_on_demand_cost),
      0,
    );
    const armActual = clusterRows.reduce((s, r) => s + num(r.arm_cost), 0);
    const armCounterfactual = clusterRows.reduce(
      (s, r) => s + num(r.arm_x86_cost),
      0,
    );
    const nowMs = now();
    const withNodes = trend.filter(
      d => d.hoursCovered > 0 || d.dailyRate !== null,
    );

    const runRate = selected.map(cluster => {
      const rows = clusterRows
        .filter(r => r.cluster === cluster && num(r.hours) > 0)
        .sort((a, b) => (a.day < b.day ? 1 : -1))
        .slice(0, 7);
      return {
        cluster,
        monthly: rows.length
          ? (rows.reduce((s, r) => s + (num(r.cost) * 24) / num(r.hours), 0) /
              rows.length) *
            DAYS_PER_MONTH
          : null,
        asOf: rows[0]?.day ?? null,
      };
    });

    const stale = [];
    for (const cluster of selected) {
      const last = (latest as any[]).find(l => l.cluster === cluster);
      if (last?.status === 'failed') {
        const ok = await db(TABLES.snapshots)
          .where({ cluster, status: 'ok' })
          .max({ hour: 'hour' })
          .first();
        stale.push({
          cluster,
          lastSuccess: ok?.hour ?? null,
          error: last.error ?? 'unknown error',
        });
      }
    }

    return {
      clusters,
      cluster: query.cluster ?? 'all',
      days: query.days,
      generatedAt: new Date(nowMs).toISOString(),
      runRate,
      trend,
      total,
      idle,
      teams: [...teams, idleLine],
      services: [...services, idleLine],
      nodepools,
      spot: {
        actual: spotActual,
        counterfactual: spotCounterfactual,
        saved: spotCounterfactual - spotActual,
        share: total ? spotActual / total : 0,
      },
      graviton: {
        actual: armActual,
        counterfactual: armCounterfactual,
        saved: armCounterfactual - armActual,
        share: total ? armActual / total : 0,
      },
      consolidation: {
        removed: {
          count: removed.length,
          wouldHaveCost: removed.reduce(
            (s: number, r: any) =>
              s +
              (num(r.hourly) * Math.max(0, nowMs - Date.parse(r.removed_at))) /
                3_600_000,
            0,
          ),
        },
        nodesFirst: withNodes[0]?.nodes ?? null,
        nodesLast: withNodes[withNodes.length - 1]?.nodes ?? null,
        kept: keptNodeCounts(
          (keptNodes as any[])
            .filter(d => num(d.clusters) === selected.length)
            .map(d => ({ day: d.day, nodes: num(d.nodes) })),
        ),
        binPacking: (() => {
          const rows = clusterRows.filter(
            r => r.cpu_allocatable_hours !== null,
          );
          const alloc = rows.reduce(
            (s, r) => s + num(r.cpu_allocatable_hours),
            0,
          );
          return alloc
            ? rows.reduce((s, r) => s + num(r.cpu_requested_hours), 0) / alloc
            : null;
        })(),
      },
      priceFlags: flags.map(f => ({
        instanceType: f.instance_type,
        costedAs: f.costed_as,
        reason: f.reason,
      })),
      provenance: {
        priceTables: prices.provenance(),
        spotRates: options.spotRateSource,
        backfill: backfills.length
          ? backfills
              .map((b: any) =>
                b.first_day
                  ? `${b.cluster}: ${b.first_day} → ${b.last_day} from ${b.note}`
                  : `${b.cluster}: ${b.note}`,
              )
              .join('; ')
          : null,
      },
      stale,
      held: await heldAbout(selected),
      sourceProblems: await sources.problems(selected),
    };
  }

  async function entityCost(query: {
    entityRef: string;
    kubernetesId: string;
    namespace?: string;
  }): Promise<EntityCost> {
    const today = dayOf(now());
    const from = addDays(today, -29);
    const match = (q: Knex.QueryBuilder) => {
      q.where({ kubernetes_id: query.kubernetesId });
      if (query.namespace) q.where({ namespace: query.namespace });
      return q;
    };
    const [rowsRaw, hours, snapshots, armRatio] = await Promise.all([
      match(db(TABLES.dailyService).where('day', '>=', from)).select(
        'day',
        'cluster',
        'source',
        'cost',
        'spot_cost',
        'arm_cost',
      ),
      db(TABLES.dailyCluster)
        .where('day', '>=', from)
        .select('day', 'cluster', 'hours'),
      db(TABLES.snapshots)
        .where({ status: 'ok' })
        .whereIn(
          ['cluster', 'hour'],
          db(TABLES.snapshots)
            .where({ status: 'ok' })
            .select('cluster')
            .max('hour')
            .groupBy('cluster'),
        )
        .select('cluster', 'workloads'),
      db(TABLES.dailyCluster)
        .where('day', '>=', addDays(today, -6))
        .select('cluster')
        .sum({ arm: 'arm_cost', x86: 'arm_x86_cost' })
        .groupBy('cluster'),
    ]);
    const rows: any[] = rowsRaw;
    const clusterHours = new Map<string, number>(
      hours.map((h: any) => [`${h.day}/${h.cluster}`, num(h.hours)]),
    );
    const coveredDays = Math.max(
      0,
      ...clusters.map(
        c =>
          hours
            .filter((h: any) => h.cluster === c)
            .reduce((s: number, h: any) => s + num(h.hours), 0) / 24,
      ),
    );
    const cost = rows.reduce((s: number, r: any) => s + num(r.cost), 0);
    const snapshotRows = rows.filter((r: any) => r.source === 'snapshot');
    const snapCost = snapshotRows.reduce(
      (s: number, r: any) => s + num(r.cost),
      0,
    );
    const perMonth = (c: number) =>
      coveredDays ? (c / coveredDays) * DAYS_PER_MONTH : 0;

    const trendMap = new Map<string, number>();
    // A partly covered day (today, or a gap) is scaled to 24 hours, like the dashboard's trend.
    for (const r of rows) {
      const covered = clusterHours.get(`${r.day}/${r.cluster}`) || 24;
      trendMap.set(
        r.day,
        (trendMap.get(r.day) ?? 0) + (num(r.cost) * 24) / covered,
      );
    }
    const trend = [];
    for (let day = from; day <= today; day = addDays(day, 1)) {
      trend.push({ day, cost: trendMap.get(day) ?? 0 });
    }

    const recommendations: Recommendation[] = [];
    const facts = snapshots.flatMap((s: any) =>
      (JSON.parse(s.workloads ?? '[]') as WorkloadFacts[])
        .filter(
          w =>
            w.kubernetesId === query.kubernetesId &&
            (!query.namespace || w.namespace === query.namespace),
        )
        .map(w => ({ ...w, cluster: s.cluster as string })),
    );
    for (const w of facts) {
      const cpuUse = w.cpuRequestedMeasured
        ? w.cpuUsed / w.cpuRequestedMeasured
        : undefined;
      const memUse = w.memoryRequestedMeasured
        ? w.memoryUsed / w.memoryRequestedMeasured
        : undefined;
      if (cpuUse !== undefined && cpuUse < LOW_USAGE) {
        const perReplica = w.cpuRequested / w.replicas;
        const suggested = Math.ceil(perReplica * cpuUse * HEADROOM * 100) / 100;
        const cpuCut = 1 - Math.min(1, cpuUse * HEADROOM);
        recommendations.push({
          kind: 'rightsize-requests',
          cluster: w.cluster,
          title: `CPU requests far above usage in ${w.cluster}`,
          detail: `Replicas use ${Math.round(
            cpuUse * 100,
          )} % of the ${formatCpu(
            perReplica,
          )} CPU they request. Lowering the request to about ${formatCpu(
            suggested,
          )} (usage + 30 % headroom) frees that capacity for other pods and lets Karpenter consolidate.${
            memUse !== undefined && memUse < LOW_USAGE
              ? ` Memory is also low: ${Math.round(
                  memUse * 100,
                )} % of the request is used.`
              : ''
          }`,
          monthlySaving: w.hourlyCost * CPU_WEIGHT * cpuCut * HOURS_PER_MONTH,
        });
      }
    }
    if (facts.length && facts.every(w => w.armReplicas === 0)) {
      const hourly = facts.reduce((s, w) => s + w.hourlyCost, 0);
      const ratios = armRatio.filter((r: any) => num(r.x86) > 0);
      const discount = ratios.length
        ? 1 -
          ratios.reduce((s: number, r: any) => s + num(r.arm), 0) /
            ratios.reduce((s: number, r: any) => s + num(r.x86), 0)
        : undefined;
      recommendations.push({
        kind: 'multi-arch-image',
        cluster: facts.map(f => f.cluster).join(', '),
        title: 'Not running on Graviton (arm64)',
        detail: `Every replica runs on amd64 nodes, so the image is probably built for amd64 only. Publish a multi-arch image (docker buildx build --platform linux/amd64,linux/arm64) and allow the graviton nodepool.${
          discount !== undefined
            ? ` Graviton nodes cost ${Math.round(
                discount * 100,
              )} % less than the equivalent x86 type here.`
            : ''
        }`,
        monthlySaving:
          discount !== undefined
            ? hourly * discount * HOURS_PER_MONTH
            : undefined,
      });
    }
    for (const w of facts) {
      if (w.spotReplicas > 0 && !w.hasDisruptionBudget) {
        recommendations.push({
          kind: 'pod-disruption-budget',
          cluster: w.cluster,
          title: `No PodDisruptionBudget in ${w.cluster}`,
          detail: `${w.spotReplicas} of ${w.replicas} replicas run on spot nodes, which AWS can reclaim with 2 minutes' notice, and Karpenter consolidates nodes at any time. Without a PodDisruptionBudget (e.g. maxUnavailable: 1) several replicas can be evicted at once.`,
        });
      }
    }

    let perThousandRequests: EntityCost['perThousandRequests'];
    if (options.requests) {
      const counted = await options.requests(
        query.kubernetesId,
        Date.parse(`${from}T00:00:00Z`),
        now(),
      );
      const prodCost = rows
        .filter((r: any) => r.cluster === 'prod')
        .reduce((s: number, r: any) => s + num(r.cost), 0);
      if (counted.status !== 'ok') {
        perThousandRequests = counted;
      } else if (counted.requests > 0) {
        perThousandRequests = {
          status: 'ok',
          value: (prodCost / counted.requests) * 1000,
          requests: counted.requests,
        };
      } else {
        perThousandRequests = {
          status: 'unavailable',
          message:
            'Datadog has no requests for this service in prod in the last 30 days.',
        };
      }
    }

    return {
      entityRef: query.entityRef,
      kubernetesId: query.kubernetesId,
      namespace: query.namespace,
      monthly: perMonth(cost),
      trend,
      byCluster: clusters.map(cluster => ({
        cluster,
        monthly: perMonth(
          rows
            .filter((r: any) => r.cluster === cluster)
            .reduce((s: number, r: any) => s + num(r.cost), 0),
        ),
      })),
      spotShare: snapCost
        ? snapshotRows.reduce((s: number, r: any) => s + num(r.spot_cost), 0) /
          snapCost
        : 0,
      armShare: snapCost
        ? snapshotRows.reduce((s: number, r: any) => s + num(r.arm_cost), 0) /
          snapCost
        : 0,
      perThousandRequests: perThousandRequests ?? {
        status: 'unavailable',
        message:
          'Needs Datadog: set datadog.apiKey and datadog.appKey in app-config to see cost per 1,000 requests.',
      },
      recommendations,
      empty: rows.length === 0,
      held: await heldAbout(clusters),
    };
  }

  /**
   * Computes every dashboard a request can ask for (each cluster choice × range) and stores it,
   * keyed by the latest snapshot hour: called at the end of each snapshot run, so requests on any
   * replica are one lookup. Team filtering happens in the browser on the stored dashboard.
   */
  async function precompute() {
    const latest = await db(TABLES.snapshots).max({ hour: 'hour' }).first();
    if (!latest?.hour) return;
    const day = dayOf(now());
    for (const cluster of ['all', ...clusters]) {
      for (const days of DASHBOARD_RANGES) {
        const body = JSON.stringify(await dashboard({ cluster, days }));
        await db(TABLES.dashboards)
          .insert({ cluster, days, snapshot_hour: latest.hour, day, body })
          .onConflict(['cluster', 'days'])
          .merge();
      }
    }
  }

  /** The stored dashboard's row if it is current: computed after the latest snapshot, today. */
  function currentDashboardRow(query: { cluster?: string; days: number }) {
    return db(TABLES.dashboards)
      .where({
        cluster: query.cluster ?? 'all',
        days: query.days,
        day: dayOf(now()),
      })
      .andWhere('snapshot_hour', '=', db(TABLES.snapshots).max('hour'));
  }

  /** The stored dashboard (JSON) if it is current. */
  async function storedDashboard(query: {
    cluster?: string;
    days: number;
  }): Promise<string | undefined> {
    const row = await currentDashboardRow(query).first('body');
    return row?.body;
  }

  /**
   * A name for the current stored dashboard (day, snapshot hour and size) without reading its
   * body, so a server that already parsed it reads it again only when it changed.
   */
  async function storedDashboardVersion(query: {
    cluster?: string;
    days: number;
  }): Promise<string | undefined> {
    const row = await currentDashboardRow(query).first(
      'day',
      'snapshot_hour',
      db.raw('length(body) as size'),
    );
    return row ? `${row.day}|${row.snapshot_hour}|${row.size}` : undefined;
  }

  return {
    dashboard,
    precompute,
    storedDashboard,
    storedDashboardVersion,
    entityCost,
  };
}

function keptNodeCounts(days: NodeCount[]) {
  return {
    first: days[0] ?? null,
    peak: days.reduce<NodeCount | null>(
      (max, d) => (!max || d.nodes > max.nodes ? d : max),
      null,
    ),
    last: days[days.length - 1] ?? null,
  };
}

function formatCpu(cores: number) {
  return cores < 1
    ? `${Math.round(cores * 1000)}m`
    : `${Math.round(cores * 100) / 100}`;
}

export type CostReports = ReturnType<typeof createCostReports>;
