import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * Read-through cache with request coalescing: while a value for a key is being loaded, every
 * other caller for that key waits for the same load instead of starting its own, so fifty
 * viewers of one page cost one upstream call. Values live in `coreServices.cache` (memory
 * locally, Redis/Valkey in production so replicas share them). A failed load is not cached.
 * A cache that is down only costs the caching: loads still run.
 */
export class ReadThroughCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly cache: CacheService) {}

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = (async () => {
      const cached = await this.cache.get(key).catch(() => undefined);
      if (cached !== undefined) return cached as T;
      const value = await load();
      await this.cache
        .set(key, value as unknown as JsonValue, { ttl: ttlMs })
        .catch(() => {});
      return value;
    })();
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
