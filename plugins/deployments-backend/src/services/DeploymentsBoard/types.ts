import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { PreparedBody } from '@internal/backend-read-through-cache';
import {
  ClusterSourceStatus,
  DeploymentsBoard,
  DeploymentsBoardQuery,
  ReplicaCount,
} from '@internal/plugin-deployments-common';

export interface DeploymentsBoardOptions {
  refreshSeconds: number;
  /** How long a viewer waits for a rebuild before getting the previous board. */
  rebuildWaitSeconds: number;
  progressingTimeoutMinutes: number;
  requestTimeoutMs: number;
  appSelector?: string;
  metadataConcurrency: number;
}

/** Commit metadata, as the snapshot keeps it. */
export interface RevisionInfo {
  author?: string;
  date?: string;
  message?: string;
}

/** One Argo CD application, reduced to what the board shows (JSON, for the cache). */
export interface AppSummary {
  name: string;
  namespace?: string;
  project?: string;
  labels: Record<string, string>;
  repoURL?: string;
  syncStatus: string;
  syncRevision?: string;
  health: string;
  healthMessage?: string;
  operation?: {
    phase: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    revision?: string;
  };
  history: Array<{
    id: number;
    revision: string;
    deployedAt?: string;
    deployStartedAt?: string;
  }>;
  images: string[];
  /** What the application's spec says to deploy, for the clusters' parity. */
  source?: AppSource;
  /** Commit metadata of the deployed and target revisions, by SHA. */
  revisions: Record<string, RevisionInfo>;
}

/** What an application's spec says to deploy (first source, or every source of a multi-source app). */
export interface AppSource {
  /** `targetRevision` (a branch, tag or SHA; for a Helm chart, the chart version as `chart@version`). */
  revision?: string;
  /**
   * The settings that shape what is deployed, flattened to `key → value`: `path`,
   * `helm.valueFiles`, `helm.parameters.<name>`, `helm.values.<dotted.key>`, `kustomize.images.<name>`,
   * `kustomize.namePrefix`, `kustomize.replicas.<name>`…; prefixed `sources[i].` for multi-source apps.
   */
  settings: Record<string, string>;
}

/**
 * How a service finds its applications, from the Roadie Argo CD plugin's annotations:
 * `argocd/app-name` (one or more names, comma-separated) wins over `argocd/app-selector`, as in
 * Roadie's plugin.
 */
export type AppLocator =
  | { by: 'name'; names: string[] }
  | {
      by: 'selector';
      selector: string;
      matches(labels: Record<string, string>): boolean;
      /** Apps can match only if label `key` has one of `values` (absent: test every app). */
      hint?: { key: string; values: string[] };
    };

/** A Component with Argo CD annotations, as the board needs it. */
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
  locator: AppLocator;
  /** `argocd/instance-name`: the one Argo CD instance (= cluster) that holds the apps. */
  instance?: string;
  /** `argocd/app-namespace`: the namespace of the Application resources (apps in any namespace). */
  appNamespace?: string;
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

/** One successful read of one Argo CD instance. */
export interface InstanceSnapshot {
  cluster: string;
  fetchedAt: string;
  apps: AppSummary[];
}

export interface DeploymentsBoardService {
  /** The board, with only the services the caller (`credentials`) may see in the catalog. */
  getBoard(
    query: DeploymentsBoardQuery,
    credentials: BackstageCredentials,
  ): Promise<DeploymentsBoard>;
  /** The same answer as JSON bytes with their entity tag, made once per built board, query and visibility. */
  getBoardJson(
    query: DeploymentsBoardQuery,
    credentials: BackstageCredentials,
  ): Promise<PreparedBody>;
  /** Upstream HTTP requests sent so far, per cluster (for logs, tests and benchmarks). */
  upstreamCalls(): Record<string, number>;
}
