import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { ArgoCdClient } from '../ArgoCdClient';
import { RevisionInfo } from './types';

/** Commits never change: their metadata is kept for a week. */
const METADATA_TTL_MS = 7 * 24 * 3600_000;
const MAX_METADATA_IN_MEMORY = 50_000;

/** Commit metadata of one revision of an app, or undefined when Argo CD could not say. */
export type RevisionInfoReader = (
  client: ArgoCdClient,
  appName: string,
  sha: string,
) => Promise<RevisionInfo | undefined>;

/**
 * Commit metadata, asked of Argo CD once per SHA: kept in memory (bounded) and in the shared
 * cache for a week, concurrent asks for one SHA coalesced. A failure is not kept (asked again next pass).
 */
export function createRevisionInfoReader(options: {
  cache: CacheService;
  logger: LoggerService;
  cacheKeyPrefix: string;
}): RevisionInfoReader {
  const { cache, logger } = options;
  const metadata = new Map<string, RevisionInfo | null>();
  const inFlight = new Map<string, Promise<RevisionInfo | undefined>>();

  async function fetchInfo(
    client: ArgoCdClient,
    appName: string,
    sha: string,
  ): Promise<RevisionInfo> {
    const meta = await client.getRevisionMetadata(appName, sha);
    return meta
      ? {
          ...(meta.author ? { author: meta.author } : {}),
          ...(meta.date ? { date: meta.date } : {}),
          ...(meta.message ? { message: meta.message } : {}),
        }
      : {};
  }

  async function load(
    key: string,
    client: ArgoCdClient,
    appName: string,
    sha: string,
  ): Promise<RevisionInfo | undefined> {
    const cacheKey = `${options.cacheKeyPrefix}:revision:${key}`;
    let info = (await cache.get(cacheKey).catch(() => undefined)) as
      | RevisionInfo
      | undefined;
    if (!info) {
      try {
        info = await fetchInfo(client, appName, sha);
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
  }

  return async (client, appName, sha) => {
    const key = `${client.instance.name}:${sha}`;
    if (metadata.has(key)) return metadata.get(key) ?? undefined;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const loading = load(key, client, appName, sha);
    inFlight.set(key, loading);
    try {
      return await loading;
    } finally {
      inFlight.delete(key);
    }
  };
}
