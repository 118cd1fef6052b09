import { GITOPS_REPO_URL } from './constants';
import { Scenario, currentDeploys } from './createScenario';
import { buildAddonApps } from './argocdAddons';
import { failedOperation } from './argocdFailures';
import { imageOf } from './kubernetes';
import { podImages, summaryImages } from './podImages';
import { stableUuid } from './random';
import { ClusterName, Service } from './types';

/** An Argo CD Application as `GET /api/v1/applications/{name}` returns it. */
export type ArgoApplication = {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
    /** Absent on apps no one labelled (e.g. those an ApplicationSet template creates without labels). */
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, any>;
  status: Record<string, any>;
};

export interface RevisionMetadata {
  author: string;
  date: string;
  message: string;
  tags?: string[];
}

export interface ArgoInstanceState {
  cluster: ClusterName;
  applications: ArgoApplication[];
  /** Commit metadata by GitOps revision SHA. */
  revisions: Map<string, RevisionMetadata>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function argoAppName(service: Service, cluster: ClusterName) {
  return `${service.name}-${cluster}`;
}

/** The Argo CD label selector that finds a service's app in every instance. */
export function argoAppSelector(service: Service) {
  return `backstage.io/kubernetes-id=${service.name}`;
}

function source(service: Service, cluster: ClusterName) {
  return {
    repoURL: GITOPS_REPO_URL,
    path: `apps/${cluster}/${service.team.namespace}/${service.name}`,
    targetRevision: 'main',
  };
}

function application(
  scenario: Scenario,
  service: Service,
  index: number,
  cluster: ClusterName,
  revisions: Map<string, RevisionMetadata>,
): ArgoApplication | undefined {
  const deployment = service.deployments[cluster];
  const history = deployment.history;
  const last = history[history.length - 1];
  if (!last) return undefined;
  const name = argoAppName(service, cluster);
  const src = source(service, cluster);
  for (const d of history) {
    revisions.set(d.revision, {
      author: `${d.author} <${d.author}@example.com>`,
      date: iso(d.deployStartedAt - 60_000),
      message: d.message,
    });
  }
  const syncedRevision = last.revision;
  const compareRevision = deployment.targetRevision ?? syncedRevision;
  if (deployment.targetRevision) {
    const next = service.releases[service.releases.length - 1];
    revisions.set(deployment.targetRevision, {
      author: `${last.author} <${last.author}@example.com>`,
      date: iso(scenario.now - 50 * 60_000),
      message: `chore(${service.name}): deploy ${next.version} to ${cluster}`,
    });
  }
  const ns = service.team.namespace;
  const healthOf = (kind: string) =>
    kind === 'Deployment' ? deployment.health : 'Healthy';
  const resourceKinds: Array<[string, string, string]> = [
    ['', 'v1', 'ConfigMap'],
    ['', 'v1', 'Service'],
    ['apps', 'v1', 'Deployment'],
    ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
    ...(service.kind === 'api' && cluster === 'prod'
      ? ([['networking.k8s.io', 'v1', 'Ingress']] as Array<
          [string, string, string]
        >)
      : []),
  ];
  const resources = resourceKinds.map(([group, version, kind]) => ({
    ...(group ? { group } : {}),
    version,
    kind,
    namespace: ns,
    name: kind === 'ConfigMap' ? `${service.name}-config` : service.name,
    status:
      deployment.sync === 'OutOfSync' && kind === 'Deployment'
        ? 'OutOfSync'
        : 'Synced',
    ...([
      'Deployment',
      'Service',
      'Ingress',
      'HorizontalPodAutoscaler',
    ].includes(kind)
      ? { health: { status: healthOf(kind) } }
      : {}),
  }));
  const healthMessages: Partial<Record<string, string>> = {
    Degraded: `Deployment "${service.name}" exceeded its progress deadline`,
    Progressing: `Waiting for rollout to finish: 1 out of ${deployment.replicas} new replicas have been updated...`,
  };
  const healthMessage = healthMessages[deployment.health];
  // Every image of every pod (old and new ReplicaSet during a rollout), sidecars and init
  // containers included, sorted as strings: so a sidecar can come first.
  const images = summaryImages(
    currentDeploys(service, cluster).map(d =>
      podImages(
        scenario.registry,
        service,
        index,
        cluster,
        imageOf(scenario, service, d.releaseIndex).image,
      ),
    ),
  );
  const operationFinished =
    deployment.health === 'Progressing' ? undefined : last.deployedAt;
  const operationState = {
    operation: {
      sync: { revision: syncedRevision, syncStrategy: { hook: {} } },
      initiatedBy: { automated: true },
      retry: { limit: 5 },
    },
    phase: operationFinished ? 'Succeeded' : 'Running',
    message: operationFinished
      ? 'successfully synced (all tasks run)'
      : `waiting for healthy state of apps/Deployment/${service.name}`,
    syncResult: {
      resources: resources.map(r => ({
        group: r.group ?? '',
        version: r.version,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        status: 'Synced',
        message: `${r.kind.toLowerCase()}/${r.name} configured`,
        hookPhase: 'Running',
        syncPhase: 'Sync',
      })),
      revision: syncedRevision,
      source: src,
    },
    startedAt: iso(last.deployStartedAt),
    ...(operationFinished ? { finishedAt: iso(operationFinished) } : {}),
  };
  const failed = failedOperation(
    service,
    cluster,
    src,
    compareRevision,
    operationState.syncResult.resources,
    scenario.now,
  );
  return {
    metadata: {
      name,
      namespace: 'argocd',
      uid: stableUuid(`argo:${name}`),
      resourceVersion: String(100000 + last.id),
      generation: last.id * 3,
      creationTimestamp: iso(service.createdAt),
      labels: {
        'backstage.io/kubernetes-id': service.name,
        'app.kubernetes.io/name': service.name,
        'pier.io/team': service.team.name,
        'pier.io/cluster': cluster,
      },
      annotations: {
        'argocd.argoproj.io/manifest-generate-paths': '.',
      },
    },
    spec: {
      project: service.team.namespace,
      source: src,
      destination: { server: 'https://kubernetes.default.svc', namespace: ns },
      // a failed automated sync stays automated; a pending commit waits for a manual sync
      syncPolicy:
        deployment.sync === 'OutOfSync' && !failed
          ? { syncOptions: ['CreateNamespace=false'] }
          : {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=false'],
            },
      revisionHistoryLimit: 10,
    },
    status: {
      resources,
      sync: {
        status: deployment.sync,
        comparedTo: {
          source: src,
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: ns,
          },
        },
        revision: compareRevision,
      },
      health: {
        status: deployment.health,
        ...(healthMessage ? { message: healthMessage } : {}),
        lastTransitionTime: iso(last.deployedAt),
      },
      history: history.slice(-10).map(d => ({
        id: d.id,
        revision: d.revision,
        deployedAt: iso(d.deployedAt),
        deployStartedAt: iso(d.deployStartedAt),
        source: src,
        initiatedBy: { automated: deployment.sync !== 'OutOfSync' },
      })),
      reconciledAt: iso(scenario.now - 60_000),
      ...(failed ?? { operationState }),
      sourceType: 'Kustomize',
      summary: {
        images,
        ...(service.kind === 'api' && cluster === 'prod'
          ? { externalURLs: [`https://${service.name}.internal.example.com/`] }
          : {}),
      },
      observedAt: iso(scenario.now - 60_000),
      controllerNamespace: 'argocd',
    },
  };
}

/** Builds the applications of the Argo CD instance of a cluster. */
export function buildArgoInstance(
  scenario: Scenario,
  cluster: ClusterName,
): ArgoInstanceState {
  const revisions = new Map<string, RevisionMetadata>();
  const applications: ArgoApplication[] = [];
  scenario.services.forEach((service, index) => {
    const app = application(scenario, service, index, cluster, revisions);
    if (app) {
      applications.push(app);
    }
  });
  // Platform add-ons: apps without Pier's labels, which no service must be mistaken for.
  applications.push(...buildAddonApps(scenario, cluster, revisions));
  return { cluster, applications, revisions };
}
