import {
  AgeBucket,
  ClusterSummary,
  DashboardResponse,
  DeployedVulnerable,
  SEVERITIES,
  SLA_DAYS,
  ServiceSummary,
  Severity,
  TeamSummary,
  TopCve,
  TrendPoint,
  ageInDays,
  emptyCounts,
  isSuppressed,
  slaOverdueDays,
} from '@internal/plugin-security-findings-common';
import { DailyCount, StoredFinding } from '../FindingsStore';
import { RunningImage } from '../RunningImages';
import { iso, rank, runningByDigest } from './shared';

/** The org dashboard without the ingestion status (which is read fresh per request). */
export type DashboardAggregates = Omit<DashboardResponse, 'status'>;

export const TREND_DAYS = 90;
const DEPLOYED_VULNERABLE_LIMIT = 500;
const TOP_CVES = 20;
const AGE_BUCKETS: Array<[string, number, number | undefined]> = [
  ['0–7 days', 0, 7],
  ['8–30 days', 8, 30],
  ['31–90 days', 31, 90],
  ['91–180 days', 91, 180],
  ['over 180 days', 181, undefined],
];
const criticalOrHigh = (s: Severity) => s === 'CRITICAL' || s === 'HIGH';

/** Services and teams: most running critical/high first, then most critical, then most high. */
export const byCriticality = (
  a: { open: Record<Severity, number>; runningCriticalHigh: number },
  b: { open: Record<Severity, number>; runningCriticalHigh: number },
) =>
  b.runningCriticalHigh - a.runningCriticalHigh ||
  b.open.CRITICAL - a.open.CRITICAL ||
  b.open.HIGH - a.open.HIGH;

/**
 * Every aggregate of the Security page, from the stored findings, the running images and the
 * daily counts, as of `at`. Suppressed findings (accepted risks) are counted apart and nowhere else.
 */
export function computeDashboard(input: {
  findings: StoredFinding[];
  images: RunningImage[];
  daily: DailyCount[];
  at: number;
}): DashboardAggregates {
  const { findings, images, daily, at } = input;
  const running = runningByDigest(images);
  const runsIn = (f: StoredFinding) =>
    (f.imageDigest && running.get(f.imageDigest)) || [];

  const totals = {
    open: emptyCounts(),
    running: emptyCounts(),
    suppressed: emptyCounts(),
    findings: 0,
  };
  const seen = new Set<string>();
  const services = new Map<string, ServiceSummary>();
  const teams = new Map<string, TeamSummary & { refs: Set<string> }>();
  const ageing: AgeBucket[] = AGE_BUCKETS.map(([label, minDays, maxDays]) => ({
    label,
    minDays,
    ...(maxDays !== undefined ? { maxDays } : {}),
    counts: emptyCounts(),
  }));
  const breaches = emptyCounts();
  const cves = new Map<
    string,
    TopCve & {
      serviceSet: Set<string>;
      runningSet: Set<string>;
      ids: Set<string>;
    }
  >();
  const clusters = new Map<
    string,
    {
      services: Set<string>;
      ids: Set<string>;
      running: ClusterSummary['running'];
    }
  >();
  const deployed: DeployedVulnerable[] = [];

  const serviceOf = (f: StoredFinding) => {
    const s = services.get(f.entityRef) ?? {
      entityRef: f.entityRef,
      owner: f.owner,
      open: emptyCounts(),
      suppressed: 0,
      runningCriticalHigh: 0,
      slaBreaches: 0,
    };
    services.set(f.entityRef, s);
    return s;
  };

  for (const f of findings) {
    const firstRow = !seen.has(f.findingId);
    seen.add(f.findingId);
    if (isSuppressed(f.workflowStatus)) {
      if (firstRow) totals.suppressed[f.severity]++;
      if (f.entityRef) serviceOf(f).suppressed++;
      continue;
    }
    const where = runsIn(f);
    const isRunning = where.length > 0;
    const overdue = slaOverdueDays(
      f.severity,
      iso(f.firstObservedAt),
      f.workflowStatus,
      at,
    );
    const breached = overdue !== undefined && overdue > 0;
    if (firstRow) {
      totals.findings++;
      totals.open[f.severity]++;
      if (isRunning) totals.running[f.severity]++;
      if (breached) breaches[f.severity]++;
      const age = ageInDays(f.firstObservedAt, at);
      const bucket = ageing.find(
        b => age >= b.minDays && (b.maxDays === undefined || age <= b.maxDays),
      );
      bucket!.counts[f.severity]++;
      for (const r of where) {
        const c = clusters.get(r.cluster) ?? {
          services: new Set(),
          ids: new Set(),
          running: emptyCounts(),
        };
        if (!c.ids.has(f.findingId)) {
          c.ids.add(f.findingId);
          c.running[f.severity]++;
        }
        clusters.set(r.cluster, c);
      }
    }
    if (f.cve) {
      const c = cves.get(f.cve) ?? {
        cve: f.cve,
        severity: f.severity,
        services: 0,
        findings: 0,
        runningServices: 0,
        fixedIn: [],
        serviceSet: new Set(),
        runningSet: new Set(),
        ids: new Set(),
      };
      if (rank(f.severity) < rank(c.severity)) c.severity = f.severity;
      c.ids.add(f.findingId);
      for (const p of f.packages) {
        const fix = p.fixedInVersion && `${p.name} ${p.fixedInVersion}`;
        if (fix && !c.fixedIn.includes(fix) && c.fixedIn.length < 6) {
          c.fixedIn.push(fix);
        }
      }
      if (f.entityRef) {
        c.serviceSet.add(f.entityRef);
        if (isRunning) c.runningSet.add(f.entityRef);
      }
      cves.set(f.cve, c);
    }
    if (!f.entityRef) continue;
    for (const r of where) clusters.get(r.cluster)!.services.add(f.entityRef);

    const s = serviceOf(f);
    s.open[f.severity]++;
    if (isRunning && criticalOrHigh(f.severity)) s.runningCriticalHigh++;
    if (breached) s.slaBreaches++;

    const t = teams.get(f.owner) ?? {
      owner: f.owner,
      services: 0,
      open: emptyCounts(),
      runningCriticalHigh: 0,
      slaBreaches: 0,
      refs: new Set<string>(),
    };
    t.refs.add(f.entityRef);
    t.open[f.severity]++;
    if (isRunning && criticalOrHigh(f.severity)) t.runningCriticalHigh++;
    if (breached) t.slaBreaches++;
    teams.set(f.owner, t);

    if (criticalOrHigh(f.severity)) {
      for (const r of where) {
        deployed.push({
          entityRef: f.entityRef,
          owner: f.owner,
          findingId: f.findingId,
          severity: f.severity,
          title: f.title,
          cve: f.cve,
          packages: f.packages,
          firstObservedAt: iso(f.firstObservedAt),
          imageTags: f.imageTags,
          cluster: r.cluster,
          since: r.since,
        });
      }
    }
  }

  const trendByDay = new Map<string, TrendPoint>();
  for (const d of daily) {
    const p = trendByDay.get(d.day) ?? {
      day: d.day,
      counts: emptyCounts(),
      reconstructed: d.reconstructed,
    };
    p.counts[d.severity] += d.openCount;
    trendByDay.set(d.day, p);
  }

  return {
    generatedAt: iso(at),
    totals,
    teams: [...teams.values()]
      .map(({ refs, ...t }) => ({ ...t, services: refs.size }))
      .sort(byCriticality),
    services: [...services.values()].sort(byCriticality),
    deployedVulnerable: deployed
      .sort(
        (a, b) =>
          rank(a.severity) - rank(b.severity) ||
          a.since.localeCompare(b.since) ||
          a.entityRef.localeCompare(b.entityRef),
      )
      .slice(0, DEPLOYED_VULNERABLE_LIMIT),
    ageing,
    slaBreaches: SEVERITIES.filter(s => SLA_DAYS[s] !== undefined).map(s => ({
      severity: s,
      count: breaches[s],
      slaDays: SLA_DAYS[s]!,
    })),
    trend: [...trendByDay.values()],
    topCves: [...cves.values()]
      .map(({ serviceSet, runningSet, ids, ...c }) => ({
        ...c,
        services: serviceSet.size,
        runningServices: runningSet.size,
        findings: ids.size,
      }))
      .sort(
        (a, b) =>
          rank(a.severity) - rank(b.severity) ||
          b.runningServices - a.runningServices ||
          b.services - a.services ||
          a.cve.localeCompare(b.cve),
      )
      .slice(0, TOP_CVES),
    clusters: [...clusters.entries()]
      .map(([cluster, c]) => ({
        cluster,
        services: c.services.size,
        running: c.running,
      }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster)),
  };
}
