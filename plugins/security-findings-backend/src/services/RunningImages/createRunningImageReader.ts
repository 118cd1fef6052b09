import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { kubernetesProxyGet } from '@internal/backend-kubernetes-proxy';

/** Pods of one cluster that run one image digest in one namespace. */
export interface RunningImage {
  cluster: string;
  namespace: string;
  /** `sha256:…` */
  digest: string;
  /** ECR repository name (registry host stripped), e.g. `payments/checkout-api`. */
  repository: string;
  pods: number;
  /** Epoch ms: earliest start of a container running this digest. */
  since: number;
}

export interface RunningImageReader {
  /** `signal` (the ingestion run's) aborts the read with the run. */
  read(cluster: string, signal?: AbortSignal): Promise<RunningImage[]>;
}

interface PodList {
  items?: Array<{
    metadata?: { namespace?: string };
    status?: {
      startTime?: string;
      containerStatuses?: Array<{
        imageID?: string;
        state?: { running?: { startedAt?: string } };
      }>;
    };
  }>;
}

/**
 * `imageID` as the kubelet reports it: `[docker-pullable://]<registry>/<repo>@sha256:<hex>`.
 * Returns undefined for images not pulled (yet), e.g. ImagePullBackOff.
 */
export function parseImageId(
  imageID: string | undefined,
): { repository: string; digest: string } | undefined {
  const m =
    /^(?:[a-z-]+:\/\/)?(?:([^/@]+)\/)?([^@]+)@(sha256:[0-9a-f]{64})$/.exec(
      imageID ?? '',
    );
  if (!m) return undefined;
  const [, first, rest, digest] = m;
  // The first segment is a registry host when it has a dot or a port; otherwise part of the name.
  const repository = first && !/[.:]/.test(first) ? `${first}/${rest}` : rest;
  return { repository, digest };
}

/** Lists every pod of a cluster through the Kubernetes backend's proxy. */
export function createRunningImageReader(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
}): RunningImageReader {
  const get = kubernetesProxyGet(options);
  return {
    async read(cluster, signal) {
      const list: PodList = await get(cluster, '/api/v1/pods', { signal });
      const byKey = new Map<string, RunningImage>();
      for (const pod of list.items ?? []) {
        const namespace = pod.metadata?.namespace ?? '';
        for (const c of pod.status?.containerStatuses ?? []) {
          const image = parseImageId(c.imageID);
          if (!image) continue;
          const started = Date.parse(
            c.state?.running?.startedAt ?? pod.status?.startTime ?? '',
          );
          const key = `${namespace}/${image.digest}`;
          const entry = byKey.get(key);
          if (entry) {
            entry.pods++;
            if (started < entry.since) entry.since = started;
          } else {
            byKey.set(key, {
              cluster,
              namespace,
              ...image,
              pods: 1,
              since: Number.isFinite(started) ? started : Date.now(),
            });
          }
        }
      }
      return [...byKey.values()];
    },
  };
}
