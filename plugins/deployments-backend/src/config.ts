import { Config } from '@backstage/config';
import { ArgoCdInstanceConfig } from './services/ArgoCdClient';
import { DeploymentsBoardOptions } from './services/DeploymentsBoard';

/** Reads the Argo CD instances (shared with the Argo CD plugin) and the `deployments` section. */
export function readDeploymentsConfig(
  config: Config,
): DeploymentsBoardOptions & { instances: ArgoCdInstanceConfig[] } {
  const argocd = config.getOptionalConfig('argocd');
  const instances: ArgoCdInstanceConfig[] = [];
  for (const method of argocd?.getOptionalConfigArray('appLocatorMethods') ??
    []) {
    if (method.getString('type') !== 'config') continue;
    for (const i of method.getConfigArray('instances')) {
      const token = i.getOptionalString('token');
      const username =
        i.getOptionalString('username') ??
        argocd?.getOptionalString('username');
      const password =
        i.getOptionalString('password') ??
        argocd?.getOptionalString('password');
      if (!token && !(username && password)) {
        throw new Error(
          `argocd instance ${i.getString(
            'name',
          )} needs a token, or a username and password (per instance or argocd.username/password)`,
        );
      }
      instances.push({
        name: i.getString('name'),
        url: i.getString('url'),
        ...(i.getOptionalString('frontendUrl')
          ? { frontendUrl: i.getOptionalString('frontendUrl') }
          : {}),
        ...(token ? { token } : { username, password }),
      });
    }
  }
  const d = config.getOptionalConfig('deployments');
  const positive = (key: string, fallback: number) => {
    const value = d?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(`deployments.${key} must be a positive number`);
    }
    return value;
  };
  return {
    instances,
    refreshSeconds: positive('refreshSeconds', 30),
    rebuildWaitSeconds: positive('rebuildWaitSeconds', 2),
    progressingTimeoutMinutes: positive('progressingTimeoutMinutes', 10),
    requestTimeoutMs: positive('requestTimeoutMs', 10_000),
    metadataConcurrency: Math.floor(positive('metadataConcurrency', 8)),
    ...(d?.getOptionalString('appSelector')
      ? { appSelector: d.getOptionalString('appSelector') }
      : {}),
  };
}
