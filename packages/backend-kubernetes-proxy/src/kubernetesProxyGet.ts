import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  RetryAfterTooLongError,
  boundedRetryAfter,
  withDeadline,
} from '@internal/backend-answer-guard';

/**
 * GETs a Kubernetes API path (`/api/v1/nodes`) of one cluster and returns the parsed JSON, or the
 * text with `{ text: true }` (a pod's log).
 */
export type KubernetesGet = (
  cluster: string,
  path: string,
  options?: {
    /** Read the answer as text (a log) instead of JSON. */
    text?: boolean;
    /** Abort the request with this signal too (a scheduled task's), not only at `timeoutMs`. */
    signal?: AbortSignal;
  },
) => Promise<any>;

/** A cluster answered 429: nothing is sent to it before `retryAt`. @public */
export class KubernetesThrottledError extends Error {
  readonly name = 'KubernetesThrottledError';
  constructor(
    message: string,
    readonly cluster: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}

/** Wait after a 429 that names no (readable) Retry-After. */
const DEFAULT_WAIT_MS = 10_000;

function hhmmss(at: number) {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}

/**
 * How long a 429 asks to wait, bounded by `maxMs` (an answer asking for an hour is waited
 * `maxMs`), and the words for it.
 */
function throttleOf(
  cluster: string,
  retryAfter: string | null,
  maxMs: number,
  now: number,
): { waitMs: number; asked: string } {
  const source = `Kubernetes ${cluster}`;
  try {
    const ms = boundedRetryAfter(source, retryAfter, { maxMs, now });
    if (ms === undefined) {
      return {
        waitMs: DEFAULT_WAIT_MS,
        asked: `without a readable Retry-After, waiting ${
          DEFAULT_WAIT_MS / 1000
        } s`,
      };
    }
    return {
      waitMs: ms,
      asked: `asking to retry after ${Math.ceil(ms / 1000)} s`,
    };
  } catch (error) {
    if (!(error instanceof RetryAfterTooLongError)) throw error;
    return {
      waitMs: maxMs,
      asked: `asking to retry after ${retryAfter} s, more than the ${
        maxMs / 1000
      } s bound`,
    };
  }
}

/**
 * Through the Kubernetes backend's proxy, so the cluster's own auth (service account locally,
 * `aws` with assume-role on EKS) applies and no plugin holds cluster credentials of its own.
 * A non-2xx answer throws a `ResponseError`; no answer within `timeoutMs` aborts. A 429 is
 * honoured: nothing more is sent to that cluster for as long as its `Retry-After` asks, at most
 * `maxRetryAfterMs` (default one minute, `boundedRetryAfter` of backend-answer-guard); until then
 * every call throws a {@link KubernetesThrottledError} that says so, for the card to show.
 */
export function kubernetesProxyGet(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  timeoutMs: number;
  maxRetryAfterMs?: number;
  now?: () => number;
}): KubernetesGet {
  const { discovery, auth, timeoutMs } = options;
  const maxMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const now = options.now ?? Date.now;
  const throttled = new Map<string, { until: number; message: string }>();

  function refuseIfThrottled(cluster: string) {
    const t = throttled.get(cluster);
    if (!t) return;
    if (t.until > now()) {
      throw new KubernetesThrottledError(t.message, cluster, new Date(t.until));
    }
    throttled.delete(cluster);
  }

  function throttle(cluster: string, res: Response): KubernetesThrottledError {
    const at = now();
    const { waitMs, asked } = throttleOf(
      cluster,
      res.headers.get('retry-after'),
      maxMs,
      at,
    );
    const until = at + waitMs;
    const message = `Kubernetes ${cluster} answered HTTP 429 (too many requests) at ${hhmmss(
      at,
    )}, ${asked}: not asked again before ${hhmmss(until)}`;
    throttled.set(cluster, { until, message });
    return new KubernetesThrottledError(message, cluster, new Date(until));
  }

  return async (cluster, path, readAs) => {
    refuseIfThrottled(cluster);
    // The deadline covers the whole call, the body included, whatever fetch does with its signal.
    return withDeadline(
      `Kubernetes ${cluster} (GET ${path.split('?')[0]})`,
      timeoutMs,
      async signal => {
        const base = await discovery.getBaseUrl('kubernetes');
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'kubernetes',
        });
        const res = await fetch(`${base}/proxy${path}`, {
          headers: {
            authorization: `Bearer ${token}`,
            'Backstage-Kubernetes-Cluster': cluster,
            // In-process loopback: compressing megabytes to decompress them in the same process
            // costs CPU and nothing else.
            'accept-encoding': 'identity',
          },
          signal,
        });
        if (res.status === 429) {
          await res.body?.cancel().catch(() => {});
          throw throttle(cluster, res);
        }
        if (!res.ok) throw await ResponseError.fromResponse(res);
        return readAs?.text ? res.text() : res.json();
      },
      { signal: readAs?.signal },
    );
  };
}
