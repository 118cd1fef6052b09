import {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { EntityVisibility } from '@internal/backend-access-guard';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ComplianceResponse,
  DashboardResponse,
  EntityFindingsResponse,
  Finding,
  RunningIn,
  ageInDays,
  emptyCounts,
  isSuppressed,
  slaOverdueDays,
} from '@internal/plugin-security-findings-common';
import { FindingsStore, StoredFinding } from '../FindingsStore';
import { annotationProblems } from '../Ingestion';
import {
  hiddenKey,
  PreparedBodies,
  PreparedBody,
  ReadThroughCache,
} from '@internal/backend-read-through-cache';
import {
  DashboardAggregates,
  TREND_DAYS,
  computeDashboard,
} from './computeDashboard';
import { computeCompliance } from './computeCompliance';
import { iso, rank, runningByDigest } from './shared';
import { dashboardRefs, visibleToCaller } from './visibleToCaller';

const DAY_MS = 86_400_000;
/** Owner-filtered dashboards (computed on demand) and the fallback before the first snapshot. */
const ON_DEMAND_TTL_MS = 10 * 60_000;

function toFinding(f: StoredFinding, running: RunningIn[]): Finding {
  return {
    id: f.findingId,
    severity: f.severity,
    title: f.title,
    cve: f.cve,
    packages: f.packages,
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
  /**
   * The org dashboard (precomputed per ingestion run), or one owner's (computed on demand), with
   * only the services and teams the caller may read in the catalog.
   */
  dashboard(
    owner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<DashboardResponse>;
  /**
   * The same answer as JSON ready to send: serialized and gzipped once per ingestion generation,
   * status and set of services the caller may not see, shared by every caller with that set.
   */
  dashboardBody(
    owner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<PreparedBody>;
  /** Computes the org dashboard after ingestion run `runId` and stores it for every replica. */
  precomputeDashboard(runId: number): Promise<void>;
  /** Control findings (CIS, FSBP, PCI…) by control and account: apart from the vulnerabilities. */
  compliance(): Promise<ComplianceResponse>;
  /** Every finding as CSV, without the lines of services the caller may not read in the catalog. */
  csv(options: {
    owner?: string;
    deployedOnly?: boolean;
    credentials: BackstageCredentials;
  }): Promise<string>;
}

/**
 * Read side: everything is served from the plugin's tables. The org dashboard is computed at the
 * end of each ingestion run and stored as one row, so a request is a lookup; owner-filtered
 * dashboards are computed on demand, cached per ingestion generation and coalesced.
 */
export function createFindingsQueries(options: {
  store: FindingsStore;
  cache: CacheService;
  /** Which entities each caller may see: the shared dashboard is filtered per caller. */
  visibility: EntityVisibility;
  /** Whether control findings are ingested (`securityFindings.complianceControls`). */
  complianceControls?: boolean;
  now?: () => number;
}): FindingsQueries {
  const { store, visibility } = options;
  const now = options.now ?? Date.now;
  const reads = new ReadThroughCache(options.cache);
  const bodies = new PreparedBodies();

  async function aggregate(owner?: string): Promise<DashboardAggregates> {
    const at = now();
    const [findings, images, daily] = await Promise.all([
      store.allFindings(owner),
      store.runningImages(),
      store.dailyCounts(
        new Date(at - TREND_DAYS * DAY_MS).toISOString().slice(0, 10),
        owner,
      ),
    ]);
    return computeDashboard({ findings, images, daily, at });
  }

  // The newest snapshot, parsed once per process; the database row is what replicas share.
  let parsed: { runId: number; aggregates: DashboardAggregates } | undefined;
  async function snapshot(runId: number) {
    if (parsed?.runId !== runId) {
      const body = await store.dashboardSnapshot(runId);
      if (body === undefined) return undefined;
      parsed = { runId, aggregates: JSON.parse(body) };
    }
    return parsed.aggregates;
  }

  /** The shared dashboard (the stored snapshot, or one owner's computed) and what names it. */
  async function sharedDashboard(owner: string | undefined) {
    const [snapshotId, status] = await Promise.all([
      store.latestDashboardSnapshotId(),
      store.status(),
    ]);
    const stored = owner ? undefined : await snapshot(snapshotId);
    if (stored) {
      return { status, shared: stored, version: `s${snapshotId}` };
    }
    const generation = await store.generation();
    const shared = await reads.get(
      `dashboard:${generation}:${snapshotId}:${owner ?? '*'}`,
      ON_DEMAND_TTL_MS,
      () => aggregate(owner),
    );
    return { status, shared, version: `g${generation}:${snapshotId}` };
  }

  /** The shared answer stays one for everyone; each caller gets the part they may see. */
  async function dashboardFor(
    owner: string | undefined,
    credentials: BackstageCredentials,
  ) {
    const { status, shared, version } = await sharedDashboard(owner);
    const refs = dashboardRefs(shared);
    const visible = await visibility.visibleRefs(credentials, refs);
    return {
      version: `${version}|${JSON.stringify(status)}`,
      hidden: refs.filter(r => !visible.has(r)),
      // made only when the prepared body is (or when the object itself is asked for)
      answer: () => ({ ...visibleToCaller(shared, visible), status }),
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
      const counts = {
        running: emptyCounts(),
        registryOnly: emptyCounts(),
        suppressed: emptyCounts(),
      };
      const findings = rows.map(r => {
        const where = (r.imageDigest && running.get(r.imageDigest)) || [];
        if (isSuppressed(r.workflowStatus)) counts.suppressed[r.severity]++;
        else counts[where.length ? 'running' : 'registryOnly'][r.severity]++;
        return toFinding(r, where);
      });
      const suppressedLast = (f: Finding) =>
        isSuppressed(f.workflowStatus) ? 1 : 0;
      findings.sort(
        (a, b) =>
          suppressedLast(a) - suppressedLast(b) ||
          rank(a.severity) - rank(b.severity) ||
          b.running.length - a.running.length ||
          a.firstObservedAt.localeCompare(b.firstObservedAt),
      );
      return { entityRef, status, counts, findings, problems };
    },

    async dashboard(owner, credentials) {
      return (await dashboardFor(owner, credentials)).answer();
    },

    async dashboardBody(owner, credentials) {
      const { version, hidden, answer } = await dashboardFor(
        owner,
        credentials,
      );
      return bodies.get(version, `${owner ?? '*'}|${hiddenKey(hidden)}`, () =>
        JSON.stringify(answer()),
      );
    },

    async compliance() {
      const [status, generation] = await Promise.all([
        store.status(),
        store.generation(),
      ]);
      const aggregates = await reads.get(
        `compliance:${generation}`,
        ON_DEMAND_TTL_MS,
        async () => computeCompliance(await store.complianceFindings()),
      );
      return {
        status,
        enabled: options.complianceControls ?? false,
        ...aggregates,
      };
    },

    async precomputeDashboard(runId) {
      const aggregates = await aggregate();
      await store.writeDashboardSnapshot(
        runId,
        now(),
        JSON.stringify(aggregates),
      );
    },

    async csv({ owner, deployedOnly, credentials }) {
      const at = now();
      const [findings, images] = await Promise.all([
        store.allFindings(owner),
        store.runningImages(),
      ]);
      const running = runningByDigest(images);
      // A finding mapped to no catalog entity (its repository names no service) names none.
      const visible = await visibility.visibleRefs(
        credentials,
        findings.map(f => f.entityRef),
      );
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
        if (f.entityRef && !visible.has(f.entityRef)) continue;
        if (
          deployedOnly &&
          (where.length === 0 || isSuppressed(f.workflowStatus))
        ) {
          continue;
        }
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
            // one entry per vulnerable package, in the same order in the three columns
            f.packages.map(p => p.name).join('; '),
            f.packages.map(p => p.installedVersion).join('; '),
            f.packages.map(p => p.fixedInVersion ?? '').join('; '),
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
