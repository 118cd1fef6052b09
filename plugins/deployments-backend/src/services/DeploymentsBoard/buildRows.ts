import {
  ClusterSourceStatus,
  DeploymentRow,
  GitRevision,
  HealthStatus,
  OperationPhase,
  ReplicaCount,
  ReviewReason,
  SyncStatus,
} from '@internal/plugin-deployments-common';
import { splitImages } from './serviceImages';
import { AppSummary, RevisionInfo } from './types';

/** A Component with an Argo CD selector, as the board needs it. */
export interface ServiceRef {
  entityRef: string;
  name: string;
  title?: string;
  owner?: string;
  /** `backstage.io/kubernetes-id` (or the entity name) and `backstage.io/kubernetes-namespace`. */
  kubernetesId: string;
  kubernetesNamespace?: string;
  /** `aws.amazon.com/ecr-repository`: the repository of the service's own image. */
  imageRepository?: string;
  selectorMatches(labels: Record<string, string>): boolean;
  /** Apps can match only if label `key` has one of `values` (absent: test every app). */
  selectorHint?: { key: string; values: string[] };
}

/** The service's Deployment replicas in a cluster, matched by kubernetes-id (and namespace if set). */
export function replicasOf(
  service: ServiceRef,
  replicas: Record<string, ReplicaCount> | undefined,
): ReplicaCount | undefined {
  if (!replicas) return undefined;
  if (service.kubernetesNamespace) {
    return replicas[`${service.kubernetesNamespace}/${service.kubernetesId}`];
  }
  const key = Object.keys(replicas).find(k =>
    k.endsWith(`/${service.kubernetesId}`),
  );
  return key ? replicas[key] : undefined;
}

export interface ClusterData {
  cluster: string;
  /** Base URL of the Argo CD UI. */
  uiUrl: string;
  /** Apps from the last good read; undefined when the instance was never read. */
  apps?: AppSummary[];
  /** Deployments' replicas from the cluster's Kubernetes API, when it could be read. */
  replicas?: Record<string, ReplicaCount>;
  stale: boolean;
  source: ClusterSourceStatus;
}

const SYNC: readonly SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];
const HEALTH: readonly HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
const PHASES: readonly OperationPhase[] = [
  'Running',
  'Succeeded',
  'Failed',
  'Error',
  'Terminating',
];

const oneOf = <T extends string>(
  list: readonly T[],
  value: string,
  fallback: T,
) => ((list as readonly string[]).includes(value) ? (value as T) : fallback);

/** Web link to a commit of a Git repository URL (GitHub, GitLab, Bitbucket forms). */
export function commitUrl(repoURL: string | undefined, sha: string) {
  if (!repoURL || !/^[0-9a-f]{7,40}$/i.test(sha)) return undefined;
  let base = repoURL
    .trim()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const scp = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+)$/.exec(base);
  if (scp) base = `https://${scp[1]}/${scp[2]}`;
  if (!/^https?:\/\//.test(base)) return undefined;
  const host = new URL(base).host;
  if (host.includes('gitlab')) return `${base}/-/commit/${sha}`;
  if (host.includes('bitbucket')) return `${base}/commits/${sha}`;
  return `${base}/commit/${sha}`;
}

export function gitRevision(
  sha: string,
  repoURL: string | undefined,
  info: RevisionInfo | undefined,
): GitRevision {
  return {
    sha,
    shortSha: /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha,
    ...(info?.message ? { message: info.message.split('\n')[0] } : {}),
    ...(info?.author ? { author: info.author } : {}),
    ...(info?.date ? { date: info.date } : {}),
    ...(commitUrl(repoURL, sha) ? { commitUrl: commitUrl(repoURL, sha) } : {}),
  };
}

export { compareVersions, imageTag } from './serviceImages';

/** The revision that runs: the newest history entry, else the last sync's. */
export function deployedRevision(app: AppSummary): string | undefined {
  return (
    app.history[app.history.length - 1]?.revision ??
    app.operation?.revision ??
    app.syncRevision
  );
}

function minutesSince(iso: string | undefined, now: number) {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? (now - t) / 60_000 : undefined;
}

/** Builds the row of one application in one cluster, without cross-cluster drift. */
export function appRow(
  service: ServiceRef,
  cluster: ClusterData,
  app: AppSummary,
  options: { now: number; progressingTimeoutMinutes: number },
): DeploymentRow {
  const syncStatus = oneOf(SYNC, app.syncStatus, 'Unknown');
  const health = oneOf(HEALTH, app.health, 'Unknown');
  const replicas = replicasOf(service, cluster.replicas);
  const current = deployedRevision(app);
  const revision = current
    ? gitRevision(current, app.repoURL, app.revisions[current])
    : undefined;
  const target =
    syncStatus === 'OutOfSync' &&
    app.syncRevision &&
    app.syncRevision !== current
      ? gitRevision(
          app.syncRevision,
          app.repoURL,
          app.revisions[app.syncRevision],
        )
      : undefined;
  const operation = app.operation
    ? {
        phase: oneOf(PHASES, app.operation.phase, 'Running'),
        ...(app.operation.message ? { message: app.operation.message } : {}),
        ...(app.operation.startedAt
          ? { startedAt: app.operation.startedAt }
          : {}),
        ...(app.operation.finishedAt
          ? { finishedAt: app.operation.finishedAt }
          : {}),
      }
    : undefined;
  const lastSyncedAt =
    (operation?.phase === 'Succeeded' && operation.finishedAt) ||
    app.history[app.history.length - 1]?.deployedAt;

  const reasons: ReviewReason[] = [];
  if (syncStatus === 'OutOfSync') {
    reasons.push({
      kind: 'OutOfSync',
      message: target
        ? `Git has ${target.shortSha}${
            target.message ? ` "${target.message}"` : ''
          } but ${cluster.cluster} still runs ${
            revision?.shortSha ?? 'an older revision'
          }: sync the app in Argo CD, or revert the commit if it should not ship`
        : `${cluster.cluster} does not match Git: sync the app in Argo CD`,
    });
  }
  if (health === 'Degraded') {
    reasons.push({
      kind: 'Degraded',
      message: app.healthMessage ?? `Degraded in ${cluster.cluster}`,
    });
  }
  const failed =
    operation && (operation.phase === 'Failed' || operation.phase === 'Error');
  if (failed) {
    reasons.push({
      kind: 'OperationFailed',
      message: `Last sync ${operation!.phase.toLowerCase()}: ${
        operation!.message ?? 'no message'
      }`,
    });
  }
  if (health === 'Progressing') {
    const since = minutesSince(
      operation?.startedAt ??
        app.history[app.history.length - 1]?.deployStartedAt,
      options.now,
    );
    if (since !== undefined && since > options.progressingTimeoutMinutes) {
      reasons.push({
        kind: 'ProgressingTooLong',
        message: `Progressing for ${Math.round(since)} min (limit ${
          options.progressingTimeoutMinutes
        })${app.healthMessage ? `: ${app.healthMessage}` : ''}`,
      });
    }
  }

  // A bad deploy is rolled back the GitOps way: revert the commit that introduced it.
  const badRevision = failed ? app.operation?.revision ?? current : current;
  const bad =
    health === 'Degraded' ||
    failed ||
    reasons.some(r => r.kind === 'ProgressingTooLong');
  const rollback =
    bad && badRevision
      ? {
          revision: badRevision,
          command: `git revert ${badRevision}`,
          ...(commitUrl(app.repoURL, badRevision)
            ? { commitUrl: commitUrl(app.repoURL, badRevision) }
            : {}),
        }
      : undefined;

  // Argo CD lists sidecar and init images too, sorted: the service's own is found by its repository.
  const images = splitImages(app.images, {
    repository: service.imageRepository,
    names: [service.kubernetesId, service.name],
  });
  const uiBase = cluster.uiUrl.replace(/\/+$/, '');
  return {
    id: `${service.entityRef}|${cluster.cluster}|${app.name}`,
    entityRef: service.entityRef,
    service: service.name,
    ...(service.title ? { title: service.title } : {}),
    ...(service.owner ? { owner: service.owner } : {}),
    cluster: cluster.cluster,
    app: {
      name: app.name,
      ...(app.namespace ? { namespace: app.namespace } : {}),
      ...(app.project ? { project: app.project } : {}),
      url: `${uiBase}/applications/${encodeURIComponent(app.name)}`,
    },
    syncStatus,
    health,
    ...(app.healthMessage ? { healthMessage: app.healthMessage } : {}),
    ...(operation ? { operation } : {}),
    ...(revision ? { revision } : {}),
    ...(target ? { targetRevision: target } : {}),
    images: app.images,
    serviceImages: images.service,
    sidecarImages: images.sidecars,
    ...(images.match ? { imageMatch: images.match } : {}),
    ...(images.version ? { version: images.version } : {}),
    ...(replicas ? { replicas } : {}),
    ...(lastSyncedAt ? { lastSyncedAt } : {}),
    history: [...app.history].reverse().map(h => ({
      id: h.id,
      revision: gitRevision(h.revision, app.repoURL, app.revisions[h.revision]),
      ...(h.deployedAt ? { deployedAt: h.deployedAt } : {}),
    })),
    needsReview: reasons,
    ...(rollback ? { rollback } : {}),
    stale: cluster.stale,
  };
}

/** The row of a service with no application (or no data) in a cluster. */
export function emptyRow(
  service: ServiceRef,
  cluster: ClusterData,
): DeploymentRow {
  return {
    id: `${service.entityRef}|${cluster.cluster}|`,
    entityRef: service.entityRef,
    service: service.name,
    ...(service.title ? { title: service.title } : {}),
    ...(service.owner ? { owner: service.owner } : {}),
    cluster: cluster.cluster,
    syncStatus: 'Unknown',
    health: cluster.apps ? 'Missing' : 'Unknown',
    healthMessage: cluster.apps
      ? `No Argo CD application in ${cluster.cluster} matches the service's argocd/app-selector`
      : `${cluster.cluster} Argo CD has not been read yet: ${
          cluster.source.error ?? 'unknown error'
        }`,
    images: [],
    serviceImages: [],
    sidecarImages: [],
    history: [],
    needsReview: [],
    stale: !cluster.apps || cluster.stale,
  };
}
