import {
  DeploymentRow,
  HealthStatus,
  OperationPhase,
  ReplicaCount,
  SyncStatus,
} from '@internal/plugin-deployments-common';
import { createAppMatcher } from './appMatcher';
import { deployedRevision, gitRevision } from './gitRevision';
import { attachParity } from './parity';
import { RowFacts, reviewReasons, rollbackHint } from './reviewReasons';
import { splitImages } from './serviceImages';
import { AppSummary, ClusterData, ServiceRef } from './types';

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

function operationOf(app: AppSummary): DeploymentRow['operation'] {
  if (!app.operation) return undefined;
  const { message, startedAt, finishedAt } = app.operation;
  return {
    phase: oneOf(PHASES, app.operation.phase, 'Running'),
    ...(message ? { message } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
  };
}

/** What a row states about one application before reasons: statuses, revisions, operation. */
function factsOf(cluster: string, app: AppSummary): RowFacts {
  const syncStatus = oneOf(SYNC, app.syncStatus, 'Unknown');
  const current = deployedRevision(app);
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
  return {
    cluster,
    app,
    syncStatus,
    health: oneOf(HEALTH, app.health, 'Unknown'),
    operation: operationOf(app),
    current,
    ...(current
      ? {
          revision: gitRevision(current, app.repoURL, app.revisions[current]),
        }
      : {}),
    ...(target ? { target } : {}),
  };
}

/** Link to the application in the Argo CD UI (`/applications/<ns>/<name>` for apps in any namespace). */
function appUrl(cluster: ClusterData, service: ServiceRef, app: AppSummary) {
  const base = cluster.uiUrl.replace(/\/+$/, '');
  const name = encodeURIComponent(app.name);
  return service.appNamespace && app.namespace
    ? `${base}/applications/${encodeURIComponent(app.namespace)}/${name}`
    : `${base}/applications/${name}`;
}

/** Builds the row of one application in one cluster, without cross-cluster drift. */
export function appRow(
  service: ServiceRef,
  cluster: ClusterData,
  app: AppSummary,
  options: { now: number; progressingTimeoutMinutes: number },
): DeploymentRow {
  const facts = factsOf(cluster.cluster, app);
  const { syncStatus, health, operation, revision, target } = facts;
  const replicas = replicasOf(service, cluster.replicas);
  const lastSyncedAt =
    (operation?.phase === 'Succeeded' && operation.finishedAt) ||
    app.history[app.history.length - 1]?.deployedAt;
  const reasons = reviewReasons(facts, options);
  const rollback = rollbackHint(facts, reasons);
  // Argo CD lists sidecar and init images too, sorted: the service's own is found by its repository,
  // else by a name: the service's, or the app's `app.kubernetes.io/name` label (an entity written
  // for Roadie's plugin may name its app and nothing else).
  const appLabel = app.labels['app.kubernetes.io/name'];
  const images = splitImages(app.images, {
    repository: service.imageRepository,
    names: [
      service.kubernetesId,
      service.name,
      ...(appLabel ? [appLabel] : []),
    ],
  });
  return {
    id: `${service.entityRef}|${cluster.cluster}|${app.name}`,
    ...serviceFields(service),
    cluster: cluster.cluster,
    app: {
      name: app.name,
      ...(app.namespace ? { namespace: app.namespace } : {}),
      ...(app.project ? { project: app.project } : {}),
      url: appUrl(cluster, service, app),
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

function serviceFields(service: ServiceRef) {
  return {
    entityRef: service.entityRef,
    service: service.name,
    ...(service.title ? { title: service.title } : {}),
    ...(service.owner ? { owner: service.owner } : {}),
  };
}

/** How the service looks for its apps, as its annotations say it (for "no app found" messages). */
export function locatorText(service: ServiceRef): string {
  const ns = service.appNamespace
    ? ` in namespace ${service.appNamespace} (argocd/app-namespace)`
    : '';
  return service.locator.by === 'name'
    ? `named ${service.locator.names.join(' or ')} (argocd/app-name)${ns}`
    : `matches the service's argocd/app-selector ${service.locator.selector}${ns}`;
}

/** The row of a service with no application (or no data) in a cluster. */
export function emptyRow(
  service: ServiceRef,
  cluster: ClusterData,
  why?: string,
): DeploymentRow {
  let healthMessage = `${cluster.cluster} Argo CD has not been read yet: ${
    cluster.source.error ?? 'unknown error'
  }`;
  if (why) healthMessage = why;
  else if (cluster.apps) {
    healthMessage = `No Argo CD application in ${cluster.cluster} ${locatorText(
      service,
    )}`;
  }
  return {
    id: `${service.entityRef}|${cluster.cluster}|`,
    ...serviceFields(service),
    cluster: cluster.cluster,
    syncStatus: 'Unknown',
    health: cluster.apps && !why ? 'Missing' : 'Unknown',
    healthMessage,
    images: [],
    serviceImages: [],
    sidecarImages: [],
    history: [],
    needsReview: [],
    stale: !cluster.apps || cluster.stale,
  };
}

/**
 * The clusters a service is looked for in: every one, or only the one its `argocd/instance-name`
 * pins. A name that is no configured instance is said on each cluster's row instead.
 */
function clustersOf(service: ServiceRef, data: ClusterData[]) {
  if (!service.instance) return { clusters: data.map((_, i) => i) };
  const pinned = data.findIndex(d => d.cluster === service.instance);
  if (pinned >= 0) return { clusters: [pinned] };
  return {
    clusters: data.map((_, i) => i),
    why: `argocd/instance-name is "${
      service.instance
    }", which is not a configured Argo CD instance (configured: ${data
      .map(d => d.cluster)
      .join(', ')}): fix the annotation in catalog-info.yaml`,
  };
}

/**
 * Every service × cluster row: the apps the service's annotations find, or one empty row; and,
 * on the rows of a service with one app per cluster, its clusters compared (parity).
 */
export function buildRows(
  services: ServiceRef[],
  data: ClusterData[],
  options: { now: number; progressingTimeoutMinutes: number },
): DeploymentRow[] {
  const rows: DeploymentRow[] = [];
  const matchers = data.map(cluster => createAppMatcher(cluster.apps ?? []));
  for (const service of services) {
    const { clusters, why } = clustersOf(service, data);
    const found: Array<{ row: DeploymentRow; app: AppSummary }> = [];
    for (const c of clusters) {
      const matched = why ? [] : matchers[c](service);
      if (matched.length === 0) rows.push(emptyRow(service, data[c], why));
      for (const app of matched) {
        const row = appRow(service, data[c], app, options);
        found.push({ row, app });
        rows.push(row);
      }
    }
    attachParity(
      found,
      data.map(d => d.cluster),
    );
  }
  return rows;
}
