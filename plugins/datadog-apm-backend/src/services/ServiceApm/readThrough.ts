import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ReadThroughCache,
  Rejection,
} from '@internal/backend-read-through-cache';
import { ApmSection } from '@internal/plugin-datadog-apm-common';
import { DatadogConfigurationError } from '@internal/backend-datadog';

/**
 * Read-through of Datadog answers (`ReadThroughCache.read`: shared cache, request coalescing and
 * the last good answer). The last good answer is kept under a key without the time bucket and
 * served, marked stale with the reason and since when, when a load fails or its answer is not
 * trusted (`validate`); a bad answer is served for a few seconds so a failing Datadog is not asked
 * again by every viewer. Wrong keys are thrown: they are one message for the whole card.
 */
export class ReadThrough {
  private readonly reads: ReadThroughCache;

  constructor(
    private readonly options: {
      cache: CacheService;
      ttlMs: number;
      lastGoodTtlMs: number;
      failureMemoMs: number;
      logger?: LoggerService;
    },
  ) {
    this.reads = new ReadThroughCache(options.cache, {
      logger: options.logger,
    });
  }

  /**
   * `key` identifies one upstream answer (query + time bucket); `lastGoodKey` the thing it is an
   * answer about (e.g. service + range), whose previous answer may stand in for it.
   */
  async section<T>(
    key: string,
    lastGoodKey: string,
    load: () => Promise<T>,
    ttlMs = this.options.ttlMs,
    validate?: (fresh: T, lastGood: T | undefined) => Rejection | undefined,
  ): Promise<ApmSection<T>> {
    const result = await this.reads.read(
      key,
      {
        ttlMs,
        lastGoodKey,
        lastGoodTtlMs: this.options.lastGoodTtlMs,
        retryMs: this.options.failureMemoMs,
        validate,
        rethrow: error => error instanceof DatadogConfigurationError,
      },
      load,
    );
    const { problem } = result;
    if (!problem) return { data: result.value, fetchedAt: result.fetchedAt };
    if (result.value === undefined) {
      return { error: problem.reason, errorSince: problem.since };
    }
    return {
      data: result.value,
      fetchedAt: result.fetchedAt,
      stale: {
        reason: problem.reason,
        since: problem.since,
        ...(problem.kind === 'unconfirmed'
          ? { awaitingConfirmation: true }
          : {}),
      },
    };
  }
}
