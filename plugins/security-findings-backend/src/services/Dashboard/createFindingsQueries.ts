import { CacheService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AgeBucket,
  ClusterSummary,
  DashboardResponse,
  DeployedVulnerable,
  EntityFindingsResponse,
  Finding,
  RunningIn,
  SEVERITIES,
  SLA_DAYS,
  ServiceSummary,
  Severity,
  TeamSummary,
  TopCve,
  TrendPoint,
  ageInDays,
  emptyCounts,
  slaOverdueDays,
} from '@internal/plugin-security-findings-common';
import { FindingsStore, StoredFinding } from '../FindingsStore';
import { annotationProblems } from '../Ingestion';
import { RunningImage } from '../RunningImages';
import { Coalescer } from './coalescer';

const DAY_MS = 86_400_000;
const TREND_DAYS = 90;
const DEPLOYED_VULNERABLE_LIMIT = 500;
const TOP_CVES = 20;
const AGE_BUCKETS: Array<[string, number, number | undefined]> = [
  ['0–7 days', 0, 7],
  ['8–30 days', 8, 30],
  ['31–90 days', 31, 90],
  ['91–180 days', 91, 180],
  ['over 180 days', 181, undefined],
];
const rank = (s: Severity) => SEVERITIES.indexOf(s);
const iso = (ms: number) => new Date(ms).toISOString();
const criticalOrHigh = (s: Severity) => s === 'CRITICAL' || s === 'HIGH';

function runningByDigest(images: RunningImage[]) {
  const map = new Map<string, RunningIn[]>();
  for (const i of images) {
    const list = map.get(i.digest) ?? [];
    list.push({
      cluster: i.cluster,
      namespace: i.namespace,
      pods: i.pods,
      since: iso(i.since),
    });
    map.set(i.digest, list);
  }
  return map;
}

function toFinding(f: StoredFinding, running: RunningIn[]): Finding {
  return {
    id: f.findingId,
    severity: f.severity,
    title: f.title,
    cve: f.cve,
    packageName: f.packageName,
    installedVersion: f.installedVersion,
    fixedInVersion: f.fixedInVersion,
    packageManager: f.packageManager,
    filePath: f.filePath,
    remediation: f.remediation,
    remediationUrl: f.remediationUrl,
    workflowStatus: f.workflowStatus,
    firstObservedAt: iso(f.firstObservedAt),
    updatedAt: iso(f.updatedAt),
    repository: f.repository,
    imageDigest: f.imageDigest,
    imageTags: f.imageTags,
    accountId: f.accountId,
    region: f.region,
    running,
  };
}

export interface FindingsQueries {
  entityFindings(entity: Entity): Promise<EntityFindingsResponse>;
  dashboard(owner?: string): Promise<DashboardResponse>;
  csv(options: { owner?: string; deployedOnly?: boolean }): Promise<string>;
}

/**
 * Read side: everything is served from the plugin's tables. The dashboard is computed once per
 * ingestion generation and owner filter, cached and coalesced.
 */
export function createFindingsQueries(options: {
  store: FindingsStore;
  cache: CacheService;
  now?: () => number;
}): FindingsQueries {
  const { store } = options;
  const now = options.now ?? Date.now;
  const coalescer = new Coalescer(options.cache);

  async function computeDashboard(owner?: string): Promise<DashboardResponse> {
    const at = now();
    const [findings, images, status, daily] = await Promise.all([
      store.allFindings(owner),
      store.runningImages(),
      store.status(),
      store.dailyCounts(
        new Date(at - TREND_DAYS * DAY_MS).toISOString().slice(0, 10),
        owner,
      ),
    ]);
    const running = runningByDigest(images);
    const runsIn = (f: StoredFinding) =>
      (f.imageDigest && running.get(f.imageDigest)) || [];

    const totals = {
      open: emptyCounts(),
      running: emptyCounts(),
      findings: 0,
    };
    const seen = new Set<string>();
    const services = new Map<string, ServiceSummary>();
    const teams = new Map<string, TeamSummary & { refs: Set<string> }>();
    const ageing: AgeBucket[] = AGE_BUCKETS.map(
      ([label, minDays, maxDays]) => ({
        label,
        minDays,
        ...(maxDays !== undefined ? { maxDays } : {}),
        counts: emptyCounts(),
      }),
    );
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

    for (const f of findings) {
      const where = runsIn(f);
      const isRunning = where.length > 0;
      const overdue = slaOverdueDays(
        f.severity,
        iso(f.firstObservedAt),
        f.workflowStatus,
        at,
      );
      const breached = overdue !== undefined && overdue > 0;
      if (!seen.has(f.findingId)) {
        seen.add(f.findingId);
        totals.findings++;
        totals.open[f.severity]++;
        if (isRunning) totals.running[f.severity]++;
        if (breached) breaches[f.severity]++;
        const age = ageInDays(f.firstObservedAt, at);
        const bucket = ageing.find(
          b =>
            age >= b.minDays && (b.maxDays === undefined || age <= b.maxDays),
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
          fixedInVersion: f.fixedInVersion,
          serviceSet: new Set(),
          runningSet: new Set(),
          ids: new Set(),
        };
        if (rank(f.severity) < rank(c.severity)) c.severity = f.severity;
        c.ids.add(f.findingId);
        if (f.entityRef) {
          c.serviceSet.add(f.entityRef);
          if (isRunning) c.runningSet.add(f.entityRef);
        }
        cves.set(f.cve, c);
      }
      if (!f.entityRef) continue;
      for (const r of where) clusters.get(r.cluster)!.services.add(f.entityRef);

      const s = services.get(f.entityRef) ?? {
        entityRef: f.entityRef,
        owner: f.owner,
        open: emptyCounts(),
        runningCriticalHigh: 0,
        slaBreaches: 0,
      };
      s.open[f.severity]++;
      if (isRunning && criticalOrHigh(f.severity)) s.runningCriticalHigh++;
      if (breached) s.slaBreaches++;
      services.set(f.entityRef, s);

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
            packageName: f.packageName,
            installedVersion: f.installedVersion,
            fixedInVersion: f.fixedInVersion,
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

    const byCriticality = (
      a: { open: Record<Severity, number>; runningCriticalHigh: number },
      b: { open: Record<Severity, number>; runningCriticalHigh: number },
    ) =>
      b.runningCriticalHigh - a.runningCriticalHigh ||
      b.open.CRITICAL - a.open.CRITICAL ||
      b.open.HIGH - a.open.HIGH;

    return {
      generatedAt: iso(at),
      status,
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

  return {
    async entityFindings(entity) {
      const entityRef = stringifyEntityRef(entity);
      const [rows, status, problems] = await Promise.all([
        store.entityFindings(entityRef),
        store.status(),
        annotationProblems(entity, r => store.knowsRepository(r)),
      ]);
      const digests = [
        ...new Set(
          rows.map(r => r.imageDigest).filter((d): d is string => !!d),
        ),
      ];
      const running = runningByDigest(await store.runningImages(digests));
      const counts = { running: emptyCounts(), registryOnly: emptyCounts() };
      const findings = rows.map(r => {
        const where = (r.imageDigest && running.get(r.imageDigest)) || [];
        counts[where.length ? 'running' : 'registryOnly'][r.severity]++;
        return toFinding(r, where);
      });
      findings.sort(
        (a, b) =>
          rank(a.severity) - rank(b.severity) ||
          b.running.length - a.running.length ||
          a.firstObservedAt.localeCompare(b.firstObservedAt),
      );
      return { entityRef, status, counts, findings, problems };
    },

    async dashboard(owner) {
      const generation = await store.generation();
      return coalescer.get(
        `dashboard:${generation}:${owner ?? '*'}`,
        10 * 60_000,
        () => computeDashboard(owner),
      );
    },

    async csv({ owner, deployedOnly }) {
      const at = now();
      const [findings, images] = await Promise.all([
        store.allFindings(owner),
        store.runningImages(),
      ]);
      const running = runningByDigest(images);
      const header = [
        'service',
        'owner',
        'severity',
        'cve',
        'title',
        'package',
        'installed_version',
        'fixed_in_version',
        'workflow_status',
        'first_observed_at',
        'age_days',
        'sla_overdue_days',
        'image_tags',
        'image_digest',
        'running_in',
        'finding_id',
      ];
      const lines = [header.join(',')];
      for (const f of findings) {
        const where = (f.imageDigest && running.get(f.imageDigest)) || [];
        if (deployedOnly && where.length === 0) continue;
        const overdue = slaOverdueDays(
          f.severity,
          iso(f.firstObservedAt),
          f.workflowStatus,
          at,
        );
        lines.push(
          [
            f.entityRef,
            f.owner,
            f.severity,
            f.cve,
            f.title,
            f.packageName,
            f.installedVersion,
            f.fixedInVersion,
            f.workflowStatus,
            iso(f.firstObservedAt),
            ageInDays(f.firstObservedAt, at),
            overdue !== undefined && overdue > 0 ? overdue : '',
            f.imageTags.join(' '),
            f.imageDigest,
            [...new Set(where.map(w => w.cluster))].join(' '),
            f.findingId,
          ]
            .map(csvCell)
            .join(','),
        );
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** Quotes a CSV cell; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
