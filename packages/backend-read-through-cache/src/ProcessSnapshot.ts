/**
 * One value built in this process at most once per `ttlMs`, shared by reference by every caller:
 * while it is being built every caller waits for that one build; a failed build is not kept (the
 * next caller builds again). Unlike `ReadThroughCache.get`, nothing is serialized: a caller gets
 * the built object itself (treat it as read-only), so serving it costs no copy. Use it for what is
 * derived from cached upstream reads (a board assembled from each cluster's last good read): each
 * replica derives its own, the upstream reads stay shared in the cache.
 *
 * @public
 */
export class ProcessSnapshot<T> {
  private current?: { value: T; builtAt: number };
  private building?: Promise<T>;

  constructor(
    private readonly ttlMs: number,
    private readonly build: () => Promise<T>,
    private readonly now: () => number = Date.now,
    private readonly options: {
      /**
       * Once a value exists, a caller waits at most this long for the next build and then gets
       * the previous value (the build goes on; the next caller gets its result): a slow build
       * (slow upstreams, a busy server) stalls no request, and a failed one leaves the last value
       * in place (`onBuildError` hears of it). Unset: every caller waits for the build.
       */
      maxWaitMs?: number;
      onBuildError?: (error: unknown) => void;
    } = {},
  ) {}

  /** The value built less than `ttlMs` ago, else the one being built (building it if none is). */
  get(): Promise<T> {
    const current = this.current;
    if (current && this.now() - current.builtAt < this.ttlMs) {
      return Promise.resolve(current.value);
    }
    const building = this.startBuild();
    const { maxWaitMs } = this.options;
    if (!current || maxWaitMs === undefined) return building;
    return new Promise<T>(resolve => {
      const timer = setTimeout(() => resolve(current.value), maxWaitMs);
      timer.unref?.();
      building.then(
        value => {
          clearTimeout(timer);
          resolve(value);
        },
        () => {
          clearTimeout(timer);
          resolve(current.value);
        },
      );
    });
  }

  private startBuild(): Promise<T> {
    if (!this.building) {
      const building = this.build().then(
        value => {
          this.current = { value, builtAt: this.now() };
          return value;
        },
        error => {
          this.options.onBuildError?.(error);
          throw error;
        },
      );
      this.building = building;
      const clear = () => {
        if (this.building === building) this.building = undefined;
      };
      building.then(clear, clear);
    }
    return this.building;
  }
}

/**
 * A `ProcessSnapshot` per key (bounded: the oldest key goes first past `maxKeys`): one build per
 * key per `ttlMs` in this process, shared by every caller asking for that key meanwhile.
 *
 * @public
 */
export class ProcessSnapshots<T> {
  private readonly snapshots = new Map<string, ProcessSnapshot<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, build: () => Promise<T>): Promise<T> {
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      if (this.snapshots.size >= this.maxKeys) {
        this.snapshots.delete(this.snapshots.keys().next().value!);
      }
      snapshot = new ProcessSnapshot(this.ttlMs, build, this.now);
      this.snapshots.set(key, snapshot);
    }
    return snapshot.get();
  }
}
