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
  ) {}

  /** The value built less than `ttlMs` ago, else the one being built (building it if none is). */
  get(): Promise<T> {
    const current = this.current;
    if (current && this.now() - current.builtAt < this.ttlMs) {
      return Promise.resolve(current.value);
    }
    if (!this.building) {
      const building = this.build().then(value => {
        this.current = { value, builtAt: this.now() };
        return value;
      });
      this.building = building;
      const clear = () => {
        if (this.building === building) this.building = undefined;
      };
      building.then(clear, clear);
    }
    return this.building;
  }
}
