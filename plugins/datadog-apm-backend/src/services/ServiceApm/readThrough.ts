import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { ReadThroughCache } from '@internal/backend-read-through-cache';
import { ApmSection } from '@internal/plugin-datadog-apm-common';
import { DatadogConfigurationError } from '../DatadogClient';

interface Entry<T> {
  value: T;
  fetchedAt: string;
}

/**
 * Read-through of Datadog answers (`ReadThroughCache`: shared cache plus request coalescing)
 * with a memory of the last good answer. The last good answer is kept under a key without
 * the time bucket and served, marked stale, when a load fails; a failure is remembered for a few
 * seconds so a failing Datadog is not asked again by every viewer.
 */
export class ReadThrough {
  private readonly reads: ReadThroughCache;
  private readonly failures = new Map<
    string,
    { error: Error; until: number }
  >();

  constructor(
    private readonly options: {
      cache: CacheService;
      ttlMs: number;
      lastGoodTtlMs: number;
      failureMemoMs: number;
      now?: () => number;
    },
  ) {
    this.reads = new ReadThroughCache(options.cache);
  }

  private now() {
    return (this.options.now ?? Date.now)();
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
  ): Promise<ApmSection<T>> {
    try {
      const entry = await this.get(key, lastGoodKey, load, ttlMs);
      return { data: entry.value, fetchedAt: entry.fetchedAt };
    } catch (error) {
      if (error instanceof DatadogConfigurationError) throw error;
      const reason = (error as Error).message;
      const last = (await this.options.cache
        .get(`lastgood:${lastGoodKey}`)
        .catch(() => undefined)) as Entry<T> | undefined;
      if (last) {
        return {
          data: last.value,
          fetchedAt: last.fetchedAt,
          stale: { reason },
        };
      }
      return { error: reason };
    }
  }

  private async get<T>(
    key: string,
    lastGoodKey: string,
    load: () => Promise<T>,
    ttlMs: number,
  ): Promise<Entry<T>> {
    return this.reads.get(key, ttlMs, async () => {
      const failed = this.failures.get(key);
      if (failed && failed.until > this.now()) throw failed.error;
      let value: T;
      try {
        value = await load();
      } catch (error) {
        this.failures.set(key, {
          error: error as Error,
          until: this.now() + this.options.failureMemoMs,
        });
        throw error;
      }
      this.failures.delete(key);
      const entry: Entry<T> = {
        value,
        fetchedAt: new Date(this.now()).toISOString(),
      };
      await this.options.cache
        .set(`lastgood:${lastGoodKey}`, entry as unknown as JsonValue, {
          ttl: this.options.lastGoodTtlMs,
        })
        .catch(() => {});
      return entry;
    });
  }
}
