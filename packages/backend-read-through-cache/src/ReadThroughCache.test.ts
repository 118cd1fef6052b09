import { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { ReadThroughCache } from './ReadThroughCache';

function memoryCache(): CacheService {
  return CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('test');
}

/** A Valkey/Redis server for the production cache path; scripts/test.sh starts a throwaway one. */
const VALKEY_URL = process.env.PIER_TEST_VALKEY_URL;
const describeWithValkey = VALKEY_URL ? describe : describe.skip;

function countingLoad<T>(value: T, delayMs = 20) {
  const load = async () => {
    load.calls += 1;
    await new Promise(resolve => setTimeout(resolve, delayMs));
    return value;
  };
  load.calls = 0;
  return load;
}

describe('ReadThroughCache', () => {
  it('answers a hot key from this process for a moment instead of parsing the store again, and sees a value another replica wrote after that', async () => {
    const store = memoryCache();
    let gets = 0;
    const counted: CacheService = {
      ...store,
      get: async key => {
        gets++;
        return store.get(key);
      },
      withOptions: store.withOptions,
    };
    let t = 1_000_000;
    const reads = new ReadThroughCache(counted, { now: () => t });
    const options = { ttlMs: 60_000, lastGoodTtlMs: 3_600_000 };
    await store.set('read:stats', { value: { p95: 1 }, fetchedAt: 'x' });
    for (let i = 0; i < 50; i++) {
      expect(
        (await reads.read('stats', options, countingLoad({}))).value,
      ).toEqual({ p95: 1 });
    }
    expect(gets).toBe(1);
    // Another replica refreshes the shared value; this process sees it once its moment is over.
    await store.set('read:stats', { value: { p95: 2 }, fetchedAt: 'y' });
    t += 2_500;
    expect(
      (await reads.read('stats', options, countingLoad({}))).value,
    ).toEqual({ p95: 2 });
    expect(gets).toBe(2);
  });

  it('gives 50 concurrent callers for one key a single upstream load', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = countingLoad({ rows: [1, 2, 3] });

    const results = await Promise.all(
      Array.from({ length: 50 }, () => reads.get('board', 60_000, load)),
    );

    expect(load.calls).toBe(1);
    expect(new Set(results.map(r => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ rows: [1, 2, 3] })]),
    );
  });

  it('serves the cached value until its TTL ends, then loads again', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = countingLoad('v', 0);

    await reads.get('k', 100, load);
    await reads.get('k', 100, load);
    expect(load.calls).toBe(1);

    await new Promise(resolve => setTimeout(resolve, 150));
    await reads.get('k', 100, load);
    expect(load.calls).toBe(2);
  });

  it('keeps keys apart', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const [a, b] = await Promise.all([
      reads.get('a', 60_000, async () => 'from a'),
      reads.get('b', 60_000, async () => 'from b'),
    ]);
    expect([a, b]).toEqual(['from a', 'from b']);
  });

  it('rejects every waiter of a failed load and does not cache the failure', async () => {
    const reads = new ReadThroughCache(memoryCache());
    let attempt = 0;
    const load = async () => {
      attempt += 1;
      await new Promise(resolve => setTimeout(resolve, 10));
      if (attempt === 1) throw new Error('upstream returned 503');
      return 'recovered';
    };

    const first = await Promise.allSettled([
      reads.get('k', 60_000, load),
      reads.get('k', 60_000, load),
    ]);
    expect(first.map(r => r.status)).toEqual(['rejected', 'rejected']);
    expect(attempt).toBe(1);

    await expect(reads.get('k', 60_000, load)).resolves.toBe('recovered');
  });

  it('still answers when the cache store is unreachable', async () => {
    const down: CacheService = {
      get: async () => {
        throw new Error('ECONNREFUSED 127.0.0.1:6379');
      },
      set: async () => {
        throw new Error('ECONNREFUSED 127.0.0.1:6379');
      },
      delete: async () => {},
      withOptions: () => down,
    };
    const reads = new ReadThroughCache(down);
    await expect(reads.get('k', 60_000, async () => 42)).resolves.toBe(42);
  });
});

describeWithValkey('ReadThroughCache on Valkey', () => {
  it('lets two replicas share one answer through Valkey, as in production', async () => {
    const replica = () =>
      new ReadThroughCache(
        CacheManager.fromConfig(
          new ConfigReader({
            backend: { cache: { store: 'valkey', connection: VALKEY_URL } },
          }),
        ).forPlugin('read-through-cache-test'),
      );
    const [a, b] = [replica(), replica()];
    const key = `board:${Date.now()}:${Math.random()}`;
    const loadOnA = countingLoad({ synced: 3, outOfSync: 1 }, 0);
    const loadOnB = countingLoad({ synced: 0, outOfSync: 0 }, 0);

    expect(await a.get(key, 60_000, loadOnA)).toEqual({
      synced: 3,
      outOfSync: 1,
    });
    expect(await b.get(key, 60_000, loadOnB)).toEqual({
      synced: 3,
      outOfSync: 1,
    });
    expect([loadOnA.calls, loadOnB.calls]).toEqual([1, 0]);
  });
});
