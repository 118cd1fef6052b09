import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  ReplicaCount,
} from '@internal/plugin-deployments-common';

/**
 * Reads every Deployment labelled `backstage.io/kubernetes-id` (the label carries the annotation's
 * value) of a cluster in one call.
 */
export interface ReplicaReader {
  /** Replicas by `<namespace>/<kubernetes-id>`. */
  read(cluster: string): Promise<Record<string, ReplicaCount>>;
}

interface DeploymentList {
  items?: Array<{
    metadata?: { namespace?: string; labels?: Record<string, string> };
    spec?: { replicas?: number };
    status?: { readyReplicas?: number };
  }>;
}

/**
 * Goes through the Kubernetes backend's proxy, so the cluster's own auth (service account locally,
 * `aws` with assume-role on EKS) applies and no cluster credentials are duplicated here.
 */
export function createReplicaReader(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
}): ReplicaReader {
  const { discovery, auth, timeoutMs } = options;
  return {
    async read(cluster) {
      const base = await discovery.getBaseUrl('kubernetes');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'kubernetes',
      });
      const res = await fetch(
        `${base}/proxy/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(
          KUBERNETES_ID_ANNOTATION,
        )}`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            'Backstage-Kubernetes-Cluster': cluster,
          },
          signal: AbortSignal.timeout(timeoutMs),
        },
      );
      if (!res.ok) throw await ResponseError.fromResponse(res);
      const list = (await res.json()) as DeploymentList;
      const replicas: Record<string, ReplicaCount> = {};
      for (const item of list.items ?? []) {
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
