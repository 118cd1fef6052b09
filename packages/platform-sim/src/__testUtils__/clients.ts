import * as k8s from '@kubernetes/client-node';
import { client as ddClient } from '@datadog/datadog-api-client';
import {
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_REGION,
  SIM_AWS_SECRET_ACCESS_KEY,
  SIM_DATADOG_API_KEY,
  SIM_DATADOG_APP_KEY,
  SIM_KUBERNETES_TOKEN,
} from '../credentials';

/** A KubeConfig for a simulated cluster, as a vendor client user would build it. */
export function kubeConfig(server: string, token = SIM_KUBERNETES_TOKEN) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server, skipTLSVerify: true }],
    users: [{ name: 'sim', token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
    currentContext: 'sim',
  });
  return kc;
}

export function datadogConfig(
  baseUrl: string,
  keys: { apiKey?: string; appKey?: string } = {},
) {
  return ddClient.createConfiguration({
    authMethods: {
      apiKeyAuth: keys.apiKey ?? SIM_DATADOG_API_KEY,
      appKeyAuth: keys.appKey ?? SIM_DATADOG_APP_KEY,
    },
    baseServer: new ddClient.BaseServerConfiguration(baseUrl, {}),
    enableRetry: false,
  });
}

export function awsClientConfig(endpoint: string, region = SIM_AWS_REGION) {
  return {
    endpoint,
    region,
    credentials: {
      accessKeyId: SIM_AWS_ACCESS_KEY_ID,
      secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
    },
    maxAttempts: 1,
  };
}
