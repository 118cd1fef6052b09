import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** GETs a Kubernetes API path (`/api/v1/nodes`) of one cluster and returns the parsed JSON. */
export type KubernetesGet = (cluster: string, path: string) => Promise<any>;

/**
 * Through the Kubernetes backend's proxy, so the cluster's own auth (service account locally,
 * `aws` with assume-role on EKS) applies and no plugin holds cluster credentials of its own.
 * A non-2xx answer throws a `ResponseError`; no answer within `timeoutMs` aborts.
 */
export function kubernetesProxyGet(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
}): KubernetesGet {
  const { discovery, auth, timeoutMs } = options;
  return async (cluster, path) => {
    const base = await discovery.getBaseUrl('kubernetes');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    const res = await fetch(`${base}/proxy${path}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'Backstage-Kubernetes-Cluster': cluster,
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  };
}
