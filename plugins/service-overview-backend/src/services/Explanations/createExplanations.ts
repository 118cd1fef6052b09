import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ReadThroughCache } from '@internal/backend-read-through-cache';
import { Explanation, explain } from '@internal/platform-explanations';
import { ClusterExplanations } from '@internal/plugin-service-overview-common';
import { ClusterStateReader, ServiceTarget } from './readClusterState';

/** One cluster to explain: where the service runs, and its Argo CD application there. */
export interface ExplainRequest {
  target: ServiceTarget;
  app?: { name: string; namespace?: string };
}

export interface ExplanationsService {
  /** The explanations of one service in one cluster, or the last good ones and why. */
  explain(request: ExplainRequest): Promise<ClusterExplanations>;
}

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** How long a cluster's last good explanations stand in while its state cannot be read. */
const LAST_GOOD_TTL_MS = 60 * 60_000;

/**
 * Explains one service in one cluster from its live state, once per `cacheSeconds` for every
 * viewer (coalesced, in the backend's cache so replicas share it). When the state cannot be read
 * the last good explanations are served with what went wrong since when.
 */
export function createExplanations(options: {
  readState: ClusterStateReader;
  cache: CacheService;
  logger: LoggerService;
  cacheSeconds: number;
}): ExplanationsService {
  const reads = new ReadThroughCache(options.cache, { logger: options.logger });
  return {
    async explain({ target, app }) {
      const key = `explanations:${target.namespace}/${target.kubernetesId}@${target.cluster}`;
      const read = await reads.read<Explanation[]>(
        key,
        { ttlMs: options.cacheSeconds * 1000, lastGoodTtlMs: LAST_GOOD_TTL_MS },
        async () => explain(await options.readState(target, app)),
      );
      return {
        cluster: target.cluster,
        explanations: read.value ?? [],
        ...(read.fetchedAt ? { readAt: read.fetchedAt } : {}),
        ...(read.problem
          ? {
              problem: `${target.cluster} Kubernetes and Argo CD state not read since ${hhmm(
                read.problem.since,
              )}: ${read.problem.reason}`,
              ...(read.value === undefined ? { unread: true } : {}),
            }
          : {}),
      };
    },
  };
}
