import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * Read-through cache with request coalescing (the same shape as the deployments board's): while a
 * value loads, other callers for the key wait for that load. Values live in `coreServices.cache`.
 */
export class Coalescer {
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
