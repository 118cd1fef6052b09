/*
 * Fixed development credentials of the simulated upstreams.
 *
 * SIMULATOR ONLY: these values are public, accepted only by platform-sim on
 * 127.0.0.1, and must never be used for, or replaced by, real credentials.
 */

/** Bearer token accepted by both simulated Kubernetes API servers. */
export const SIM_KUBERNETES_TOKEN = 'pier-sim-kubernetes-token';

/** Bearer token accepted by both simulated Argo CD instances. */
export const SIM_ARGOCD_TOKEN = 'pier-sim-argocd-token';
/** Argo CD local user for `POST /api/v1/session`. */
export const SIM_ARGOCD_USERNAME = 'admin';
export const SIM_ARGOCD_PASSWORD = 'pier-sim-argocd-password';

/** Datadog keys (`DD-API-KEY` / `DD-APPLICATION-KEY`). */
export const SIM_DATADOG_API_KEY = 'pier0sim0datadog0api0key000000000';
export const SIM_DATADOG_APP_KEY = 'pier0sim0datadog0application0key0000000000';

/** Static AWS credentials; requests must be SigV4-signed with this key id. */
export const SIM_AWS_ACCESS_KEY_ID = 'AKIAPIERSIMULATOR000';
export const SIM_AWS_SECRET_ACCESS_KEY =
  'pier-sim-aws-secret-access-key-not-real';
export const SIM_AWS_REGION = 'eu-west-1';

/** All simulator credentials in one object, e.g. for config generation. */
export const SIM_CREDENTIALS = {
  kubernetes: { token: SIM_KUBERNETES_TOKEN },
  argocd: {
    token: SIM_ARGOCD_TOKEN,
    username: SIM_ARGOCD_USERNAME,
    password: SIM_ARGOCD_PASSWORD,
  },
  datadog: { apiKey: SIM_DATADOG_API_KEY, appKey: SIM_DATADOG_APP_KEY },
  aws: {
    accessKeyId: SIM_AWS_ACCESS_KEY_ID,
    secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
    region: SIM_AWS_REGION,
  },
} as const;

/**
 * OpenID Connect client of Pier at the local IdP (platform-sim, `http://127.0.0.1:7311`): its
 * redirect URIs are any loopback backend's `/api/auth/oidc/handler/frame`.
 */
export const SIM_OIDC_CLIENT_ID = 'pier-sim-oidc-client';
export const SIM_OIDC_CLIENT_SECRET = 'pier-sim-oidc-client-secret-not-real';
