/** The two isolated EKS clusters, named the same everywhere in Pier. */
export type ClusterName = 'prod' | 'nonprod';

export const CLUSTER_NAMES: readonly ClusterName[] = ['prod', 'nonprod'];

export type CapacityType = 'spot' | 'on-demand';
export type Arch = 'amd64' | 'arm64';

export interface ScenarioOptions {
  /** Seed for every random choice; same seed, same world. */
  seed?: number;
  /** Number of services (at least 12 by default, spread over the 4 product teams). */
  services?: number;
  /** Number of nodes alive now, across both clusters. */
  nodes?: number;
  /** Number of SecurityHub/Inspector findings. */
  findings?: number;
  /** Days of history (deployments, node consolidation, costs, metrics). */
  days?: number;
  /** "Now" of the world; defaults to the current hour. */
  now?: Date;
}

export interface Team {
  /** Group entity name, e.g. `team-payments`. */
  name: string;
  title: string;
  /** Kubernetes namespace of the team's workloads in both clusters. */
  namespace: string;
  /** System entity name for the team's services. */
  system: string;
}

export interface InstanceType {
  name: string;
  arch: Arch;
  vcpu: number;
  memoryGiB: number;
  /** On-demand list price in USD per hour, by region (only the regions the type runs in). */
  onDemandHourly: Readonly<Partial<Record<string, number>>>;
}

/** Karpenter's API: `v1` (NodePools, `karpenter.sh/nodepool`) or `v1alpha5` before v0.32 (Provisioners, `karpenter.sh/provisioner-name`). */
export type KarpenterApi = 'v1' | 'v1alpha5';

/** Where a cluster runs and what manages its nodes. */
export interface ClusterSetup {
  region: string;
  zones: readonly string[];
  karpenter: KarpenterApi;
  /** NodePools (v1) or Provisioners (v1alpha5), in pool-index order. */
  nodePools: readonly NodePool[];
  kubeletVersion: string;
  osImage: string;
  /** Without the architecture suffix (`.x86_64` / `.aarch64`). */
  kernelVersion: string;
}

export interface NodePool {
  name: string;
  arch: Arch;
  capacityTypes: CapacityType[];
  instanceTypes: string[];
}

/** One EC2 instance launched by Karpenter, alive between two times. */
export interface NodeLifetime {
  name: string;
  instanceId: string;
  cluster: ClusterName;
  nodePool: string;
  instanceType: string;
  capacityType: CapacityType;
  arch: Arch;
  /** AWS region (the cluster's), and the zone within it. */
  region: string;
  zone: string;
  /** Price actually paid, USD per hour (spot discount applied). */
  hourlyPrice: number;
  createdAt: number;
  /** Epoch ms of termination, undefined while running. */
  deletedAt?: number;
  /** Why Karpenter removed it (consolidation, drift, expiration, spot interruption). */
  disruptionReason?: string;
}

export interface Release {
  version: string;
  /** Commit of the application source that produced the image. */
  sourceSha: string;
  /** sha256 digest (hex, without prefix) of the pushed image. */
  digest: string;
  pushedAt: number;
  /** Per-version quality factor for metrics: >1 means a regression. */
  latencyFactor: number;
  errorFactor: number;
}

export interface Deploy {
  /** Argo CD history id (1-based, increasing per app). */
  id: number;
  releaseIndex: number;
  /** GitOps repository commit that bumped the image tag. */
  revision: string;
  deployStartedAt: number;
  deployedAt: number;
  author: string;
  message: string;
}

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/** What is wrong with a service in one cluster, if anything. */
export type FailureMode =
  | 'crash-loop'
  | 'arch-mismatch'
  | 'out-of-sync'
  | 'progressing'
  /** The container is OOMKilled and restarts, now running again (Argo CD still Healthy). */
  | 'oom-killed'
  /** The new release's tag was never pushed: ImagePullBackOff, `not found`. */
  | 'image-not-found'
  /** The new release's image is in a registry the nodes get no credentials for. */
  | 'image-unauthorized'
  /** The new release needs a secret its ExternalSecret cannot read (`SecretSyncedError`). */
  | 'secret-sync-error'
  /** The service's cert-manager Certificate cannot be issued. */
  | 'certificate-not-ready'
  /** The pods opt out of the Istio sidecar in a namespace with STRICT mTLS: callers get 503s. */
  | 'sidecar-missing'
  /** Argo CD's last sync failed: Kubernetes rejected a manifest. */
  | 'sync-failed'
  /** Argo CD's last sync stopped at a failed PreSync hook (the migration Job). */
  | 'hook-failed'
  /** The new pods never become Ready; the Deployment passed its progress deadline. */
  | 'progress-deadline'
  /** The PodDisruptionBudget allows no disruption: Karpenter cannot consolidate its node. */
  | 'pdb-blocking';

export interface ServiceDeployment {
  cluster: ClusterName;
  /** Deploys in order; the last one is what runs (or tries to run). */
  history: Deploy[];
  replicas: number;
  sync: SyncStatus;
  health: HealthStatus;
  failure?: FailureMode;
  /** Revision Argo CD would sync to when OutOfSync. */
  targetRevision?: string;
  /** The nodepool the Deployment pins to, if any. */
  nodePool?: string;
  /** The registry the newest deploy pulls from, when not the platform's ECR registry. */
  imageRegistry?: string;
}

export interface Service {
  name: string;
  team: Team;
  kind: 'api' | 'worker';
  lifecycle: 'production' | 'experimental';
  description: string;
  /** ECR repository name, e.g. `payments/payments-api`. */
  repository: string;
  /** Datadog APM operation name, e.g. `http.request`. */
  operation: string;
  /** True when the image is published for amd64 and arm64. */
  multiArch: boolean;
  cpuRequestMilli: number;
  memoryRequestMi: number;
  /** Requests per second at peak in prod. */
  peakRps: number;
  baseLatencyMs: number;
  baseErrorRate: number;
  createdAt: number;
  releases: Release[];
  deployments: Record<ClusterName, ServiceDeployment>;
}

export type SeverityLabel =
  | 'INFORMATIONAL'
  | 'LOW'
  | 'MEDIUM'
  | 'HIGH'
  | 'CRITICAL';

/**
 * Compact form of one Inspector finding on an ECR image (or EC2 instance);
 * the servers expand it to ASFF / Inspector2 JSON on demand.
 */
export interface FindingRecord {
  index: number;
  serviceIndex: number;
  /** Release of the service whose image the finding is on; -1 for EC2 findings. */
  releaseIndex: number;
  resourceType: 'AwsEcrContainerImage' | 'AwsEc2Instance';
  cve: string;
  packageName: string;
  packageVersion: string;
  fixedInVersion?: string;
  severity: SeverityLabel;
  cvss: number;
  recordState: 'ACTIVE' | 'ARCHIVED';
  workflowStatus: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';
  firstObservedAt: number;
  updatedAt: number;
  /** Resource id (ECR image ARN or EC2 instance ARN). */
  resourceId: string;
  /** For EC2 findings: the node it is on. */
  nodeName?: string;
}
