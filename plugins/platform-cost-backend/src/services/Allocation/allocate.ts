import { PriceFlag } from '@internal/plugin-platform-cost-common';
import { ClusterInventory, ClusterNode } from '../Clusters';

/**
 * Node cost is split between CPU and memory in OpenCost's default price ratio (CPU 65 %, memory
 * 35 %); each pod then pays its requested share of each.
 */
export const CPU_WEIGHT = 0.65;

/** What one node-hour costs, and the counterfactual prices the savings are measured against. */
export interface NodePrice {
  /** What the node costs per hour (spot rate for spot nodes). */
  hourly: number;
  /** On-demand list price of the same type: the "all on-demand" counterfactual. */
  onDemandHourly: number;
  /**
   * For arm64 nodes: what the equivalent x86 type would have cost at the same discount
   * (`hourly × x86 list / arm list`); for x86 nodes, `hourly`.
   */
  x86Hourly: number;
  flags: PriceFlag[];
}

export interface NodeCost extends ClusterNode {
  price: NodePrice;
  cpuRequested: number;
  memoryRequested: number;
}

/** One service's (or unlabelled namespace's) cost in the hour. */
export interface WorkloadCost {
  namespace: string;
  /** The pods' `backstage.io/kubernetes-id`, or undefined for unlabelled pods. */
  kubernetesId?: string;
  cost: number;
  spotCost: number;
  armCost: number;
  replicas: number;
  spotReplicas: number;
  armReplicas: number;
  cpuRequested: number;
  memoryRequested: number;
  cpuUsed: number;
  memoryUsed: number;
  /** Replicas with metrics (usage figures cover only these). */
  measuredReplicas: number;
  cpuRequestedMeasured: number;
  memoryRequestedMeasured: number;
  hasDisruptionBudget: boolean;
}

export interface HourAllocation {
  nodes: NodeCost[];
  workloads: WorkloadCost[];
  total: number;
  idle: number;
}

export const workloadKey = (namespace: string, kubernetesId?: string) =>
  `${namespace}/${kubernetesId ?? ''}`;

function matches(
  selector: Record<string, string>,
  labels: Record<string, string>,
) {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * Allocates one hour of every node's cost to the pods on it by requested share; what no pod
 * requested is idle. Requests above a node's allocatable (possible only on a misreporting node)
 * are scaled down so a node is never allocated more than it costs: services + idle = total.
 */
export function allocateHour(
  inventory: ClusterInventory,
  priceOf: (node: ClusterNode) => NodePrice,
): HourAllocation {
  const podsByNode = new Map<string, typeof inventory.pods>();
  for (const pod of inventory.pods) {
    if (!pod.nodeName) continue;
    const list = podsByNode.get(pod.nodeName) ?? [];
    list.push(pod);
    podsByNode.set(pod.nodeName, list);
  }

  const workloads = new Map<string, WorkloadCost>();
  const nodes: NodeCost[] = [];
  let total = 0;
  let allocated = 0;
  for (const node of inventory.nodes) {
    const price = priceOf(node);
    const pods = podsByNode.get(node.name) ?? [];
    const cpuRequested = pods.reduce((s, p) => s + p.cpuRequest, 0);
    const memoryRequested = pods.reduce((s, p) => s + p.memoryRequest, 0);
    nodes.push({ ...node, price, cpuRequested, memoryRequested });
    total += price.hourly;
    const cpuDenominator = Math.max(node.cpuAllocatable, cpuRequested);
    const memoryDenominator = Math.max(node.memoryAllocatable, memoryRequested);
    for (const pod of pods) {
      const share =
        (cpuDenominator ? (CPU_WEIGHT * pod.cpuRequest) / cpuDenominator : 0) +
        (memoryDenominator
          ? ((1 - CPU_WEIGHT) * pod.memoryRequest) / memoryDenominator
          : 0);
      const cost = price.hourly * share;
      allocated += cost;
      const key = workloadKey(pod.namespace, pod.kubernetesId);
      let w = workloads.get(key);
      if (!w) {
        w = {
          namespace: pod.namespace,
          kubernetesId: pod.kubernetesId,
          cost: 0,
          spotCost: 0,
          armCost: 0,
          replicas: 0,
          spotReplicas: 0,
          armReplicas: 0,
          cpuRequested: 0,
          memoryRequested: 0,
          cpuUsed: 0,
          memoryUsed: 0,
          measuredReplicas: 0,
          cpuRequestedMeasured: 0,
          memoryRequestedMeasured: 0,
          hasDisruptionBudget: false,
        };
        workloads.set(key, w);
      }
      w.cost += cost;
      w.replicas += 1;
      if (node.capacityType === 'spot') {
        w.spotCost += cost;
        w.spotReplicas += 1;
      }
      if (node.arch === 'arm64') {
        w.armCost += cost;
        w.armReplicas += 1;
      }
      w.cpuRequested += pod.cpuRequest;
      w.memoryRequested += pod.memoryRequest;
      if (pod.cpuUsage !== undefined) {
        w.measuredReplicas += 1;
        w.cpuUsed += pod.cpuUsage;
        w.memoryUsed += pod.memoryUsage ?? 0;
        w.cpuRequestedMeasured += pod.cpuRequest;
        w.memoryRequestedMeasured += pod.memoryRequest;
      }
      if (
        !w.hasDisruptionBudget &&
        inventory.disruptionBudgets.some(
          b =>
            b.namespace === pod.namespace && matches(b.matchLabels, pod.labels),
        )
      ) {
        w.hasDisruptionBudget = true;
      }
    }
  }
  return {
    nodes,
    workloads: [...workloads.values()],
    total,
    idle: total - allocated,
  };
}
