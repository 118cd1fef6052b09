/** A node as Karpenter labels it, with what the scheduler can place on it. */
export interface ClusterNode {
  name: string;
  /** Karpenter nodepool (or v1alpha5 provisioner), or `NO_NODEPOOL`. */
  nodepool: string;
  instanceType: string;
  capacityType: 'spot' | 'on-demand';
  arch: string;
  /** AWS region from the node's labels; undefined when it has neither region nor zone labels. */
  region?: string;
  zone: string;
  createdAt: string;
  cpuAllocatable: number;
  memoryAllocatable: number;
}

/** A scheduled pod: where it runs, what it requested and what it uses. */
export interface ClusterPod {
  namespace: string;
  name: string;
  nodeName?: string;
  /** Value of the `backstage.io/kubernetes-id` label, if any. */
  kubernetesId?: string;
  labels: Record<string, string>;
  cpuRequest: number;
  memoryRequest: number;
  /** From metrics.k8s.io, when the pod has metrics. */
  cpuUsage?: number;
  memoryUsage?: number;
}

export interface DisruptionBudget {
  namespace: string;
  matchLabels: Record<string, string>;
}

/** One read of a cluster. */
export interface ClusterInventory {
  cluster: string;
  nodes: ClusterNode[];
  pods: ClusterPod[];
  disruptionBudgets: DisruptionBudget[];
}
