/**
 * Input and output of {@link explain}. The input is the raw JSON the upstreams return — Kubernetes
 * objects as the API server lists them, Argo CD's application as `GET /api/v1/applications/{name}`
 * returns it — so a backend fills it from its object lists without translating anything.
 */

/** Any Kubernetes object, as listed by the API server (list items may lack `apiVersion`/`kind`). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string }>;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  /** Events: the object the event is about. */
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  /** Events. */
  reason?: string;
  message?: string;
  lastTimestamp?: string;
  eventTime?: string | null;
  /** PodMetrics: usage per container. */
  containers?: Array<{ name?: string; usage?: Record<string, string> }>;
  [key: string]: unknown;
}

/**
 * A service's objects in one cluster, keyed by the Kubernetes resource plural (the `type` names of
 * Backstage's Kubernetes backend: `pods`, `deployments`, `replicasets`, …). Every list is optional:
 * a missing list only means the explanations that need it cannot fire.
 */
export interface KubernetesObjects {
  deployments?: KubeObject[];
  replicasets?: KubeObject[];
  pods?: KubeObject[];
  /** Events of the service's namespace, plus those on the Nodes its pods run on (Karpenter's). */
  events?: KubeObject[];
  /** The Nodes the pods run on (for `kubernetes.io/arch` and Karpenter's pool). */
  nodes?: KubeObject[];
  /** `external-secrets.io` ExternalSecrets of the service. */
  externalsecrets?: KubeObject[];
  /** `cert-manager.io/v1` Certificates of the service. */
  certificates?: KubeObject[];
  poddisruptionbudgets?: KubeObject[];
  /** `security.istio.io` PeerAuthentications of the namespace and of the mesh root (`istio-system`). */
  peerauthentications?: KubeObject[];
  /** The service's Namespace (for `istio-injection`). */
  namespaces?: KubeObject[];
  /** `metrics.k8s.io` PodMetrics of the pods (observed memory). */
  podmetrics?: KubeObject[];
}

/** An Argo CD Application as its API returns it (only the fields read here are typed). */
export interface ArgoApplication {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    source?: ArgoSource;
    sources?: ArgoSource[];
    [key: string]: unknown;
  };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string; message?: string };
    sourceType?: string;
    conditions?: Array<{ type?: string; message?: string }>;
    operationState?: {
      phase?: string;
      message?: string;
      syncResult?: {
        revision?: string;
        resources?: ArgoResourceResult[];
      };
    };
    [key: string]: unknown;
  };
}

export interface ArgoSource {
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  helm?: { valueFiles?: string[] };
}

/** One entry of `status.operationState.syncResult.resources`. */
export interface ArgoResourceResult {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  message?: string;
  hookType?: string;
  hookPhase?: string;
  syncPhase?: string;
}

/** Everything known about one service in one cluster. */
export interface ServiceClusterState {
  /** The catalog entity's name; used in titles and fixes. */
  service: string;
  cluster: string;
  /** The Kubernetes namespace (`backstage.io/kubernetes-namespace`), when known. */
  namespace?: string;
  /**
   * The service's own repository (the entity's `backstage.io/source-location`, `url:` prefix
   * allowed), where its Dockerfile, CI build and code live.
   */
  sourceLocation?: string;
  kubernetes: KubernetesObjects;
  /** The last lines of each pod's log, by pod name (`GET …/pods/{name}/log?tailLines=…`). */
  logs?: Record<string, string>;
  /** The service's Argo CD Application in this cluster. */
  argocd?: ArgoApplication;
}

/** Every explanation the library gives; stable, safe to key UI and links on. */
export type ExplanationId =
  | 'image-arch-mismatch'
  | 'image-not-found'
  | 'image-pull-unauthorized'
  | 'crash-loop'
  | 'oom-killed'
  | 'external-secret-not-synced'
  | 'certificate-not-ready'
  | 'istio-sidecar-missing'
  | 'argocd-sync-failed'
  | 'argocd-hook-failed'
  | 'progress-deadline-exceeded'
  | 'pdb-blocks-consolidation';

/** `error`: the service (or its rollout) is broken now; `warning`: it will hurt, or hurts others. */
export type ExplanationSeverity = 'error' | 'warning';

/** One piece of evidence, quoted as the upstream said it. */
export interface Evidence {
  /** Where it was read, e.g. `Event on Pod payments/x`, `Argo CD payouts-service-prod`. */
  source: string;
  text: string;
}

/** The file to change, in the service's repository or in the GitOps repository. */
export interface FileToChange {
  repository: 'service' | 'gitops';
  /** The repository's URL when known (GitOps: the Argo CD source; service: its source location). */
  repositoryUrl?: string;
  /** Path inside the repository. */
  path: string;
  /** What to change in it, concretely. */
  change: string;
}

export interface Explanation {
  id: ExplanationId;
  severity: ExplanationSeverity;
  service: string;
  cluster: string;
  /** One line a junior understands. */
  title: string;
  /** Why, in one or two sentences that quote the evidence. */
  cause: string;
  evidence: Evidence[];
  /** Concrete steps, in order. */
  fix: string[];
  /** The file to change first. */
  file: FileToChange;
  /** Other files that may need the same change. */
  relatedFiles: FileToChange[];
  /** The objects involved, e.g. `Pod payments/x`. */
  objects: string[];
}
