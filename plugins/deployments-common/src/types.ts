/** Argo CD sync status of an application. @public */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** Argo CD health status of an application. @public */
export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/** Phase of an application's last sync operation. @public */
export type OperationPhase =
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Error'
  | 'Terminating';

/**
 * Why a row needs a reviewer's attention.
 *
 * @public
 */
export type ReviewReasonKind =
  | 'OutOfSync'
  | 'Degraded'
  | 'ProgressingTooLong'
  | 'OperationFailed'
  | 'VersionDrift';

/** @public */
export const REVIEW_REASON_KINDS: readonly ReviewReasonKind[] = [
  'OutOfSync',
  'Degraded',
  'ProgressingTooLong',
  'OperationFailed',
  'VersionDrift',
];

/** @public */
export interface ReviewReason {
  kind: ReviewReasonKind;
  /** One sentence a junior can act on. */
  message: string;
}

/** A GitOps repository commit, as Argo CD knows it. @public */
export interface GitRevision {
  sha: string;
  shortSha: string;
  message?: string;
  author?: string;
  /** ISO time of the commit. */
  date?: string;
  /** Link to the commit in the GitOps repository, when the host is known. */
  commitUrl?: string;
}

/** Version drift between clusters, reported on the row of the cluster that is behind. @public */
export interface VersionDrift {
  /** The cluster that runs a newer version. */
  aheadCluster: string;
  aheadVersion?: string;
  behindVersion?: string;
  /** How many deploys the ahead cluster has had since the version this cluster runs; undefined if unknown. */
  revisionsBehind?: number;
  message: string;
}

/** The GitOps rollback path for a bad deploy: revert the commit that introduced it. @public */
export interface RollbackHint {
  revision: string;
  command: string;
  commitUrl?: string;
}

/**
 * How a row's service image was told apart from the sidecars: by the `aws.amazon.com/ecr-repository`
 * annotation (`repository`), by an image named like the service (`name`: `<registry>/<any>/<kubernetes-id>`),
 * or as the application's only image (`only`).
 *
 * @public
 */
export type ImageMatch = 'repository' | 'name' | 'only';

/** One row of the board: one service's application in one cluster. @public */
export interface DeploymentRow {
  /** Stable row id: `<entityRef>|<cluster>|<app>`. */
  id: string;
  /** Entity ref of the Component, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** Entity name. */
  service: string;
  title?: string;
  /** Owner entity ref (`group:default/team-checkout`), if any. */
  owner?: string;
  cluster: string;
  /** The Argo CD application; absent when no application matched the selector. */
  app?: {
    name: string;
    namespace?: string;
    project?: string;
    /** Link to the application in the Argo CD UI of the cluster. */
    url: string;
  };
  syncStatus: SyncStatus;
  health: HealthStatus;
  healthMessage?: string;
  operation?: {
    phase: OperationPhase;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
  /** The revision that is deployed (last sync). */
  revision?: GitRevision;
  /** When OutOfSync: the revision Argo CD would sync to. */
  targetRevision?: GitRevision;
  /**
   * Every image the application runs, as Argo CD lists it (`status.summary.images`): the images of
   * all its pods, init containers and sidecars included, sorted as strings (not in deploy order).
   */
  images: string[];
  /**
   * The service's own images, told apart by `imageMatch`: one, or two while a rollout replaces one
   * tag by another. Empty when no image could be attributed to the service.
   */
  serviceImages: string[];
  /** Every other image: sidecars (istio-proxy), init containers (istio-init, dd-lib, migrations). */
  sidecarImages: string[];
  /** How the service's own image was found; absent when none was. */
  imageMatch?: ImageMatch;
  /** Tag of the service's own image (the newest during a rollout), e.g. `1.14.2`. Drift compares it. */
  version?: string;
  /** Ready / desired replicas of the service's Deployment in this cluster (Kubernetes API). */
  replicas?: ReplicaCount;
  /** ISO time of the last successful sync. */
  lastSyncedAt?: string;
  /** Recent deploys, newest first (at most 10, as Argo CD keeps them). */
  history: Array<{
    id: number;
    revision: GitRevision;
    deployedAt?: string;
  }>;
  needsReview: ReviewReason[];
  drift?: VersionDrift;
  /**
   * The service's clusters compared field by field (prod against nonprod): set on each of its rows
   * when it has exactly one application in at least two clusters.
   */
  parity?: ServiceParity;
  rollback?: RollbackHint;
  /** True when this row comes from the last good read of an unreachable Argo CD. */
  stale: boolean;
}

/**
 * A fact of a service compared across clusters: `version` (tag of its own image), `replicas`
 * (desired, from Kubernetes), `source` (the Git revision or chart version each app tracks),
 * `config` (Helm values and parameters, Kustomize images and settings, the source path, with the
 * cluster's own name in paths and file names read as the same) and `lastSync`.
 *
 * @public
 */
export type ParityFieldKind =
  | 'version'
  | 'replicas'
  | 'source'
  | 'config'
  | 'lastSync';

/** One setting that differs between clusters, e.g. `helm.parameters.image.tag`. @public */
export interface ParityDetail {
  key: string;
  /** The value in each cluster; absent where the cluster does not set it. */
  values: Record<string, string | undefined>;
}

/** One fact in each cluster. @public */
export interface ParityField {
  field: ParityFieldKind;
  /** What a person calls it: `Version`, `Replicas`, `Git source`, `Config`, `Last sync`. */
  label: string;
  /**
   * The value in each cluster as shown (`1.14.2`, `3 desired, 3 ready`, `main`, `2 settings differ`);
   * `lastSync` values are ISO times. Absent where unknown.
   */
  values: Record<string, string | undefined>;
  differs: boolean;
  /** What differs, in one sentence (only when it does). */
  message?: string;
  /** For `config`: each setting that differs. */
  details?: ParityDetail[];
}

/** A service's clusters compared, computed once per board build. @public */
export interface ServiceParity {
  /** The clusters compared, in the board's order (e.g. `prod`, `nonprod`). */
  clusters: string[];
  fields: ParityField[];
  /** The fields that differ, in `fields` order. */
  differing: ParityFieldKind[];
}

/** Ready and desired replicas of a Deployment. @public */
export interface ReplicaCount {
  ready: number;
  desired: number;
}

/** State of one cluster's Argo CD as the board last read it. @public */
export interface ClusterSourceStatus {
  cluster: string;
  ok: boolean;
  /** ISO time of the last successful read, if any. */
  lastSeen?: string;
  /** Why the last read failed or was not trusted, with the last good data it shows instead. */
  error?: string;
  /** ISO time the current run of failed or rejected answers began. */
  since?: string;
  /** A suspicious answer (a sudden large drop) waits for a second one before it replaces good data. */
  awaitingConfirmation?: boolean;
  /** Link to the Argo CD UI of the cluster. */
  url?: string;
  /** The cluster's Kubernetes replica counts, read apart from Argo CD. */
  replicas?: ReplicaSourceStatus;
}

/** The Kubernetes read behind a cluster's replica counts. @public */
export interface ReplicaSourceStatus {
  ok: boolean;
  /** ISO time of the replica counts shown. */
  lastSeen?: string;
  error?: string;
  since?: string;
  awaitingConfirmation?: boolean;
}

/** Answer of `GET /api/deployments/board`. @public */
export interface DeploymentsBoard {
  /** ISO time the board was assembled. */
  generatedAt: string;
  /** How often the backend reads Argo CD, in seconds. */
  refreshSeconds: number;
  clusters: string[];
  sources: ClusterSourceStatus[];
  rows: DeploymentRow[];
}

/** Status filter of the board. @public */
export type BoardStatusFilter =
  | 'needsReview'
  | 'OutOfSync'
  | 'Synced'
  | 'Degraded'
  | 'Progressing'
  | 'Healthy'
  | 'OperationFailed'
  | 'VersionDrift';

/** @public */
export const BOARD_STATUS_FILTERS: readonly BoardStatusFilter[] = [
  'needsReview',
  'OutOfSync',
  'Synced',
  'Degraded',
  'Progressing',
  'Healthy',
  'OperationFailed',
  'VersionDrift',
];

/** Query of `GET /api/deployments/board`; every filter is optional. @public */
export interface DeploymentsBoardQuery {
  cluster?: string;
  /** Owner entity ref or group name. */
  owner?: string;
  status?: BoardStatusFilter;
  /** Entity ref or name of one service. */
  entityRef?: string;
}

/** Whether a row matches a status filter; shared by the backend and the page. @public */
export function rowMatchesStatus(
  row: DeploymentRow,
  status: BoardStatusFilter,
): boolean {
  switch (status) {
    case 'needsReview':
      return row.needsReview.length > 0;
    case 'OutOfSync':
    case 'Synced':
      return row.syncStatus === status;
    case 'Degraded':
    case 'Progressing':
    case 'Healthy':
      return row.health === status;
    case 'OperationFailed':
      return row.needsReview.some(r => r.kind === 'OperationFailed');
    case 'VersionDrift':
      return !!row.drift;
    default:
      return true;
  }
}
