import { requireList } from '@internal/backend-answer-guard';
import { KubernetesGet } from '@internal/backend-kubernetes-proxy';
import { KUBERNETES_ID_ANNOTATION } from '@internal/catalog-annotations';
import {
  DEFAULT_NODEPOOL_LABELS,
  NO_NODEPOOL,
} from '@internal/plugin-platform-cost-common';
import { regionOfNode } from '../Prices';
import { parseQuantity } from './quantity';
import { ClusterInventory, ClusterNode, ClusterPod } from './types';

/** Optional lists (pod metrics): a cluster without metrics-server still gets costed. */
const items = (list: any): any[] =>
  Array.isArray(list?.items) ? list.items : [];

function sumContainers(containers: any[], field: 'requests', key: string) {
  return containers.reduce(
    (sum, c) => sum + parseQuantity(c?.resources?.[field]?.[key]),
    0,
  );
}

/** The pool a node belongs to: the first of `labels` it carries, else {@link NO_NODEPOOL}. */
export function nodepoolOf(
  nodeLabels: Record<string, string>,
  labels: readonly string[] = DEFAULT_NODEPOOL_LABELS,
): string {
  for (const label of labels) {
    const value = nodeLabels[label];
    if (value) return value;
  }
  return NO_NODEPOOL;
}

/**
 * Reads nodes (with Karpenter's labels: the nodepool from the first of `nodepoolLabels` a node
 * carries, the region from its topology labels), pods, PodDisruptionBudgets and pod metrics of a
 * cluster. A node, pod or PodDisruptionBudget list answered without `items` is an error (a
 * `ShapelessAnswerError`), never an empty cluster: every node would count as removed.
 */
export async function readClusterInventory(
  get: KubernetesGet,
  cluster: string,
  options: { nodepoolLabels?: readonly string[]; signal?: AbortSignal } = {},
): Promise<ClusterInventory> {
  const read = { signal: options.signal };
  const [nodeList, podList, pdbList, metricList] = await Promise.all([
    get(cluster, '/api/v1/nodes', read),
    get(cluster, '/api/v1/pods?fieldSelector=status.phase%3DRunning', read),
    get(cluster, '/apis/policy/v1/poddisruptionbudgets', read),
    // Usage is optional: a cluster without metrics-server still gets costed.
    get(cluster, '/apis/metrics.k8s.io/v1beta1/pods', read).catch(
      () => undefined,
    ),
  ]);

  const source = (what: string) => `Kubernetes ${cluster} ${what}`;
  const nodeItems = requireList<any>(nodeList, 'items', source('nodes'));
  const podItems = requireList<any>(podList, 'items', source('pods'));
  const pdbItems = requireList<any>(
    pdbList,
    'items',
    source('PodDisruptionBudgets'),
  );

  const nodes: ClusterNode[] = [];
  for (const n of nodeItems) {
    const labels: Record<string, string> = n.metadata?.labels ?? {};
    const instanceType =
      labels['node.kubernetes.io/instance-type'] ??
      labels['beta.kubernetes.io/instance-type'];
    if (!instanceType) continue;
    nodes.push({
      name: n.metadata.name,
      nodepool: nodepoolOf(labels, options.nodepoolLabels),
      instanceType,
      capacityType:
        labels['karpenter.sh/capacity-type'] === 'spot' ? 'spot' : 'on-demand',
      arch: labels['kubernetes.io/arch'] ?? 'amd64',
      region: regionOfNode(labels),
      zone:
        labels['topology.kubernetes.io/zone'] ??
        labels['failure-domain.beta.kubernetes.io/zone'] ??
        '',
      createdAt: n.metadata.creationTimestamp,
      cpuAllocatable: parseQuantity(n.status?.allocatable?.cpu),
      memoryAllocatable: parseQuantity(n.status?.allocatable?.memory),
    });
  }

  const usage = new Map<string, { cpu: number; memory: number }>();
  for (const m of items(metricList)) {
    const containers: any[] = m.containers ?? [];
    usage.set(`${m.metadata?.namespace}/${m.metadata?.name}`, {
      cpu: containers.reduce((s, c) => s + parseQuantity(c.usage?.cpu), 0),
      memory: containers.reduce(
        (s, c) => s + parseQuantity(c.usage?.memory),
        0,
      ),
    });
  }

  const pods: ClusterPod[] = [];
  for (const p of podItems) {
    if (p.status?.phase && p.status.phase !== 'Running') continue;
    const labels: Record<string, string> = p.metadata?.labels ?? {};
    const containers: any[] = p.spec?.containers ?? [];
    const used = usage.get(`${p.metadata.namespace}/${p.metadata.name}`);
    pods.push({
      namespace: p.metadata.namespace,
      name: p.metadata.name,
      nodeName: p.spec?.nodeName,
      kubernetesId: labels[KUBERNETES_ID_ANNOTATION],
      labels,
      cpuRequest: sumContainers(containers, 'requests', 'cpu'),
      memoryRequest: sumContainers(containers, 'requests', 'memory'),
      cpuUsage: used?.cpu,
      memoryUsage: used?.memory,
    });
  }

  return {
    cluster,
    nodes,
    pods,
    disruptionBudgets: pdbItems.map(b => ({
      namespace: b.metadata?.namespace,
      matchLabels: b.spec?.selector?.matchLabels ?? {},
    })),
  };
}
