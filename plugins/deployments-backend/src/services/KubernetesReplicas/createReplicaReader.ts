import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { requireList } from '@internal/backend-answer-guard';
import { kubernetesProxyGet } from '@internal/backend-kubernetes-proxy';
import { KUBERNETES_ID_ANNOTATION } from '@internal/catalog-annotations';
import { ReplicaCount } from '@internal/plugin-deployments-common';

/**
 * Reads every Deployment labelled `backstage.io/kubernetes-id` (the label carries the annotation's
 * value) of a cluster in one call.
 */
export interface ReplicaReader {
  /** Replicas by `<namespace>/<kubernetes-id>`. */
  read(cluster: string): Promise<Record<string, ReplicaCount>>;
}

interface DeploymentItem {
  metadata?: { namespace?: string; labels?: Record<string, string> };
  spec?: { replicas?: number };
  status?: { readyReplicas?: number };
}

/** Through the Kubernetes backend's proxy (`@internal/backend-kubernetes-proxy`). */
export function createReplicaReader(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
}): ReplicaReader {
  const get = kubernetesProxyGet(options);
  return {
    async read(cluster) {
      // The API server always answers a list with `items` (empty or not): without, it is no answer.
      const items = requireList<DeploymentItem>(
        await get(
          cluster,
          `/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(
            KUBERNETES_ID_ANNOTATION,
          )}`,
        ),
        'items',
        `Kubernetes ${cluster} deployments`,
      );
      const replicas: Record<string, ReplicaCount> = {};
      for (const item of items) {
        const id = item.metadata?.labels?.[KUBERNETES_ID_ANNOTATION];
        if (!id) continue;
        replicas[`${item.metadata?.namespace ?? ''}/${id}`] = {
          ready: item.status?.readyReplicas ?? 0,
          desired: item.spec?.replicas ?? 1,
        };
      }
      return replicas;
    },
  };
}
