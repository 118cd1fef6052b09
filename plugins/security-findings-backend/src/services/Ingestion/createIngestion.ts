import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AnswerGuardPolicy,
  AnswerJudgement,
} from '@internal/backend-answer-guard';
import { isSuppressed } from '@internal/plugin-security-findings-common';
import {
  ECR_REPOSITORY_ANNOTATION,
  SECURITYHUB_FINDINGS_TAGS_ANNOTATION,
} from '@internal/catalog-annotations';
import { AccountRegion } from '../../config';
import {
  AwsFinding,
  AwsFindingsReader,
  ComplianceFinding,
} from '../AwsFindings';
import { FindingsStore, StoredFinding } from '../FindingsStore';
import { RunningImageReader } from '../RunningImages';
import {
  CountedFinding,
  reconstructedCounts,
  todaysCounts,
} from './dailyCounts';
import { createEntityMapper } from './entityMapping';

class CatalogNotReadyError extends Error {}

/** A successful answer was suspicious (no findings, or far fewer): nothing is replaced this run. */
class HeldAnswersError extends Error {
  constructor(readonly held: string[]) {
    super(held.join('; '));
  }
}

/** Days of trend rebuilt on the first run, so a fresh install has a 90-day chart. */
export const RECONSTRUCTED_DAYS = 90;

export interface IngestionResult {
  ok: boolean;
  findings?: number;
  error?: string;
  /** The findings were replaced, with less detail than usual: why. */
  partial?: string;
  /**
   * Answers not stored because they were suspicious (zero findings, or far fewer than the last
   * stored answer), each in words; the last good findings stay until the next run confirms them.
   */
  held?: string[];
  /** True when no catalog Component carried the annotations yet: worth retrying soon. */
  catalogNotReady?: boolean;
  /**
   * True when more annotated Components were in the catalog at the end of the run than at its start
   * (the catalog was still loading): the findings of the newer ones are unmapped until the next run.
   */
  catalogGrew?: boolean;
  staleClusters: string[];
}

export interface Ingestion {
  /**
   * `signal` is the scheduled task's: once it aborts (the task's timeout, or shutdown) the run stops
   * paging, writes nothing more and rolls back what it was writing, so it never overlaps the next
   * run on another replica.
   */
  run(signal?: AbortSignal): Promise<IngestionResult>;
}

/**
 * One ingestion run: running images per cluster (a failed cluster keeps its previous images and
 * is reported stale), then every account/region's active findings. Only a complete read replaces
 * the stored findings; a failed or partial one leaves the last good set and records why.
 */
export function createIngestion(options: {
  targets: AccountRegion[];
  clusters: string[];
  aws: AwsFindingsReader;
  runningImages: RunningImageReader;
  store: FindingsStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Precomputes what the dashboard serves, once the run's data is stored. */
  precomputeDashboard: (runId: number) => Promise<void>;
  /**
   * When a successful answer is suspicious and waits for the next run to confirm it (default: zero
   * findings after any, or half as many or fewer).
   */
  suspiciousDrop?: Partial<AnswerGuardPolicy>;
  now?: () => number;
}): Ingestion {
  const {
    targets,
    clusters,
    aws,
    runningImages,
    store,
    catalog,
    auth,
    logger,
  } = options;
  const now = options.now ?? Date.now;
  const guard = store.answerGuard(options.suspiciousDrop);

  async function readEntities() {
    const { items } = await catalog.getEntities(
      {
        filter: [
          {
            kind: 'Component',
            [`metadata.annotations.${ECR_REPOSITORY_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            kind: 'Component',
            [`metadata.annotations.${SECURITYHUB_FINDINGS_TAGS_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: ['kind', 'metadata', 'spec.owner'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items;
  }

  async function precompute(runId: number) {
    const started = now();
    try {
      await options.precomputeDashboard(runId);
      logger.info(
        `Precomputed the security dashboard in ${now() - started} ms`,
      );
    } catch (e) {
      logger.warn(
        `Could not precompute the security dashboard; the previous one is served: ${e}`,
      );
    }
  }

  async function refreshRunningImages(
    signal?: AbortSignal,
  ): Promise<string[]> {
    const stale: string[] = [];
    await Promise.all(
      clusters.map(async cluster => {
        try {
          await store.replaceRunningImages(
            cluster,
            await runningImages.read(cluster, signal),
          );
        } catch (e) {
          stale.push(cluster);
          logger.warn(
            `Could not read running images of cluster ${cluster}; keeping the previous ones: ${e}`,
          );
        }
      }),
    );
    return stale.sort();
  }

  /**
   * Judges each account/region's answers before anything is replaced: SecurityHub's vulnerability
   * and control findings, and Inspector2's findings when it was read.
   */
  async function judgeAnswers(
    perTarget: Awaited<ReturnType<AwsFindingsReader['readActive']>>[],
    runStartedAt: number,
  ): Promise<AnswerJudgement[]> {
    const out: AnswerJudgement[] = [];
    for (const [i, t] of perTarget.entries()) {
      const where = `${targets[i].accountId}/${targets[i].region}`;
      const answers = [
        {
          key: `securityhub:${where}:findings`,
          source: `SecurityHub (${where})`,
          unit: 'findings',
          count: t.findings.length,
        },
        {
          key: `securityhub:${where}:controls`,
          source: `SecurityHub (${where})`,
          unit: 'control findings',
          count: t.controls.length,
        },
        ...(t.inspectorFindings !== undefined
          ? [
              {
                key: `inspector2:${where}:findings`,
                source: `Inspector2 (${where})`,
                unit: 'findings',
                count: t.inspectorFindings,
              },
            ]
          : []),
      ];
      for (const answer of answers) {
        out.push(await guard.judge({ ...answer, runStartedAt }));
      }
    }
    return out;
  }

  return {
    async run(signal?: AbortSignal) {
      const startedAt = now();
      const runId = await store.startRun(startedAt);
      const staleClusters = await refreshRunningImages(signal);
      try {
        const [entities, perTarget] = await Promise.all([
          readEntities(),
          Promise.all(targets.map(t => aws.readActive(t, signal))),
        ]);
        signal?.throwIfAborted();
        // Vulnerabilities and control findings never mix: controls go to their own table.
        const unique = new Map<string, AwsFinding>();
        const controls = new Map<string, ComplianceFinding>();
        let other = 0;
        for (const t of perTarget) {
          for (const f of t.findings) unique.set(f.id, f);
          for (const c of t.controls) controls.set(c.id, c);
          other += t.other;
        }
        const inspectorErrors = perTarget.flatMap(t =>
          t.inspectorError ? [t.inspectorError] : [],
        );
        if (entities.length === 0 && unique.size > 0) {
          // Right after a start the catalog may not have processed its locations yet; storing now
          // would attribute every finding to no service until the next scheduled run.
          throw new CatalogNotReadyError(
            `No catalog Component carries ${ECR_REPOSITORY_ANNOTATION} or ${SECURITYHUB_FINDINGS_TAGS_ANNOTATION} yet (is the catalog still loading?); nothing was replaced`,
          );
        }
        // A successful answer with no findings, or far fewer than the last stored one, replaces
        // nothing until the next run says the same.
        const judgements = await judgeAnswers(perTarget, startedAt);
        const held = judgements.flatMap(j => (j.held ? [j.held.message] : []));
        if (held.length) throw new HeldAnswersError(held);
        for (const { confirmed } of judgements) {
          if (confirmed) {
            logger.warn(
              `${confirmed.source} answered ${confirmed.count} ${confirmed.unit} again (had ${confirmed.acceptedCount}; first seen ${confirmed.since}): confirmed by a second run, stored`,
            );
          }
        }
        const mapEntities = createEntityMapper(entities);
        const rows: StoredFinding[] = [];
        const counted: CountedFinding[] = [];
        for (const f of unique.values()) {
          const claims = mapEntities(f);
          const { resourceTags, recordState, id, ...fields } = f;
          for (const claim of claims.length
            ? claims
            : [{ entityRef: '', owner: '' }]) {
            rows.push({ ...fields, findingId: id, ...claim });
          }
          // Suppressed findings are accepted risks: not part of the open-findings trend.
          if (!isSuppressed(f.workflowStatus)) {
            counted.push({
              id,
              owners: ownersOf(claims),
              severity: f.severity,
              firstObservedAt: f.firstObservedAt,
            });
          }
        }
        // Findings and controls in one transaction, committed only if the run was not aborted.
        // The guard's baseline moves in the same transaction as the findings.
        await store.replaceActiveFindings(
          rows,
          [...controls.values()],
          signal,
          async trx => {
            for (const j of judgements) await j.accept(trx);
          },
        );

        const daily = todaysCounts(counted, startedAt);
        if (!(await store.hasDailyCounts())) {
          daily.unshift(
            ...(await reconstruct(counted, mapEntities, startedAt, signal)),
          );
        }
        signal?.throwIfAborted();
        await store.writeDailyCounts(daily);

        const result: IngestionResult = {
          ok: true,
          findings: unique.size,
          staleClusters,
          ...(inspectorErrors.length
            ? {
                partial: `Inspector detail unavailable: ${inspectorErrors.join(
                  '; ',
                )}`,
              }
            : {}),
        };
        await precompute(runId);
        await store.finishRun(runId, { ...result, finishedAt: now() });
        const nowKnown = (await readEntities()).length;
        if (nowKnown > entities.length) {
          result.catalogGrew = true;
          logger.info(
            `The catalog was still loading (${entities.length} then ${nowKnown} Components with findings annotations); findings of the newer ones are mapped by the next run`,
          );
        }
        logger.info(
          `Ingested ${unique.size} vulnerability findings and ${
            controls.size
          } control findings (${other} other findings not shown) from ${
            targets.length
          } account/region(s) in ${now() - startedAt} ms${
            result.partial ? ` (partial: ${result.partial})` : ''
          }`,
        );
        return result;
      } catch (e) {
        if (e instanceof HeldAnswersError) {
          if (!signal?.aborted && staleClusters.length < clusters.length) {
            await precompute(runId);
          }
          await store.finishRun(runId, {
            ok: false,
            held: e.held,
            staleClusters,
            finishedAt: now(),
          });
          logger.warn(
            `Security findings not replaced; the last good data stays: ${e.message}`,
          );
          return { ok: false, held: e.held, staleClusters };
        }
        const error = e instanceof Error ? e.message : String(e);
        // The findings stay, but running images may have changed: deployed-and-vulnerable with them.
        if (
          !(e instanceof CatalogNotReadyError) &&
          !signal?.aborted &&
          staleClusters.length < clusters.length
        ) {
          await precompute(runId);
        }
        await store.finishRun(runId, {
          ok: false,
          error,
          staleClusters,
          finishedAt: now(),
        });
        logger.error(
          `Security findings ingestion failed; the last good data stays: ${error}`,
        );
        return {
          ok: false,
          error,
          catalogNotReady: e instanceof CatalogNotReadyError,
          staleClusters,
        };
      }
    },
  };

  async function reconstruct(
    open: CountedFinding[],
    mapEntities: ReturnType<typeof createEntityMapper>,
    at: number,
    signal?: AbortSignal,
  ) {
    const since = at - RECONSTRUCTED_DAYS * 86_400_000;
    try {
      const closed = (
        await Promise.all(
          targets.map(t => aws.readClosedSince(t, since, signal)),
        )
      ).flat();
      const all = [
        ...open,
        ...closed.map(f => ({
          id: f.id,
          owners: ownersOf(mapEntities(f)),
          severity: f.severity,
          firstObservedAt: f.firstObservedAt,
          closedAt: f.updatedAt,
        })),
      ];
      return reconstructedCounts(all, at, RECONSTRUCTED_DAYS);
    } catch (e) {
      logger.warn(
        `Could not read closed findings; no trend is reconstructed: ${e}`,
      );
      return [];
    }
  }
}

/** Owners a finding counts for in the trend; '' (no owner) keeps unmapped findings in the totals. */
function ownersOf(claims: Array<{ owner: string }>): string[] {
  return claims.length ? [...new Set(claims.map(c => c.owner))] : [''];
}
