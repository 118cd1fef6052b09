import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** Why an answer is not served: it failed, or a validator rejected it. @public */
export interface Rejection {
  /** In words for the page: "answered 200 without items (had 24 applications)". */
  reason: string;
  /**
   * A suspicious but possible answer (a sudden large drop): it replaces the last good value only
   * when the next answer is suspicious too (confirmed by a second consecutive answer).
   */
  needsConfirmation?: boolean;
}

/** What went wrong with the current answer, served alongside the last good value. @public */
export interface ReadProblem {
  /** `failed`: the load threw; `rejected`: the validator refused the answer; `unconfirmed`: a suspicious answer waits for a second one. */
  kind: 'failed' | 'rejected' | 'unconfirmed';
  reason: string;
  /** ISO time the current run of failed or rejected answers began. */
  since: string;
}

/** The answer of `ReadThroughCache.read`. @public */
export interface LastGoodRead<T> {
  /** The fresh value, or the last good one when `problem` is set; absent when there never was one. */
  value?: T;
  /** ISO time `value` was loaded. */
  fetchedAt?: string;
  /** Set when `value` is the last good one (stale) or missing. */
  problem?: ReadProblem;
}

/** Options of `ReadThroughCache.read`. @public */
export interface LastGoodOptions<T> {
  /** How long a good answer is served before the upstream is asked again. */
  ttlMs: number;
  /** How long the last good value is kept to stand in for failed or rejected answers. */
  lastGoodTtlMs: number;
  /** Key of the thing the answer is about, when `key` also names a time bucket (default `key`). */
  lastGoodKey?: string;
  /** How long a failed or rejected answer is served before the upstream is asked again (default min(ttlMs, 10 s)). */
  retryMs?: number;
  /** Judges a successful answer against the last good value; `undefined` accepts it. */
  validate?: (value: T, lastGood: T | undefined) => Rejection | undefined;
  /** Errors that are the caller's to handle (a wrong configuration): thrown, never hidden behind old data. */
  rethrow?: (error: unknown) => boolean;
}

/** Default of `ReadThroughCache`'s `localMs`. */
const DEFAULT_LOCAL_MS = 2_000;
/** Keys remembered in this process at most (the shared store keeps the rest). */
const MAX_LOCAL_KEYS = 2_000;

interface Envelope<T> {
  value?: T;
  fetchedAt?: string;
  problem?: ReadProblem;
}

interface ProblemState {
  since: string;
  /** A suspicious answer arrived and waits for confirmation. */
  pending?: boolean;
}

/** Describes a sudden large drop of a count, or `undefined` when there is none. @public */
export function largeDrop(
  previous: number,
  current: number,
  options: { fraction?: number; minPrevious?: number } = {},
): string | undefined {
  const fraction = options.fraction ?? 0.5;
  const minPrevious = options.minPrevious ?? 4;
  if (previous < minPrevious || current >= previous) return undefined;
  const lost = (previous - current) / previous;
  if (lost < fraction) return undefined;
  return `${Math.round(
    lost * 100,
  )} % fewer than the last good answer (${current} instead of ${previous})`;
}

/**
 * Read-through cache with request coalescing: while a value for a key is being loaded, every
 * other caller for that key waits for the same load instead of starting its own, so fifty
 * viewers of one page cost one upstream call. Values live in `coreServices.cache` (memory
 * locally, Redis/Valkey in production so replicas share them). A failed load is not cached.
 * A cache that is down only costs the caching: loads still run.
 *
 * `read` adds last-good semantics: a failed load, or an answer the caller's validator rejects
 * (200 without its list, a sudden large drop), is answered with the last good value and what is
 * wrong since when. The last good value and the problem's start live in the same cache store
 * under `lastgood:` keys with their own TTL, so memory stays bounded and replicas agree.
 */
export class ReadThroughCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /**
   * What this process read or wrote last per key, for `localMs`: the shared store serializes, so
   * every hit there parses the value again (`@keyv/serialize`'s JSON.parse with a reviver: most of
   * a cached request's CPU for a 100 kB answer); within a second or two the same key answers from here.
   */
  private readonly local = new Map<string, { until: number; value: unknown }>();
  private readonly localMs: number;
  private readonly now: () => number;

  constructor(
    private readonly cache: CacheService,
    private readonly options: {
      logger?: LoggerService;
      /** How long a value is reused in this process without asking the store (default 2 s, 0 off). */
      localMs?: number;
      now?: () => number;
    } = {},
  ) {
    this.localMs = options.localMs ?? DEFAULT_LOCAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** The cached value for `key`, else `load()`'s (cached for `ttlMs`); a failed load throws. */
  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const memo = this.fromLocal<T>(key);
    if (memo !== undefined) return memo;
    return this.coalesce(key, async () => {
      const cached = await this.cache.get(key).catch(() => undefined);
      if (cached !== undefined) return this.toLocal(key, cached as T, ttlMs);
      const value = await load();
      await this.put(key, value, ttlMs);
      return value;
    });
  }

  /**
   * The fresh value for `key`, or the last good one with the problem when the load fails or the
   * validator rejects its answer. Never throws for a failed load (unless `rethrow` says so).
   */
  async read<T>(
    key: string,
    options: LastGoodOptions<T>,
    load: () => Promise<T>,
  ): Promise<LastGoodRead<T>> {
    const memo = this.fromLocal<Envelope<T>>(`read:${key}`);
    if (memo !== undefined) return memo;
    return this.coalesce(`read:${key}`, async () => {
      const cached = (await this.cache
        .get(`read:${key}`)
        .catch(() => undefined)) as Envelope<T> | undefined;
      if (cached !== undefined) {
        const ttl = cached.problem
          ? options.retryMs ?? Math.min(options.ttlMs, 10_000)
          : options.ttlMs;
        return this.toLocal(`read:${key}`, cached, ttl);
      }
      return this.loadAndJudge(key, options, load);
    });
  }

  private async loadAndJudge<T>(
    key: string,
    options: LastGoodOptions<T>,
    load: () => Promise<T>,
  ): Promise<LastGoodRead<T>> {
    const lgk = options.lastGoodKey ?? key;
    const [lastGood, state] = (await Promise.all([
      this.cache.get(`lastgood:${lgk}`).catch(() => undefined),
      this.cache.get(`lastgood-state:${lgk}`).catch(() => undefined),
    ])) as [Envelope<T> | undefined, ProblemState | undefined];
    const now = new Date().toISOString();

    let problem: Omit<ReadProblem, 'since'> | undefined;
    let value: T | undefined;
    try {
      value = await load();
    } catch (error) {
      if (options.rethrow?.(error)) throw error;
      problem = {
        kind: 'failed',
        reason: (error as Error)?.message ?? String(error),
      };
    }
    let pending = state?.pending ?? false;
    if (!problem) {
      const rejection = options.validate?.(value as T, lastGood?.value);
      if (rejection && rejection.needsConfirmation && pending) {
        this.options.logger?.warn(
          `Confirmed by a second answer, replacing the last good value of ${lgk}: ${rejection.reason}`,
        );
      } else if (rejection) {
        pending = !!rejection.needsConfirmation;
        problem = {
          kind: pending ? 'unconfirmed' : 'rejected',
          reason: rejection.reason,
        };
      }
    }

    if (!problem) {
      const fresh: Envelope<T> = { value, fetchedAt: now };
      if (state) {
        this.options.logger?.info(
          `${lgk} answers well again (problem since ${state.since})`,
        );
      }
      await Promise.all([
        this.put(`lastgood:${lgk}`, fresh, options.lastGoodTtlMs),
        state
          ? this.cache.delete(`lastgood-state:${lgk}`).catch(() => {})
          : undefined,
        this.put(`read:${key}`, fresh, options.ttlMs),
      ]);
      return fresh;
    }

    const since = state?.since ?? now;
    if (!state) {
      this.options.logger?.warn(
        `${lgk}: ${problem.reason}; serving the last good value`,
      );
    }
    const answer: Envelope<T> = {
      ...(lastGood?.value !== undefined
        ? { value: lastGood.value, fetchedAt: lastGood.fetchedAt }
        : {}),
      problem: { ...problem, since },
    };
    const retryMs = options.retryMs ?? Math.min(options.ttlMs, 10_000);
    await Promise.all([
      this.put(
        `lastgood-state:${lgk}`,
        { since, ...(pending ? { pending } : {}) },
        options.lastGoodTtlMs,
      ),
      this.put(`read:${key}`, answer, retryMs),
    ]);
    return answer;
  }

  /** A TTL of 0 or less stores nothing (a store would read it as "never expires"). */
  private async put(key: string, value: unknown, ttl: number) {
    if (!(ttl > 0)) return;
    // Last good values are read only when a load fails: not worth a place in this process.
    if (!key.startsWith('lastgood')) this.toLocal(key, value, ttl);
    await this.cache.set(key, value as JsonValue, { ttl }).catch(() => {});
  }

  private fromLocal<T>(key: string): T | undefined {
    const hit = this.local.get(key);
    if (!hit) return undefined;
    if (hit.until > this.now()) return hit.value as T;
    this.local.delete(key);
    return undefined;
  }

  /** Remembers `value` for at most `localMs` (never past its own TTL); returns it. */
  private toLocal<T>(key: string, value: T, ttl: number): T {
    const ms = Math.min(this.localMs, ttl);
    if (!(ms > 0)) return value;
    if (this.local.size >= MAX_LOCAL_KEYS) {
      // Oldest first (insertion order): a full map drops what was read longest ago.
      this.local.delete(this.local.keys().next().value!);
    }
    this.local.delete(key);
    this.local.set(key, { until: this.now() + ms, value });
    return value;
  }

  private async coalesce<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = fn();
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
