import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  AnswerGuard,
  AnswerGuardPolicy,
  createAnswerGuard,
} from '@internal/backend-answer-guard';
import {
  IngestionStatus,
  Severity,
} from '@internal/plugin-security-findings-common';
import { Knex } from 'knex';
import { AwsFinding, ComplianceFinding } from '../AwsFindings';
import { RunningImage } from '../RunningImages';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-security-findings-backend',
  'migrations',
);

/** An open finding as stored: one row per finding and entity it maps to. */
export type StoredFinding = Omit<
  AwsFinding,
  'id' | 'recordState' | 'resourceTags'
> & {
  findingId: string;
  /** '' when no catalog entity claims the finding. */
  entityRef: string;
  owner: string;
};

export interface DailyCount {
  day: string;
  owner: string;
  severity: Severity;
  openCount: number;
  reconstructed: boolean;
}

const COLUMNS: Record<keyof StoredFinding, string> = {
  findingId: 'finding_id',
  entityRef: 'entity_ref',
  owner: 'owner',
  accountId: 'account_id',
  region: 'region',
  severity: 'severity',
  title: 'title',
  cve: 'cve',
  packages: 'packages',
  remediation: 'remediation',
  remediationUrl: 'remediation_url',
  workflowStatus: 'workflow_status',
  firstObservedAt: 'first_observed_at',
  updatedAt: 'updated_at',
  resourceType: 'resource_type',
  resourceId: 'resource_id',
  repository: 'repository',
  imageDigest: 'image_digest',
  imageTags: 'image_tags',
};
const FIELDS = Object.keys(COLUMNS) as Array<keyof StoredFinding>;
const CHUNK = 200;
/**
 * Rows per insert of findings: knex writes a multi-row insert on SQLite as a compound SELECT, which
 * SQLite caps at 500 terms (PostgreSQL's limit, 65,535 bind parameters, is 2,800 rows of 23 columns).
 */
const FINDINGS_CHUNK = 450;

function toRow(f: StoredFinding) {
  const row: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = f[field];
    row[COLUMNS[field]] =
      field === 'imageTags' || field === 'packages'
        ? JSON.stringify(value)
        : value ?? null;
  }
  return row;
}

function fromRow(row: Record<string, any>): StoredFinding {
  const f: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = row[COLUMNS[field]];
    if (value === null || value === undefined) continue;
    f[field] = value;
  }
  // PostgreSQL returns bigint as string.
  f.firstObservedAt = Number(row.first_observed_at);
  f.updatedAt = Number(row.updated_at);
  f.imageTags = JSON.parse(row.image_tags ?? '[]');
  // Rows carried over by the migration may hold nulls for the fields a package lacked.
  f.packages = (JSON.parse(row.packages ?? '[]') as any[]).map(p =>
    Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)),
  );
  return f as unknown as StoredFinding;
}

function fromRunningRow(row: Record<string, any>): RunningImage {
  return {
    cluster: row.cluster,
    namespace: row.namespace,
    digest: row.digest,
    repository: row.repository,
    pods: Number(row.pods),
    since: Number(row.since),
  };
}

function toComplianceRow(c: ComplianceFinding) {
  return {
    finding_id: c.id,
    account_id: c.accountId,
    region: c.region,
    control_id: c.controlId,
    title: c.title,
    severity: c.severity,
    status: c.status,
    standards: JSON.stringify(c.standards),
    workflow_status: c.workflowStatus,
    resource_type: c.resourceType,
    resource_id: c.resourceId,
    remediation_url: c.remediationUrl ?? null,
    first_observed_at: c.firstObservedAt,
    updated_at: c.updatedAt,
  };
}

function fromComplianceRow(r: Record<string, any>): ComplianceFinding {
  return {
    id: r.finding_id,
    accountId: r.account_id,
    region: r.region,
    controlId: r.control_id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    standards: JSON.parse(r.standards),
    workflowStatus: r.workflow_status,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    ...(r.remediation_url ? { remediationUrl: r.remediation_url } : {}),
    firstObservedAt: Number(r.first_observed_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The plugin's tables (knex migrations in `migrations/`, SQLite and PostgreSQL). */
export class FindingsStore {
  static async create(database: DatabaseService): Promise<FindingsStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'security_findings_knex_migrations',
      });
    }
    return new FindingsStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** Replaces every stored finding in one transaction: readers see the old set or the new one. */
  async replaceFindings(findings: StoredFinding[]) {
    await this.knex.transaction(async trx => {
      await trx('security_findings').delete();
      for (let i = 0; i < findings.length; i += FINDINGS_CHUNK) {
        await trx('security_findings').insert(
          findings.slice(i, i + FINDINGS_CHUNK).map(toRow),
        );
      }
    });
  }

  /**
   * Replaces the vulnerability and the control findings together, in one transaction: a replica
   * killed or a run aborted (`signal`) part-way leaves the previous sets whole, never half of each.
   */
  async replaceActiveFindings(
    findings: StoredFinding[],
    controls: ComplianceFinding[],
    signal?: AbortSignal,
    /** Runs in the same transaction, after the rows: e.g. moving the answer guard's baseline. */
    alsoInTransaction?: (trx: Knex.Transaction) => Promise<void>,
  ) {
    await this.knex.transaction(async trx => {
      for (const [table, rows] of [
        ['security_findings', findings.map(toRow)],
        ['security_compliance_findings', controls.map(toComplianceRow)],
      ] as const) {
        await trx(table).delete();
        for (let i = 0; i < rows.length; i += FINDINGS_CHUNK) {
          signal?.throwIfAborted();
          await trx(table).insert(rows.slice(i, i + FINDINGS_CHUNK));
        }
      }
      await alsoInTransaction?.(trx);
      // Thrown inside the transaction: knex rolls it back.
      signal?.throwIfAborted();
    });
  }

  /** Replaces every stored control finding in one transaction. */
  async replaceComplianceFindings(findings: ComplianceFinding[]) {
    await this.knex.transaction(async trx => {
      await trx('security_compliance_findings').delete();
      for (let i = 0; i < findings.length; i += FINDINGS_CHUNK) {
        await trx('security_compliance_findings').insert(
          findings.slice(i, i + FINDINGS_CHUNK).map(toComplianceRow),
        );
      }
    });
  }

  async complianceFindings(): Promise<ComplianceFinding[]> {
    return (await this.knex('security_compliance_findings')).map(
      fromComplianceRow,
    );
  }

  async replaceRunningImages(cluster: string, images: RunningImage[]) {
    await this.knex.transaction(async trx => {
      await trx('security_running_images').where({ cluster }).delete();
      for (let i = 0; i < images.length; i += CHUNK) {
        await trx('security_running_images').insert(images.slice(i, i + CHUNK));
      }
    });
  }

  /**
   * Judges SecurityHub/Inspector2 answers before they replace the findings: its memory (last stored
   * count, answer waiting for confirmation) is the `security_answer_guards` table.
   */
  answerGuard(policy?: Partial<AnswerGuardPolicy>): AnswerGuard {
    return createAnswerGuard({
      db: this.knex,
      table: 'security_answer_guards',
      policy,
    });
  }

  async startRun(now: number): Promise<number> {
    const [row] = await this.knex('security_ingestion_runs')
      .insert({ started_at: now, ok: false })
      .returning('id');
    return typeof row === 'object' ? row.id : row;
  }

  async finishRun(
    id: number,
    result: {
      ok: boolean;
      finishedAt: number;
      error?: string;
      partial?: string;
      /** The answers held, each in words. */
      held?: string[];
      findings?: number;
      staleClusters: string[];
    },
  ) {
    await this.knex('security_ingestion_runs')
      .where({ id })
      .update({
        ok: result.ok,
        finished_at: result.finishedAt,
        error: result.error ?? null,
        partial: result.partial ?? null,
        held: result.held?.length ? result.held.join('\n') : null,
        findings: result.findings ?? null,
        stale_clusters: JSON.stringify(result.staleClusters),
      });
  }

  /** Id of the last successful run: changes whenever the stored findings do. */
  async generation(): Promise<number> {
    const row = await this.knex('security_ingestion_runs')
      .where({ ok: true })
      .max({ id: 'id' })
      .first();
    return Number(row?.id ?? 0);
  }

  async status(): Promise<IngestionStatus> {
    const [last, lastOk, held] = await Promise.all([
      this.knex('security_ingestion_runs').orderBy('id', 'desc').first(),
      this.knex('security_ingestion_runs')
        .where({ ok: true })
        .orderBy('id', 'desc')
        .first(),
      this.answerGuard().held(),
    ]);
    const iso = (ms: unknown) =>
      ms === null || ms === undefined
        ? undefined
        : new Date(Number(ms)).toISOString();
    return {
      lastSuccessAt: iso(lastOk?.finished_at),
      lastRun: last
        ? {
            startedAt: iso(last.started_at)!,
            finishedAt: iso(last.finished_at),
            ok: Boolean(last.ok),
            ...(last.error ? { error: last.error } : {}),
            ...(last.partial ? { partial: last.partial } : {}),
            ...(last.held ? { held: last.held } : {}),
            ...(last.findings !== null
              ? { findings: Number(last.findings) }
              : {}),
          }
        : undefined,
      staleClusters: JSON.parse(last?.stale_clusters ?? '[]'),
      ...(held.length
        ? {
            held: held.map(h => ({
              source: h.source,
              unit: h.unit,
              count: h.count,
              acceptedCount: h.acceptedCount,
              acceptedAt: h.acceptedAt,
              since: h.since,
              message: h.message,
            })),
          }
        : {}),
    };
  }

  /** Stores the dashboard computed at the end of run `runId` and drops older ones. */
  async writeDashboardSnapshot(
    runId: number,
    computedAt: number,
    body: string,
  ) {
    await this.knex.transaction(async trx => {
      await trx('security_dashboard_snapshots')
        .where({ run_id: runId })
        .delete();
      await trx('security_dashboard_snapshots').insert({
        run_id: runId,
        computed_at: computedAt,
        body,
      });
      await trx('security_dashboard_snapshots')
        .where('run_id', '<', runId)
        .delete();
    });
  }

  /** Run id of the newest dashboard snapshot (0 when there is none). */
  async latestDashboardSnapshotId(): Promise<number> {
    const row = await this.knex('security_dashboard_snapshots')
      .max({ id: 'run_id' })
      .first();
    return Number(row?.id ?? 0);
  }

  async dashboardSnapshot(runId: number): Promise<string | undefined> {
    const row = await this.knex('security_dashboard_snapshots')
      .where({ run_id: runId })
      .first('body');
    return row?.body;
  }

  async entityFindings(entityRef: string): Promise<StoredFinding[]> {
    const rows = await this.knex('security_findings').where({
      entity_ref: entityRef,
    });
    return rows.map(fromRow);
  }

  async allFindings(owner?: string): Promise<StoredFinding[]> {
    const query = this.knex('security_findings');
    if (owner) query.where({ owner });
    return (await query).map(fromRow);
  }

  async runningImages(digests?: string[]): Promise<RunningImage[]> {
    if (digests && digests.length === 0) return [];
    const query = this.knex('security_running_images');
    if (digests) query.whereIn('digest', digests);
    return (await query).map(fromRunningRow);
  }

  /** True when a finding or a running pod has ever named this ECR repository. */
  async knowsRepository(repository: string): Promise<boolean> {
    const [finding, running] = await Promise.all([
      this.knex('security_findings').where({ repository }).first('finding_id'),
      this.knex('security_running_images')
        .where({ repository })
        .first('digest'),
    ]);
    return Boolean(finding || running);
  }

  async hasDailyCounts(): Promise<boolean> {
    return Boolean(await this.knex('security_daily_counts').first('day'));
  }

  /** Replaces the counts of the days present in `counts`. */
  async writeDailyCounts(counts: DailyCount[]) {
    const days = [...new Set(counts.map(c => c.day))];
    await this.knex.transaction(async trx => {
      for (let i = 0; i < days.length; i += CHUNK) {
        await trx('security_daily_counts')
          .whereIn('day', days.slice(i, i + CHUNK))
          .delete();
      }
      const rows = counts.map(c => ({
        day: c.day,
        owner: c.owner,
        severity: c.severity,
        open_count: c.openCount,
        reconstructed: c.reconstructed,
      }));
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx('security_daily_counts').insert(rows.slice(i, i + CHUNK));
      }
    });
  }

  async dailyCounts(sinceDay: string, owner?: string): Promise<DailyCount[]> {
    const query = this.knex('security_daily_counts')
      .where('day', '>=', sinceDay)
      .orderBy('day');
    if (owner) query.where({ owner });
    return (await query).map(r => ({
      day: r.day,
      owner: r.owner,
      severity: r.severity,
      openCount: Number(r.open_count),
      reconstructed: Boolean(r.reconstructed),
    }));
  }
}
