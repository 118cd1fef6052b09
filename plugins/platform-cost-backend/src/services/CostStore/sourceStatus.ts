import { CostSourceProblem } from '@internal/plugin-platform-cost-common';
import { Knex } from 'knex';
import { TABLES } from './tables';

/** Which source of which cluster a status row is about. */
export interface SourceKey {
  /** Stable id, e.g. `costexplorer:prod:spot-rates`. */
  key: string;
  /** In words, as the page names it: `Cost Explorer (prod)`. */
  source: string;
  cluster: string;
}

const iso = (ms: unknown) =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

/**
 * The last read of each source a run reads besides the hour's inventory: a good answer (and what
 * to keep of it, e.g. the spot rates) or the problem since when. Survives restarts and is shared
 * by replicas, like the figures it explains.
 */
export function createSourceStatus(db: Knex, now: () => number) {
  return {
    /** What the last good answer left (`undefined` if none), and when. */
    async lastGood<T>(
      key: string,
    ): Promise<{ value: T; at: number } | undefined> {
      const row = await db(TABLES.sourceStatus).where({ key }).first();
      if (!row?.last_good || row.ok_at === null) return undefined;
      return { value: JSON.parse(row.last_good) as T, at: Number(row.ok_at) };
    },

    /** A good answer: the problem, if any, is over. */
    async ok(k: SourceKey, lastGood?: unknown) {
      const row = {
        ...k,
        ok_at: now(),
        error: null,
        error_since: null,
        consequence: null,
        ...(lastGood === undefined
          ? {}
          : { last_good: JSON.stringify(lastGood) }),
      };
      await db(TABLES.sourceStatus).insert(row).onConflict('key').merge();
    },

    /** A failed read: the error now, since the first failure of this streak. */
    async failed(k: SourceKey, error: string, consequence: string) {
      const at = now();
      await db(TABLES.sourceStatus)
        .insert({ ...k, error, error_since: at, consequence })
        .onConflict('key')
        .merge({
          source: k.source,
          cluster: k.cluster,
          error,
          consequence,
          error_since: db.raw(`COALESCE(??, ?)`, [
            `${TABLES.sourceStatus}.error_since`,
            at,
          ]),
        });
    },

    /** The sources of these clusters failing now, oldest problem first. */
    async problems(clusters: string[]): Promise<CostSourceProblem[]> {
      const rows = await db(TABLES.sourceStatus)
        .whereIn('cluster', clusters)
        .whereNotNull('error')
        .orderBy([{ column: 'error_since' }, { column: 'key' }]);
      return rows.map(r => ({
        source: r.source,
        cluster: r.cluster,
        problem: r.error,
        since: iso(r.error_since)!,
        lastGoodAt: iso(r.ok_at),
        consequence: r.consequence ?? '',
      }));
    },
  };
}

export type SourceStatus = ReturnType<typeof createSourceStatus>;
