import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ArgoApplication } from '@internal/platform-explanations';
import { ArgoAppGet } from './readClusterState';

/**
 * Reads one Argo CD application through the Argo CD backend
 * (`@roadiehq/backstage-plugin-argo-cd-backend`, `GET /argoInstance/{instance}/applications/name/{app}`),
 * which holds the instances' credentials: the application exactly as Argo CD's API returns it,
 * with its operation state and sync result. The instance is the cluster's name (one Argo CD per
 * cluster, `argocd.appLocatorMethods`).
 */
export function createArgoAppReader(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
}): ArgoAppGet {
  const { discovery, auth, timeoutMs } = options;
  return async (cluster, app) => {
    const base = await discovery.getBaseUrl('argocd');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'argocd',
    });
    const query = app.namespace
      ? `?appNamespace=${encodeURIComponent(app.namespace)}`
      : '';
    const res = await fetch(
      `${base}/argoInstance/${encodeURIComponent(
        cluster,
      )}/applications/name/${encodeURIComponent(app.name)}${query}`,
      {
        // Loopback to this backend: no compression to undo in the same process.
        headers: {
          authorization: `Bearer ${token}`,
          'accept-encoding': 'identity',
        },
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as ArgoApplication;
    if (typeof body !== 'object' || body === null || !body.metadata) {
      throw new Error(
        `Argo CD ${cluster} answered without an application for ${app.name}`,
      );
    }
    return body;
  };
}
