import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { ApmSection } from '@internal/plugin-datadog-apm-common';
import { DatadogConfigurationError } from '../DatadogClient';

interface Entry<T> {
  value: T;
  fetchedAt: string;
}

/**
 * Read-through of Datadog answers in `coreServices.cache` (memory locally, Redis/Valkey in
 * production so replicas share it) with request coalescing: while one load for a key runs,
 * every other caller for that key waits for it. The last good answer is kept under a key without
 * the time bucket and served, marked stale, when a load fails; a failure is remembered for a few
 * seconds so a failing Datadog is not asked again by every viewer.
 */
export class ReadThrough {
  private readonly inFlight = new Map<string, Promise<Entry<unknown>>>();
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
  ) {}

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
      const entry = (await this.get(key, lastGoodKey, load, ttlMs)) as Entry<T>;
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
  ): Promise<Entry<unknown>> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const failed = this.failures.get(key);
    if (failed && failed.until > this.now()) throw failed.error;
    const promise = (async () => {
      const cached = (await this.options.cache
        .get(key)
        .catch(() => undefined)) as Entry<T> | undefined;
      if (cached !== undefined) return cached;
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
      const json = entry as unknown as JsonValue;
      await Promise.all([
        this.options.cache.set(key, json, { ttl: ttlMs }).catch(() => {}),
        this.options.cache
          .set(`lastgood:${lastGoodKey}`, json, {
            ttl: this.options.lastGoodTtlMs,
          })
          .catch(() => {}),
      ]);
      return entry;
    })();
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
