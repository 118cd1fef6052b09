import { LoggerService } from '@backstage/backend-plugin-api';
import { suspiciousDrop } from '@internal/backend-answer-guard';
import {
  LastGoodRead,
  ReadThroughCache,
} from '@internal/backend-read-through-cache';
import { ReplicaCount } from '@internal/plugin-deployments-common';
import pLimit from 'p-limit';
import { ArgoCdClient } from '../ArgoCdClient';
import { ReplicaReader } from '../KubernetesReplicas';
import { RevisionInfoReader } from './revisionInfo';
import { summarize } from './summarize';
import { AppSummary, ClusterData, InstanceSnapshot } from './types';

/** Last good read of an instance, shown when it is unreachable. */
const LAST_GOOD_TTL_MS = 7 * 24 * 3600_000;

export interface ClusterSourceOptions {
  logger: LoggerService;
  reads: ReadThroughCache;
  clients: Map<string, ArgoCdClient>;
  revisionInfo: RevisionInfoReader;
  replicas?: ReplicaReader;
  refreshMs: number;
  metadataConcurrency: number;
  appSelector?: string;
  cacheKeyPrefix: string;
}

/**
 * Each cluster's sources, read once per refresh period through the shared cache: Argo CD's
 * applications and Kubernetes' replica counts, each kept with its last good value.
 *
 * A suspicious answer (a sudden large drop, by backend-answer-guard's rule) is held until the next
 * read confirms it. The deployments backend has no database tables of its own: the baseline it is
 * judged against is the last good value in the cache service (per replica in memory locally, shared
 * by the replicas on Valkey), which is acceptable for data that is read again every period anyway.
 */
export function createClusterSources(options: ClusterSourceOptions) {
  const { logger, reads, clients } = options;
  const lastGoodOptions = {
    ttlMs: options.refreshMs,
    lastGoodTtlMs: LAST_GOOD_TTL_MS,
    retryMs: options.refreshMs,
  };

  /** Commit metadata of the deployed and target revisions, only those not known yet. */
  async function addRevisions(client: ArgoCdClient, apps: AppSummary[]) {
    const limit = pLimit(options.metadataConcurrency);
    const wanted = (app: AppSummary) =>
      [
        app.history[app.history.length - 1]?.revision,
        app.syncStatus === 'OutOfSync' ? app.syncRevision : undefined,
      ].filter((sha): sha is string => !!sha);
    await Promise.all(
      apps.flatMap(app =>
        wanted(app).map(sha =>
          limit(async () => {
            const info = await options.revisionInfo(client, app.name, sha);
            if (info) app.revisions[sha] = info;
          }),
        ),
      ),
    );
  }

  /** One upstream pass over an instance. */
  async function readInstance(cluster: string): Promise<InstanceSnapshot> {
    const client = clients.get(cluster)!;
    const before = client.upstreamCalls();
    const started = Date.now();
    const apps = (await client.listApplications(options.appSelector)).map(
      summarize,
    );
    await addRevisions(client, apps);
    logger.info(`Read Argo CD ${cluster}`, {
      applications: apps.length,
      upstreamCalls: client.upstreamCalls() - before,
      durationMs: Date.now() - started,
    });
    return { cluster, fetchedAt: new Date().toISOString(), apps };
  }

  /** Argo CD's applications of one cluster, the last good ones when an answer fails or is not trusted. */
  function readArgo(cluster: string) {
    return reads.read<InstanceSnapshot>(
      `${options.cacheKeyPrefix}:instance:${cluster}`,
      {
        ...lastGoodOptions,
        validate: (fresh, last) => {
          const drop = suspiciousDrop(
            last?.apps.length ?? 0,
            fresh.apps.length,
          );
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
  function readReplicas(reader: ReplicaReader, cluster: string) {
    return reads.read<Record<string, ReplicaCount>>(
      `${options.cacheKeyPrefix}:replicas:${cluster}`,
      {
        ...lastGoodOptions,
        validate: (fresh, last) => {
          const count = Object.keys(fresh).length;
          const drop = suspiciousDrop(Object.keys(last ?? {}).length, count);
          return drop
            ? {
                reason: `Kubernetes ${cluster} answered ${count} deployments, ${drop}`,
                needsConfirmation: true,
              }
            : undefined;
        },
      },
      () => reader.read(cluster),
    );
  }

  /** Everything the board shows of one cluster; a Kubernetes failure never fails the Argo CD data, and the reverse. */
  return async function clusterData(cluster: string): Promise<ClusterData> {
    const client = clients.get(cluster)!;
    const uiUrl = client.instance.frontendUrl ?? client.instance.url;
    const [argo, replicas] = await Promise.all([
      readArgo(cluster),
      options.replicas ? readReplicas(options.replicas, cluster) : undefined,
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
        ...readState(argo),
        ...(replicas
          ? { replicas: { ok: !replicas.problem, ...readState(replicas) } }
          : {}),
      },
    };
  };
}

/**
 * What the page's banner needs of a read: what failed (the reason alone), since when, and when the
 * data shown was read; the page words it as one sentence.
 */
function readState(read: LastGoodRead<unknown>) {
  return {
    ...(read.fetchedAt ? { lastSeen: read.fetchedAt } : {}),
    ...(read.problem
      ? {
          error: read.problem.reason,
          since: read.problem.since,
          ...(read.problem.kind === 'unconfirmed'
            ? { awaitingConfirmation: true }
            : {}),
        }
      : {}),
  };
}
