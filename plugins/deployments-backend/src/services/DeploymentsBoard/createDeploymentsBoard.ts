import {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { EntityVisibility } from '@internal/backend-access-guard';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, stringifyError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ECR_REPOSITORY_ANNOTATION } from '@internal/catalog-annotations';
import {
  ARGOCD_APP_SELECTOR_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  DeploymentRow,
  DeploymentsBoard,
  DeploymentsBoardQuery,
  ReplicaCount,
  rowMatchesStatus,
} from '@internal/plugin-deployments-common';
import {
  ArgoApplication,
  ArgoCdClient,
  createArgoCdClient,
  ArgoCdInstanceConfig,
} from '../ArgoCdClient';
import {
  ClusterData,
  ServiceRef,
  appRow,
  compareVersions,
  emptyRow,
} from './buildRows';
import {
  LastGoodRead,
  ReadThroughCache,
  largeDrop,
} from '@internal/backend-read-through-cache';
import pLimit from 'p-limit';
import { ReplicaReader } from '../KubernetesReplicas';
import { matchesSelector, parseLabelSelector } from './labelSelector';
import {
  AppSummary,
  DeploymentsBoardOptions,
  DeploymentsBoardService,
  InstanceSnapshot,
  RevisionInfo,
} from './types';

// v2: rows tell the service's image from sidecars (serviceImages, sidecarImages).
// v3: instance and replica reads kept with their last good value (ReadThroughCache.read).
const CACHE_VERSION = 'v3';
/** Commits never change: their metadata is kept for a week. */
const METADATA_TTL_MS = 7 * 24 * 3600_000;
/** Last good read of an instance, shown when it is unreachable. */
const LAST_GOOD_TTL_MS = 7 * 24 * 3600_000;
const MAX_METADATA_IN_MEMORY = 50_000;

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

function summarize(app: ArgoApplication): AppSummary {
  const op = app.status?.operationState;
  return {
    name: app.metadata.name,
    ...(app.metadata.namespace ? { namespace: app.metadata.namespace } : {}),
    ...(app.spec?.project ? { project: app.spec.project } : {}),
    labels: app.metadata.labels ?? {},
    ...(app.spec?.source?.repoURL ?? app.spec?.sources?.[0]?.repoURL
      ? {
          repoURL: app.spec?.source?.repoURL ?? app.spec?.sources?.[0]?.repoURL,
        }
      : {}),
    syncStatus: app.status?.sync?.status ?? 'Unknown',
    ...(app.status?.sync?.revision
      ? { syncRevision: app.status.sync.revision }
      : {}),
    health: app.status?.health?.status ?? 'Unknown',
    ...(app.status?.health?.message
      ? { healthMessage: app.status.health.message }
      : {}),
    ...(op?.phase
      ? {
          operation: {
            phase: op.phase,
            ...(op.message ? { message: op.message } : {}),
            ...(op.startedAt ? { startedAt: op.startedAt } : {}),
            ...(op.finishedAt ? { finishedAt: op.finishedAt } : {}),
            ...(op.operation?.sync?.revision ?? op.syncResult?.revision
              ? {
                  revision:
                    op.operation?.sync?.revision ?? op.syncResult?.revision,
                }
              : {}),
          },
        }
      : {}),
    history: (app.status?.history ?? [])
      .filter(h => !!h.revision)
      .slice(-10)
      .map(h => ({
        id: h.id,
        revision: h.revision!,
        ...(h.deployedAt ? { deployedAt: h.deployedAt } : {}),
        ...(h.deployStartedAt ? { deployStartedAt: h.deployStartedAt } : {}),
      })),
    // Every image of the app's pods, sidecars and init containers included; absent when it has none.
    images: (Array.isArray(app.status?.summary?.images)
      ? app.status!.summary!.images!
      : []
    ).filter((i): i is string => typeof i === 'string' && i.length > 0),
    revisions: {},
  };
}

/**
 * The board's business logic: one pass per Argo CD instance per refresh period (list every
 * application once, match each service's selector locally, fetch commit metadata only for
 * revisions not seen before), cached and coalesced whatever the number of viewers; the last
 * good read of each instance is kept and served, marked stale, when that instance fails.
 */
export function createDeploymentsBoard(
  options: CreateDeploymentsBoardOptions,
): DeploymentsBoardService {
  const { logger, cache, catalog, auth } = options;
  const refreshMs = options.refreshSeconds * 1000;
  const reads = new ReadThroughCache(cache, { logger });
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
  const metadata = new Map<string, RevisionInfo | null>();
  const metadataInFlight = new Map<string, Promise<RevisionInfo | undefined>>();

  async function revisionInfo(
    client: ArgoCdClient,
    appName: string,
    sha: string,
  ): Promise<RevisionInfo | undefined> {
    const key = `${client.instance.name}:${sha}`;
    if (metadata.has(key)) return metadata.get(key) ?? undefined;
    const pending = metadataInFlight.get(key);
    if (pending) return pending;
    const load = (async () => {
      const cacheKey = `deployments:${CACHE_VERSION}:revision:${key}`;
      let info = (await cache.get(cacheKey).catch(() => undefined)) as
        | RevisionInfo
        | undefined;
      if (!info) {
        try {
          const meta = await client.getRevisionMetadata(appName, sha);
          info = meta
            ? {
                ...(meta.author ? { author: meta.author } : {}),
                ...(meta.date ? { date: meta.date } : {}),
                ...(meta.message ? { message: meta.message } : {}),
              }
            : {};
          await cache
            .set(cacheKey, info as JsonValue, { ttl: METADATA_TTL_MS })
            .catch(() => {});
        } catch (error) {
          // Missing commit details do not fail the board; try again next pass.
          logger.warn(`No metadata for revision ${sha} of ${appName}`, {
            error: stringifyError(error),
          });
          return undefined;
        }
      }
      if (metadata.size >= MAX_METADATA_IN_MEMORY) {
        metadata.delete(metadata.keys().next().value!);
      }
      metadata.set(key, info);
      return info;
    })();
    metadataInFlight.set(key, load);
    try {
      return await load;
    } finally {
      metadataInFlight.delete(key);
    }
  }

  /** One upstream pass over an instance. */
  async function readInstance(cluster: string): Promise<InstanceSnapshot> {
    const client = clients.get(cluster)!;
    const before = client.upstreamCalls();
    const started = Date.now();
    const apps = (await client.listApplications(options.appSelector)).map(
      summarize,
    );
    const limit = pLimit(options.metadataConcurrency);
    await Promise.all(
      apps.flatMap(app =>
        [
          app.history[app.history.length - 1]?.revision,
          app.syncStatus === 'OutOfSync' ? app.syncRevision : undefined,
        ]
          .filter((sha): sha is string => !!sha)
          .map(sha =>
            limit(async () => {
              const info = await revisionInfo(client, app.name, sha);
              if (info) app.revisions[sha] = info;
            }),
          ),
      ),
    );
    logger.info(`Read Argo CD ${cluster}`, {
      applications: apps.length,
      upstreamCalls: client.upstreamCalls() - before,
      durationMs: Date.now() - started,
    });
    return { cluster, fetchedAt: new Date().toISOString(), apps };
  }

  const lastGoodOptions = {
    ttlMs: refreshMs,
    lastGoodTtlMs: LAST_GOOD_TTL_MS,
    retryMs: refreshMs,
  };

  /** Argo CD's applications of one cluster, the last good ones when an answer fails or is not trusted. */
  function readArgo(cluster: string) {
    return reads.read<InstanceSnapshot>(
      `deployments:${CACHE_VERSION}:instance:${cluster}`,
      {
        ...lastGoodOptions,
        validate: (fresh, last) => {
          const drop = largeDrop(last?.apps.length ?? 0, fresh.apps.length);
          return drop
            ? {
                reason: `Argo CD ${cluster} answered ${fresh.apps.length} applications, ${drop}`,
                needsConfirmation: true,
              }
            : undefined;
        },
      },
      () => readInstance(cluster),
    );
  }

  /** Replica counts of one cluster from Kubernetes, kept the same way apart from Argo CD. */
  function readReplicas(cluster: string) {
    const reader = options.replicas!;
    return reads.read<Record<string, ReplicaCount>>(
      `deployments:${CACHE_VERSION}:replicas:${cluster}`,
      {
        ...lastGoodOptions,
        validate: (fresh, last) => {
          const drop = largeDrop(
            Object.keys(last ?? {}).length,
            Object.keys(fresh).length,
          );
          return drop
            ? {
                reason: `Kubernetes ${cluster} answered ${
                  Object.keys(fresh).length
                } deployments, ${drop}`,
                needsConfirmation: true,
              }
            : undefined;
        },
      },
      () => reader.read(cluster),
    );
  }

  async function clusterData(cluster: string): Promise<ClusterData> {
    const client = clients.get(cluster)!;
    const uiUrl = client.instance.frontendUrl ?? client.instance.url;
    // Replicas are an extra: a Kubernetes failure never fails the Argo CD data, and the reverse.
    const [argo, replicas] = await Promise.all([
      readArgo(cluster),
      options.replicas ? readReplicas(cluster) : undefined,
    ]);
    const apps = argo.value?.apps;
    return {
      cluster,
      uiUrl,
      ...(apps ? { apps } : {}),
      ...(replicas?.value ? { replicas: replicas.value } : {}),
      stale: !!argo.problem,
      source: {
        cluster,
        ok: !argo.problem,
        url: uiUrl,
        ...(argo.fetchedAt ? { lastSeen: argo.fetchedAt } : {}),
        ...problemFields(
          argo,
          apps
            ? `had ${apps.length} application${
                apps.length === 1 ? '' : 's'
              }): showing the last good board`
            : 'no good answer yet)',
        ),
        ...(replicas
          ? {
              replicas: {
                ok: !replicas.problem,
                ...(replicas.fetchedAt ? { lastSeen: replicas.fetchedAt } : {}),
                ...problemFields(
                  replicas,
                  replicas.value
                    ? 'showing the last good replica counts)'
                    : 'no replica counts yet)',
                ),
              },
            }
          : {}),
      },
    };
  }

  async function services(): Promise<ServiceRef[]> {
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: ['kind', 'metadata', 'spec.owner'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items
      .filter(e => !!e.metadata.annotations?.[ARGOCD_APP_SELECTOR_ANNOTATION])
      .map(entity => toServiceRef(entity, logger))
      .filter((s): s is ServiceRef => !!s);
  }

  /** Adds version drift between clusters to the rows of the cluster that is behind. */
  async function addDrift(rows: DeploymentRow[], data: ClusterData[]) {
    const byService = new Map<string, DeploymentRow[]>();
    for (const row of rows) {
      if (!row.version || !row.app) continue;
      byService.set(row.entityRef, [
        ...(byService.get(row.entityRef) ?? []),
        row,
      ]);
    }
    const work: Array<() => Promise<void>> = [];
    for (const group of byService.values()) {
      let newest: DeploymentRow | undefined;
      for (const row of group) {
        if (
          !newest ||
          (compareVersions(row.version!, newest.version!) ?? 0) > 0
        ) {
          newest = row;
        }
      }
      for (const row of group) {
        if (
          row === newest ||
          compareVersions(newest!.version!, row.version!) !== 1
        ) {
          continue;
        }
        const ahead = newest!;
        work.push(async () => {
          const count = await deploysSince(ahead, row.version!, data);
          const behind =
            count === undefined
              ? `behind ${ahead.cluster}`
              : `${count} revision${count === 1 ? '' : 's'} behind ${
                  ahead.cluster
                }`;
          row.drift = {
            aheadCluster: ahead.cluster,
            aheadVersion: ahead.version,
            behindVersion: row.version,
            ...(count !== undefined ? { revisionsBehind: count } : {}),
            message: `${row.cluster} ${behind} (${row.version} → ${ahead.version})`,
          };
          row.needsReview.push({
            kind: 'VersionDrift',
            message: `${row.cluster} ${behind}: ${ahead.cluster} runs ${ahead.version}, ${row.cluster} runs ${row.version}`,
          });
        });
      }
    }
    const limit = pLimit(options.metadataConcurrency);
    await Promise.all(work.map(fn => limit(fn)));
  }

  /**
   * How many deploys the ahead cluster has had since it ran `version`: walk its history from
   * the newest entry back to the commit that mentions that version (commit metadata is cached
   * forever, so this costs upstream calls only the first time).
   */
  async function deploysSince(
    ahead: DeploymentRow,
    version: string,
    data: ClusterData[],
  ): Promise<number | undefined> {
    const cluster = data.find(d => d.cluster === ahead.cluster);
    const app = cluster?.apps?.find(a => a.name === ahead.app?.name);
    const client = clients.get(ahead.cluster);
    if (!app || !client || cluster?.stale) return undefined;
    const mention = new RegExp(
      `(^|[^0-9A-Za-z.])v?${version.replace(
        /[.*+?^${}()|[\]\\]/g,
        '\\$&',
      )}($|[^0-9A-Za-z.])`,
    );
    for (let i = app.history.length - 1, n = 0; i >= 0; i--, n++) {
      const sha = app.history[i].revision;
      const info =
        app.revisions[sha] ?? (await revisionInfo(client, app.name, sha));
      if (info?.message && mention.test(info.message)) return n;
    }
    return undefined;
  }

  async function assemble(): Promise<DeploymentsBoard> {
    const [serviceList, data] = await Promise.all([
      services(),
      Promise.all(clusters.map(clusterData)),
    ]);
    const now = Date.now();
    const rows: DeploymentRow[] = [];
    for (const service of serviceList) {
      for (const cluster of data) {
        const matched = (cluster.apps ?? []).filter(app =>
          service.selectorMatches(app.labels),
        );
        if (matched.length === 0) {
          rows.push(emptyRow(service, cluster));
        }
        for (const app of matched) {
          rows.push(
            appRow(service, cluster, app, {
              now,
              progressingTimeoutMinutes: options.progressingTimeoutMinutes,
            }),
          );
        }
      }
    }
    await addDrift(rows, data);
    return {
      generatedAt: new Date(now).toISOString(),
      refreshSeconds: options.refreshSeconds,
      clusters,
      sources: data.map(d => d.source),
      rows,
    };
  }

  return {
    async getBoard(
      query: DeploymentsBoardQuery,
      credentials: BackstageCredentials,
    ) {
      if (query.cluster && !clusters.includes(query.cluster)) {
        throw new InputError(
          `Unknown cluster ${query.cluster}; configured: ${clusters.join(
            ', ',
          )}`,
        );
      }
      // The whole board is one cache entry: N viewers in one period cost one pass.
      const board = await reads.get<DeploymentsBoard>(
        `deployments:${CACHE_VERSION}:board`,
        refreshMs,
        assemble,
      );
      // Then only the rows of services the caller may read in the catalog (one batched lookup).
      const filtered = filterBoard(board, query);
      const visible = await options.visibility.visibleRefs(
        credentials,
        filtered.rows.map(row => row.entityRef),
      );
      return {
        ...filtered,
        rows: filtered.rows.filter(row => visible.has(row.entityRef)),
      };
    },
    upstreamCalls() {
      return Object.fromEntries(
        [...clients].map(([name, c]) => [name, c.upstreamCalls()]),
      );
    },
  };
}

/** HH:MM UTC of an ISO time, for messages. */
function clock(iso: string) {
  return `${iso.slice(11, 16)} UTC`;
}

/**
 * The source fields of a read with a problem: "Argo CD prod answered 200 without items at 12:03 UTC
 * (had 24 applications): showing the last good board, waiting for confirmation".
 */
function problemFields(read: LastGoodRead<unknown>, shown: string) {
  if (!read.problem) return {};
  const { reason, since, kind } = read.problem;
  const awaiting = kind === 'unconfirmed';
  return {
    error: `${reason} at ${clock(since)} (${shown}${
      awaiting ? ', waiting for confirmation' : ''
    }`,
    since,
    ...(awaiting ? { awaitingConfirmation: true } : {}),
  };
}

function toServiceRef(
  entity: Entity,
  logger: LoggerService,
): ServiceRef | undefined {
  const selector = entity.metadata.annotations![ARGOCD_APP_SELECTOR_ANNOTATION];
  const entityRef = stringifyEntityRef(entity);
  let requirements;
  try {
    requirements = parseLabelSelector(selector);
  } catch (error) {
    logger.warn(`Ignoring ${entityRef}: ${stringifyError(error)}`);
    return undefined;
  }
  const ownerValue = (entity.spec as { owner?: unknown } | undefined)?.owner;
  let owner: string | undefined;
  if (typeof ownerValue === 'string' && ownerValue) {
    try {
      owner = stringifyEntityRef(
        parseEntityRef(ownerValue, {
          defaultKind: 'group',
          defaultNamespace: getCompoundEntityRef(entity).namespace,
        }),
      );
    } catch {
      owner = ownerValue;
    }
  }
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesNamespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  const imageRepository = annotations[ECR_REPOSITORY_ANNOTATION]?.trim();
  return {
    entityRef,
    name: entity.metadata.name,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(owner ? { owner } : {}),
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name,
    ...(kubernetesNamespace ? { kubernetesNamespace } : {}),
    ...(imageRepository ? { imageRepository } : {}),
    selectorMatches: labels => matchesSelector(requirements, labels),
  };
}

function sameRef(value: string, ref: string, defaultKind: string) {
  if (value === ref) return true;
  try {
    return (
      stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
      ) === ref
    );
  } catch {
    return false;
  }
}

export function filterBoard(
  board: DeploymentsBoard,
  query: DeploymentsBoardQuery,
): DeploymentsBoard {
  const rows = board.rows.filter(
    row =>
      (!query.cluster || row.cluster === query.cluster) &&
      (!query.owner ||
        (!!row.owner && sameRef(query.owner, row.owner, 'group'))) &&
      (!query.entityRef ||
        sameRef(query.entityRef, row.entityRef, 'component')) &&
      (!query.status || rowMatchesStatus(row, query.status)),
  );
  return { ...board, rows };
}
