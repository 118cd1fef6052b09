import {
  DeploymentRow,
  GitRevision,
  HealthStatus,
  ReviewReason,
  RollbackHint,
  SyncStatus,
} from '@internal/plugin-deployments-common';
import { commitUrl } from './gitRevision';
import { AppSummary } from './types';

/** What appRow has decided about one application, that its reasons and rollback are read from. */
export interface RowFacts {
  cluster: string;
  app: AppSummary;
  syncStatus: SyncStatus;
  health: HealthStatus;
  operation?: DeploymentRow['operation'];
  revision?: GitRevision;
  target?: GitRevision;
  current?: string;
}

function minutesSince(iso: string | undefined, now: number) {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? (now - t) / 60_000 : undefined;
}

function outOfSync(facts: RowFacts): ReviewReason {
  const { target, revision, cluster } = facts;
  return {
    kind: 'OutOfSync',
    message: target
      ? `Git has ${target.shortSha}${
          target.message ? ` "${target.message}"` : ''
        } but ${cluster} still runs ${
          revision?.shortSha ?? 'an older revision'
        }: sync the app in Argo CD, or revert the commit if it should not ship`
      : `${cluster} does not match Git: sync the app in Argo CD`,
  };
}

function progressingTooLong(
  facts: RowFacts,
  options: { now: number; progressingTimeoutMinutes: number },
): ReviewReason | undefined {
  const { app, operation } = facts;
  const since = minutesSince(
    operation?.startedAt ??
      app.history[app.history.length - 1]?.deployStartedAt,
    options.now,
  );
  if (since === undefined || since <= options.progressingTimeoutMinutes) {
    return undefined;
  }
  return {
    kind: 'ProgressingTooLong',
    message: `Progressing for ${Math.round(since)} min (limit ${
      options.progressingTimeoutMinutes
    })${app.healthMessage ? `: ${app.healthMessage}` : ''}`,
  };
}

/** Why one application needs a reviewer, in sentences a junior can act on. */
export function reviewReasons(
  facts: RowFacts,
  options: { now: number; progressingTimeoutMinutes: number },
): ReviewReason[] {
  const { syncStatus, health, operation, app, cluster } = facts;
  const reasons: ReviewReason[] = [];
  if (syncStatus === 'OutOfSync') reasons.push(outOfSync(facts));
  if (health === 'Degraded') {
    reasons.push({
      kind: 'Degraded',
      message: app.healthMessage ?? `Degraded in ${cluster}`,
    });
  }
  if (
    operation &&
    (operation.phase === 'Failed' || operation.phase === 'Error')
  ) {
    reasons.push({
      kind: 'OperationFailed',
      message: `Last sync ${operation.phase.toLowerCase()}: ${
        operation.message ?? 'no message'
      }`,
    });
  }
  if (health === 'Progressing') {
    const slow = progressingTooLong(facts, options);
    if (slow) reasons.push(slow);
  }
  return reasons;
}

/** A bad deploy is rolled back the GitOps way: revert the commit that introduced it. */
export function rollbackHint(
  facts: RowFacts,
  reasons: ReviewReason[],
): RollbackHint | undefined {
  const failed = reasons.some(r => r.kind === 'OperationFailed');
  const badRevision = failed
    ? facts.app.operation?.revision ?? facts.current
    : facts.current;
  const bad =
    facts.health === 'Degraded' ||
    failed ||
    reasons.some(r => r.kind === 'ProgressingTooLong');
  if (!bad || !badRevision) return undefined;
  const url = commitUrl(facts.app.repoURL, badRevision);
  return {
    revision: badRevision,
    command: `git revert ${badRevision}`,
    ...(url ? { commitUrl: url } : {}),
  };
}
