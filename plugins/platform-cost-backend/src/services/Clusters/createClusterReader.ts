import { KubernetesGet } from '@internal/backend-kubernetes-proxy';
import { KUBERNETES_ID_ANNOTATION } from '@internal/plugin-deployments-common';
import { parseQuantity } from './quantity';
import { ClusterInventory, ClusterNode, ClusterPod } from './types';

const items = (list: any): any[] =>
  Array.isArray(list?.items) ? list.items : [];

function sumContainers(containers: any[], field: 'requests', key: string) {
  return containers.reduce(
    (sum, c) => sum + parseQuantity(c?.resources?.[field]?.[key]),
    0,
  );
}

/** Reads nodes (with Karpenter's labels), pods, PodDisruptionBudgets and pod metrics of a cluster. */
export async function readClusterInventory(
  get: KubernetesGet,
  cluster: string,
): Promise<ClusterInventory> {
  const [nodeList, podList, pdbList, metricList] = await Promise.all([
    get(cluster, '/api/v1/nodes'),
    get(cluster, '/api/v1/pods?fieldSelector=status.phase%3DRunning'),
    get(cluster, '/apis/policy/v1/poddisruptionbudgets'),
    // Usage is optional: a cluster without metrics-server still gets costed.
    get(cluster, '/apis/metrics.k8s.io/v1beta1/pods').catch(() => undefined),
  ]);

  const nodes: ClusterNode[] = [];
  for (const n of items(nodeList)) {
    const labels: Record<string, string> = n.metadata?.labels ?? {};
    const instanceType =
      labels['node.kubernetes.io/instance-type'] ??
      labels['beta.kubernetes.io/instance-type'];
    if (!instanceType) continue;
    nodes.push({
      name: n.metadata.name,
      nodepool: labels['karpenter.sh/nodepool'] ?? '(none)',
      instanceType,
      capacityType:
        labels['karpenter.sh/capacity-type'] === 'spot' ? 'spot' : 'on-demand',
      arch: labels['kubernetes.io/arch'] ?? 'amd64',
      zone: labels['topology.kubernetes.io/zone'] ?? '',
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
  for (const p of items(podList)) {
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
    disruptionBudgets: items(pdbList).map(b => ({
      namespace: b.metadata?.namespace,
      matchLabels: b.spec?.selector?.matchLabels ?? {},
    })),
  };
}
