import {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityVisibility } from '@internal/backend-access-guard';
import {
  hiddenKey,
  PreparedBodies,
  ProcessSnapshot,
  ReadThroughCache,
} from '@internal/backend-read-through-cache';
import { DeploymentsBoardQuery } from '@internal/plugin-deployments-common';
import {
  ArgoCdClient,
  ArgoCdInstanceConfig,
  createArgoCdClient,
} from '../ArgoCdClient';
import { ReplicaReader } from '../KubernetesReplicas';
import { IndexedBoard, indexBoard, selectRows } from './boardIndex';
import { buildRows } from './buildRows';
import { listServices } from './catalogServices';
import { createClusterSources } from './clusterSources';
import { addDrift } from './drift';
import { createRevisionInfoReader } from './revisionInfo';
import { DeploymentsBoardOptions, DeploymentsBoardService } from './types';

// v2: rows tell the service's image from sidecars (serviceImages, sidecarImages).
// v3: instance and replica reads kept with their last good value (ReadThroughCache.read).
// v4: the assembled board is no longer a cache entry (built per process, see below); a banner's
//     `error` is the reason alone.
// v5: apps keep what their spec says to deploy (source settings), for the clusters' parity.
const CACHE_PREFIX = 'deployments:v5';

export interface CreateDeploymentsBoardOptions extends DeploymentsBoardOptions {
  instances: ArgoCdInstanceConfig[];
  logger: LoggerService;
  cache: CacheService;
  catalog: CatalogService;
  auth: AuthService;
  /** Which services each caller may see in the catalog (the shared board is filtered per caller). */
  visibility: EntityVisibility;
  /** Replica counts from Kubernetes; without it the board shows none. */
  replicas?: ReplicaReader;
}

/**
 * The board's business logic. Each Argo CD instance and each cluster's replica counts are read
 * once per refresh period through the shared cache (coalesced, kept with their last good value,
 * see clusterSources). From those reads each replica of the backend builds the board once per
 * period (a `ProcessSnapshot`: coalesced, never serialized) with its rows indexed by entity ref;
 * a request only selects rows of that built board (a service page: one index lookup), keeps
 * those the caller may see in the catalog, and serializes the answer once per board, query and
 * visibility.
 */
export function createDeploymentsBoard(
  options: CreateDeploymentsBoardOptions,
): DeploymentsBoardService {
  const { logger, cache } = options;
  const refreshMs = options.refreshSeconds * 1000;
  const clients = new Map<string, ArgoCdClient>(
    options.instances.map(instance => [
      instance.name,
      createArgoCdClient({
        instance,
        logger: logger.child({ argocd: instance.name }),
        timeoutMs: options.requestTimeoutMs,
      }),
    ]),
  );
  const clusters = options.instances.map(i => i.name);
  const revisionInfo = createRevisionInfoReader({
    cache,
    logger,
    cacheKeyPrefix: CACHE_PREFIX,
  });
  const clusterData = createClusterSources({
    ...options,
    reads: new ReadThroughCache(cache, { logger }),
    clients,
    revisionInfo,
    refreshMs,
    cacheKeyPrefix: CACHE_PREFIX,
  });

  async function assemble(): Promise<IndexedBoard> {
    const started = Date.now();
    const [serviceList, data] = await Promise.all([
      listServices(options),
      Promise.all(clusters.map(clusterData)),
    ]);
    const now = Date.now();
    const rows = buildRows(serviceList, data, {
      now,
      progressingTimeoutMinutes: options.progressingTimeoutMinutes,
    });
    await addDrift(rows, data, {
      clients,
      revisionInfo,
      concurrency: options.metadataConcurrency,
    });
    logger.debug(`Built the deployments board`, {
      rows: rows.length,
      durationMs: Date.now() - started,
    });
    return indexBoard({
      generatedAt: new Date(now).toISOString(),
      refreshSeconds: options.refreshSeconds,
      clusters,
      sources: data.map(d => d.source),
      rows,
    });
  }

  const snapshot = new ProcessSnapshot(refreshMs, assemble, Date.now, {
    maxWaitMs: options.rebuildWaitSeconds * 1000,
    onBuildError: error =>
      logger.warn(
        `Building the deployments board failed; viewers keep the last one: ${error}`,
      ),
  });
  const bodies = new PreparedBodies();

  /** The built board's rows the query selects and the caller may see. */
  async function answer(
    query: DeploymentsBoardQuery,
    credentials: BackstageCredentials,
  ) {
    if (query.cluster && !clusters.includes(query.cluster)) {
      throw new InputError(
        `Unknown cluster ${query.cluster}; configured: ${clusters.join(', ')}`,
      );
    }
    const indexed = await snapshot.get();
    const selected = selectRows(indexed, query);
    const refs =
      selected === indexed.board.rows
        ? indexed.refs
        : [...new Set(selected.map(row => row.entityRef))];
    const visible = await options.visibility.visibleRefs(credentials, refs);
    const hiddenRefs = refs.filter(ref => !visible.has(ref));
    const rows = hiddenRefs.length
      ? selected.filter(row => visible.has(row.entityRef))
      : selected;
    return { indexed, hiddenRefs, board: { ...indexed.board, rows } };
  }

  return {
    async getBoard(query, credentials) {
      return (await answer(query, credentials)).board;
    },
    async getBoardJson(query, credentials) {
      const { indexed, hiddenRefs, board } = await answer(query, credentials);
      const { cluster, owner, status, entityRef } = query;
      return bodies.get(
        indexed,
        `${JSON.stringify({ cluster, owner, status, entityRef })}|${hiddenKey(
          hiddenRefs,
        )}`,
        () => JSON.stringify(board),
      );
    },
    upstreamCalls() {
      return Object.fromEntries(
        [...clients].map(([name, c]) => [name, c.upstreamCalls()]),
      );
    },
  };
}
