import { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import {
  LastGoodOptions,
  ReadThroughCache,
  largeDrop,
} from './ReadThroughCache';

function memoryCache(): CacheService {
  return CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('test');
}

interface Apps {
  items?: string[];
}

/** The validator a caller like the deployments board writes: a list is required, a drop confirmed. */
const options: LastGoodOptions<Apps> = {
  ttlMs: 0,
  retryMs: 0,
  lastGoodTtlMs: 60_000,
  validate: (answer, lastGood) => {
    if (!Array.isArray(answer.items)) {
      return { reason: 'answered 200 without items' };
    }
    const drop = largeDrop(lastGood?.items?.length ?? 0, answer.items.length);
    return drop ? { reason: drop, needsConfirmation: true } : undefined;
  },
};

const apps = (n: number): Apps => ({
  items: Array.from({ length: n }, (_, i) => `app-${i}`),
});

/** An upstream whose next answers are scripted: a value, or an Error to throw. */
function scripted(...answers: Array<Apps | Error>) {
  const load = async () => {
    load.calls += 1;
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next!;
  };
  load.calls = 0;
  return load;
}

describe('ReadThroughCache.read (last good)', () => {
  it('serves the fresh value when the answer is good', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const result = await reads.read('apps', options, scripted(apps(20)));
    expect(result.value?.items).toHaveLength(20);
    expect(result.problem).toBeUndefined();
    expect(Date.parse(result.fetchedAt!)).not.toBeNaN();
  });

  it('keeps the last good value through a failure, with the error and since when', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = scripted(
      apps(20),
      new Error('HTTP 503 Service Unavailable'),
      new Error('HTTP 503 Service Unavailable'),
      apps(21),
    );
    const good = await reads.read('apps', options, load);
    const beforeFailure = Date.now();
    const first = await reads.read('apps', options, load);
    const second = await reads.read('apps', options, load);

    expect(first.value).toEqual(apps(20));
    expect(first.fetchedAt).toBe(good.fetchedAt);
    expect(first.problem).toMatchObject({
      kind: 'failed',
      reason: 'HTTP 503 Service Unavailable',
    });
    expect(Date.parse(first.problem!.since)).toBeGreaterThanOrEqual(
      beforeFailure - 1,
    );
    // the problem's start stays that of the first failure
    expect(second.problem!.since).toBe(first.problem!.since);

    const recovered = await reads.read('apps', options, load);
    expect(recovered.value).toEqual(apps(21));
    expect(recovered.problem).toBeUndefined();
    expect(load.calls).toBe(4);
  });

  it('rejects a 200 without its list and keeps the last good value', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = scripted(apps(24), {}, {});
    await reads.read('apps', options, load);
    const first = await reads.read('apps', options, load);
    const second = await reads.read('apps', options, load);
    expect(first.value).toEqual(apps(24));
    expect(first.problem).toMatchObject({
      kind: 'rejected',
      reason: 'answered 200 without items',
    });
    // never confirmed: a shape-less answer does not replace good data however often it comes
    expect(second.value).toEqual(apps(24));
    expect(second.problem?.kind).toBe('rejected');
  });

  it('answers with the problem and no value when nothing good was ever read', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const result = await reads.read(
      'apps',
      options,
      scripted(new Error('connect ECONNREFUSED')),
    );
    expect(result.value).toBeUndefined();
    expect(result.problem).toMatchObject({
      kind: 'failed',
      reason: 'connect ECONNREFUSED',
    });
  });

  it('replaces good data with a large drop only when a second consecutive answer confirms it', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = scripted(apps(20), apps(2), apps(2));
    await reads.read('apps', options, load);
    const first = await reads.read('apps', options, load);
    expect(first.value).toEqual(apps(20));
    expect(first.problem).toMatchObject({
      kind: 'unconfirmed',
      reason: '90 % fewer than the last good answer (2 instead of 20)',
    });
    const second = await reads.read('apps', options, load);
    expect(second.value).toEqual(apps(2));
    expect(second.problem).toBeUndefined();
  });

  it('forgets an unconfirmed drop when a good answer comes in between', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = scripted(apps(20), apps(1), apps(20), apps(1));
    await reads.read('apps', options, load);
    await reads.read('apps', options, load);
    await reads.read('apps', options, load);
    const again = await reads.read('apps', options, load);
    expect(again.value).toEqual(apps(20));
    expect(again.problem?.kind).toBe('unconfirmed');
  });

  it('coalesces concurrent readers and remembers a failure for retryMs', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const load = scripted(apps(5), new Error('timeout'), apps(5));
    await reads.read('apps', { ...options, ttlMs: 0 }, load);
    const withRetry = { ...options, retryMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => reads.read('apps', withRetry, load)),
    );
    expect(load.calls).toBe(2);
    expect(new Set(results.map(r => r.problem?.reason))).toEqual(
      new Set(['timeout']),
    );
    await reads.read('apps', withRetry, load);
    expect(load.calls).toBe(2);
  });

  it('throws the errors the caller keeps for itself', async () => {
    const reads = new ReadThroughCache(memoryCache());
    class Misconfigured extends Error {}
    await reads.read('apps', options, scripted(apps(5)));
    await expect(
      reads.read(
        'apps',
        { ...options, rethrow: e => e instanceof Misconfigured },
        async () => {
          throw new Misconfigured('keys rejected');
        },
      ),
    ).rejects.toThrow('keys rejected');
  });

  it('keeps the last good value under lastGoodKey across time-bucketed keys', async () => {
    const reads = new ReadThroughCache(memoryCache());
    const bucketed = { ...options, lastGoodKey: 'stats:svc' };
    await reads.read('stats:svc:1000', bucketed, scripted(apps(7)));
    const next = await reads.read(
      'stats:svc:1060',
      bucketed,
      scripted(new Error('HTTP 500')),
    );
    expect(next.value).toEqual(apps(7));
    expect(next.problem?.reason).toBe('HTTP 500');
  });

  it('keeps the last good value in the cache store with its own TTL, not in the process', async () => {
    const cache = memoryCache();
    await new ReadThroughCache(cache).read('apps', options, scripted(apps(9)));
    // another replica (a new instance on the same store) serves it through a failure
    const other = await new ReadThroughCache(cache).read(
      'apps',
      options,
      scripted(new Error('ECONNRESET')),
    );
    expect(other.value).toEqual(apps(9));

    const shortLived = { ...options, lastGoodTtlMs: 50 };
    await new ReadThroughCache(cache).read('b', shortLived, scripted(apps(3)));
    await new Promise(resolve => setTimeout(resolve, 100));
    const expired = await new ReadThroughCache(cache).read(
      'b',
      shortLived,
      scripted(new Error('ECONNRESET')),
    );
    expect(expired.value).toBeUndefined();
  });
});

describe('largeDrop', () => {
  it('flags a cut of at least the given fraction from a meaningful count', () => {
    expect(largeDrop(24, 2)).toBe(
      '92 % fewer than the last good answer (2 instead of 24)',
    );
    expect(largeDrop(24, 0)).toBe(
      '100 % fewer than the last good answer (0 instead of 24)',
    );
    expect(largeDrop(24, 13)).toBeUndefined();
    expect(largeDrop(24, 30)).toBeUndefined();
    expect(largeDrop(3, 0)).toBeUndefined();
    expect(largeDrop(10, 8, { fraction: 0.2 })).toBe(
      '20 % fewer than the last good answer (8 instead of 10)',
    );
  });
});
